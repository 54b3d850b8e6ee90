"""The team leader's supervision page, case settings and sensitive-case focal points."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from sanad.cases import services
from sanad.cases.forms import CaseSettingForm, FocalPointForm
from sanad.cases.selectors import (
    case_setting_list,
    focal_point_get,
    focal_point_list,
    supervised_teams,
    supervision_summary,
)
from sanad.cases.views.case_page import attach_errors
from sanad.core.errors import DomainError
from sanad.core.selectors.organisation import unit_list
from sanad.core.views.base import ActionRequiredMixin


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


class _SettingPageView(ActionRequiredMixin, View):
    """A settings page: a form that saves through one service, over the list of what is set."""

    template_name: str
    success_url: str
    success_message: str

    def form(self, request, data=None):
        raise NotImplementedError

    def save(self, request, cleaned_data) -> None:
        raise NotImplementedError

    def rows(self, request) -> dict:
        raise NotImplementedError

    def get(self, request):
        return self._render(request, self.form(request))

    def post(self, request):
        form = self.form(request, request.POST)
        if form.is_valid():
            try:
                self.save(request, form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url)
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {"form": form, **self.rows(request)}, status=status)


class CaseSettingsView(_SettingPageView):
    required_action = "cases.configure"
    template_name = "cases/settings.html"
    success_url = "cases:settings"
    success_message = gettext_lazy("The setting was saved.")

    def form(self, request, data=None):
        return CaseSettingForm(data, units=unit_list(actor=request.user, action="cases.configure"))

    def save(self, request, cleaned_data):
        services.case_setting_save(actor=request.user, **cleaned_data)

    def rows(self, request):
        return {"settings_rows": case_setting_list(actor=request.user)}


class FocalPointsView(_SettingPageView):
    required_action = "cases.focal_points"
    template_name = "cases/focal_points.html"
    success_url = "cases:focal_points"
    success_message = gettext_lazy("The focal point was named.")

    def form(self, request, data=None):
        from sanad.core.selectors.users import user_list

        return FocalPointForm(
            data,
            units=unit_list(actor=request.user, action="cases.focal_points"),
            users=user_list(actor=request.user, action="users.view").filter(
                sensitive_access=True, is_active=True
            ),
        )

    def save(self, request, cleaned_data):
        services.focal_point_assign(actor=request.user, **cleaned_data)

    def rows(self, request):
        return {"focal_points": focal_point_list(actor=request.user)}


class FocalPointRemoveView(ActionRequiredMixin, View):
    required_action = "cases.focal_points"

    def post(self, request, uuid):
        services.focal_point_remove(
            actor=request.user, focal_point=focal_point_get(actor=request.user, uuid=uuid)
        )
        messages.success(request, _("The focal point was removed."))
        return redirect("cases:focal_points")
