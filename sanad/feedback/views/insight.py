"""The helpline dashboard and the configuration pages (scripts, SLAs, focal points)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.bidi import sentence
from sanad.core.errors import DomainError
from sanad.core.views.base import ActionRequiredMixin
from sanad.feedback.dashboard import ticket_dashboard
from sanad.feedback.forms import FocalPointForm, ScriptForm, SlaRuleForm
from sanad.feedback.models import Category
from sanad.feedback.scripts import script_for
from sanad.feedback.selectors import (
    call_script_overrides,
    focal_point_gaps,
    focal_point_get,
    focal_point_list,
    focal_point_user_choices,
    sla_rule_get,
    sla_rule_list,
)
from sanad.feedback.services import (
    call_script_save,
    focal_point_add,
    focal_point_remove,
    sla_rule_delete,
    sla_rule_save,
)
from sanad.feedback.sla import sla_table
from sanad.feedback.views.ticket_access import attach_errors

DEFAULT_WEEKS = 12


class DashboardView(ActionRequiredMixin, View):
    required_action = "tickets.dashboard"

    def get(self, request):
        today = timezone.localdate()
        until = parse_date(request.GET.get("until", "") or "") or today
        since = parse_date(request.GET.get("since", "") or "") or until - datetime.timedelta(
            weeks=DEFAULT_WEEKS
        )
        if since > until:
            since, until = until, since
        context = ticket_dashboard(actor=request.user, since=since, until=until)
        return render(request, "feedback/dashboard.html", context)


class ScriptListView(ActionRequiredMixin, View):
    required_action = "tickets.configure"

    def get(self, request):
        overrides = call_script_overrides()
        rows = [
            {
                "category": category,
                "languages": [
                    {"code": code, "name": name, "edited": (category.value, code) in overrides}
                    for code, name in settings.LANGUAGES
                ],
            }
            for category in Category
        ]
        return render(request, "feedback/script_list.html", {"rows": rows})


class ScriptEditView(ActionRequiredMixin, View):
    required_action = "tickets.configure"

    def _check(self, category, language):
        if category not in Category.values or language not in dict(settings.LANGUAGES):
            raise Http404

    def get(self, request, category, language):
        self._check(category, language)
        form = ScriptForm(initial={"text": script_for(category=category, language=language)})
        return self._render(request, form, category, language)

    def post(self, request, category, language):
        self._check(category, language)
        form = ScriptForm(request.POST)
        if form.is_valid():
            try:
                call_script_save(
                    actor=request.user, category=category, language=language, text=form.cleaned_data["text"]
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The script was saved."))
                return redirect("feedback:script_list")
        return self._render(request, form, category, language, status=400)

    def _render(self, request, form, category, language, status=200):
        return render(
            request,
            "feedback/script_edit.html",
            {
                "form": form,
                "category_label": Category(category).label,
                "language_name": dict(settings.LANGUAGES)[language],
                "language": language,
            },
            status=status,
        )


class SlaListView(ActionRequiredMixin, View):
    required_action = "tickets.configure"

    def get(self, request):
        return self._render(request, SlaRuleForm())

    def post(self, request):
        form = SlaRuleForm(request.POST)
        if form.is_valid():
            try:
                sla_rule_save(actor=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The SLA was saved. It applies to tickets logged from now on."))
                return redirect("feedback:sla_list")
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(
            request,
            "feedback/sla_list.html",
            {"form": form, "rules": sla_rule_list(), "table": sla_table()},
            status=status,
        )


class SlaDeleteView(ActionRequiredMixin, View):
    required_action = "tickets.configure"

    def post(self, request, uuid):
        rule = sla_rule_get(actor=request.user, uuid=uuid)
        sla_rule_delete(actor=request.user, rule=rule)
        messages.success(request, _("The rule was removed: the default SLA applies again."))
        return redirect("feedback:sla_list")


class FocalPointListView(ActionRequiredMixin, View):
    required_action = "tickets.focal_points"

    def _form(self, request, data=None):
        return FocalPointForm(data, users=focal_point_user_choices(actor=request.user))

    def get(self, request):
        return self._render(request, self._form(request))

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            user = form.cleaned_data["user"]
            try:
                focal_point_add(
                    actor=request.user, agency=user.agency, category=form.cleaned_data["category"], user=user
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, sentence(_("%(name)s is now a focal point."), name=user))
                return redirect("feedback:focal_point_list")
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(
            request,
            "feedback/focal_point_list.html",
            {
                "form": form,
                "focal_points": focal_point_list(actor=request.user),
                "gaps": focal_point_gaps(actor=request.user),
            },
            status=status,
        )


class FocalPointRemoveView(ActionRequiredMixin, View):
    required_action = "tickets.focal_points"

    def post(self, request, uuid):
        focal_point = focal_point_get(actor=request.user, uuid=uuid)
        focal_point_remove(actor=request.user, focal_point=focal_point)
        messages.success(request, _("The focal point was removed."))
        return redirect("feedback:focal_point_list")
