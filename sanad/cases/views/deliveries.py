"""Services delivered to a person: the list and the recording page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from sanad.cases import services
from sanad.cases.filters import ServiceFilterSet
from sanad.cases.forms import ServiceForm
from sanad.cases.selectors import (
    case_get,
    service_list,
)
from sanad.cases.views.case_page import attach_errors
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.geo.selectors import site_list
from sanad.registry.selectors import person_get


class ServiceListView(ScopedListView):
    required_action = "services.view"
    filterset_class = ServiceFilterSet
    template_name = "cases/service_list.html"

    def get_items(self, data):
        return service_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        return {**context, "can_record": has_permission(self.request.user, "services.record")}


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
