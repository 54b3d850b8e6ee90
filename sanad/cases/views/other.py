"""Services delivered, the team leader's supervision page, case settings and focal points."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from sanad.cases import services
from sanad.cases.forms import CaseSettingForm, FocalPointForm, ServiceFilterForm, ServiceForm
from sanad.cases.selectors import (
    ServiceFilters,
    case_get,
    case_setting_list,
    focal_point_get,
    focal_point_list,
    service_list,
    supervised_teams,
    supervision_summary,
)
from sanad.cases.views.common import attach_errors, paginate
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission
from sanad.core.selectors.organisation import unit_list
from sanad.core.views.base import ActionRequiredMixin, query_string_without_page
from sanad.geo.selectors import site_list
from sanad.registry.selectors import person_get


class ServiceListView(ActionRequiredMixin, View):
    required_action = "services.view"

    def get(self, request):
        form = ServiceFilterForm(request.GET or None)
        filters = ServiceFilters()
        if form.is_bound and form.is_valid():
            filters = ServiceFilters(**form.cleaned_data)
        return render(
            request,
            "cases/service_list.html",
            {
                "form": form,
                "page_obj": paginate(request, service_list(actor=request.user, filters=filters)),
                "query_string": query_string_without_page(request),
                "can_record": has_permission(request.user, "services.record"),
            },
        )


class ServiceRecordView(ActionRequiredMixin, View):
    """Record a service to a person (``?person=<uuid>``) or within a case (``?case=<uuid>``)."""

    required_action = "services.record"

    def _target(self, request, source):
        case = None
        if source.get("case"):
            # Whether the actor may work on it is service_record's rule (403), as for the API.
            case = case_get(actor=request.user, uuid=source["case"], log_read=False)
            return case.person, case
        if source.get("person"):
            return person_get(actor=request.user, uuid=source["person"]), None
        raise Http404

    def _form(self, request, data=None):
        return ServiceForm(data, sites=site_list(actor=request.user))

    def get(self, request):
        person, case = self._target(request, request.GET)
        return self._render(request, self._form(request), person, case)

    def post(self, request):
        person, case = self._target(request, request.POST)
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.service_record(
                    actor=request.user,
                    person=person,
                    case=case,
                    service_type=data["service_type"],
                    delivered_at=data["delivered_at"],
                    modality=data["modality"],
                    duration_minutes=data["duration_minutes"],
                    site=data["site"],
                    admin_unit=data["site"].admin_unit if data["site"] else None,
                    notes=data["notes"],
                    sensitive=data["sensitive"],
                    idempotency_key=data["idempotency_key"],
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The service was recorded."))
                if case is not None:
                    return redirect("cases:detail", uuid=case.uuid)
                return redirect("registry:person_detail", uuid=person.uuid)
        return self._render(request, form, person, case, status=400)

    def _render(self, request, form, person, case, status=200):
        return render(
            request,
            "cases/service_record.html",
            {"form": form, "person": person, "case": case},
            status=status,
        )


class SupervisionView(ActionRequiredMixin, View):
    required_action = "cases.supervise"

    def get(self, request):
        teams = list(supervised_teams(actor=request.user))
        team = teams[0] if teams else None
        wanted = request.GET.get("team")
        if wanted:
            team = next((t for t in teams if str(t.uuid) == wanted), None)
            if team is None:
                raise Http404
        summary = supervision_summary(actor=request.user, team=team) if team is not None else None
        return render(request, "cases/supervision.html", {"teams": teams, "team": team, "summary": summary})


class CaseSettingsView(ActionRequiredMixin, View):
    required_action = "cases.configure"

    def _form(self, request, data=None):
        return CaseSettingForm(data, units=unit_list(actor=request.user, action="cases.configure"))

    def get(self, request):
        return self._render(request, self._form(request))

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.case_setting_save(actor=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The setting was saved."))
                return redirect("cases:settings")
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(
            request,
            "cases/settings.html",
            {"form": form, "settings_rows": case_setting_list(actor=request.user)},
            status=status,
        )


class FocalPointsView(ActionRequiredMixin, View):
    required_action = "cases.focal_points"

    def _form(self, request, data=None):
        from sanad.core.selectors.users import user_list

        return FocalPointForm(
            data,
            units=unit_list(actor=request.user, action="cases.focal_points"),
            users=user_list(actor=request.user, action="users.view").filter(
                sensitive_access=True, is_active=True
            ),
        )

    def get(self, request):
        return self._render(request, self._form(request))

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                services.focal_point_assign(actor=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The focal point was named."))
                return redirect("cases:focal_points")
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(
            request,
            "cases/focal_points.html",
            {"form": form, "focal_points": focal_point_list(actor=request.user)},
            status=status,
        )


class FocalPointRemoveView(ActionRequiredMixin, View):
    required_action = "cases.focal_points"

    def post(self, request, uuid):
        services.focal_point_remove(
            actor=request.user, focal_point=focal_point_get(actor=request.user, uuid=uuid)
        )
        messages.success(request, _("The focal point was removed."))
        return redirect("cases:focal_points")
