"""The call-taking screen: search or register the caller, category, what they said, urgency — and
the script for the category in the operator's language. One screen, keyboard-friendly."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.bidi import sentence
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.feedback.forms import CallForm
from sanad.feedback.models import SENSITIVE_CATEGORIES, Category
from sanad.feedback.scripts import script_for
from sanad.feedback.selectors import staff_member_choices, ticket_visible_to
from sanad.feedback.services import ticket_log
from sanad.feedback.views.ticket_access import attach_errors
from sanad.registry.selectors import person_get, person_search


def _form(request, data=None) -> CallForm:
    return CallForm(data, actor=request.user, staff_choices=staff_member_choices(actor=request.user))


class CallView(ActionRequiredMixin, View):
    required_action = "tickets.create"

    def get(self, request):
        return self._render(request, _form(request))

    def post(self, request):
        form = _form(request, request.POST)
        person = None
        if form.is_valid() and form.cleaned_data.get("person"):
            try:
                person = person_get(actor=request.user, uuid=form.cleaned_data["person"])
            except Http404:
                form.add_error(None, _("The caller you chose is no longer available: search again."))
        if not form.is_valid():
            return self._render(request, form, person=person, status=400)
        data = form.cleaned_data
        try:
            ticket = ticket_log(
                actor=request.user,
                channel=data["channel"],
                category=data["category"],
                priority=data.get("priority") or "",
                description=data["description"],
                anonymous=data.get("anonymous", False),
                caller_name=data.get("caller_name", ""),
                caller_phone=data.get("caller_phone", ""),
                person=person,
                new_caller=form.new_caller(),
                admin_unit=data.get("admin_unit"),
                site=data.get("site"),
                staff_member=data.get("staff_member"),
                language=get_language() or "",
                idempotency_key=data["idempotency_key"],
            )
        except (ValidationError, DomainError) as exc:
            attach_errors(form, exc)
            return self._render(request, form, person=person, status=400)
        if ticket.category in SENSITIVE_CATEGORIES or not ticket_visible_to(
            actor=request.user, ticket=ticket
        ):
            # The operator does not see a sensitive ticket again: the reference is all they keep.
            messages.success(
                request,
                _(
                    "Logged as %(reference)s. This report is confidential: it went only to the focal "
                    "points in charge. Give the caller this reference so they can call back."
                )
                % {"reference": ticket.reference},
            )
            return redirect("feedback:call")
        if ticket.is_emergency and ticket.team_id:
            messages.success(
                request,
                _("Logged as %(reference)s and dispatched to %(team)s.")
                % {"reference": ticket.reference, "team": ticket.team.name},
            )
        else:
            messages.success(request, sentence(_("Logged as %(reference)s."), reference=ticket.reference))
        return redirect("feedback:ticket_detail", uuid=ticket.uuid)

    def _render(self, request, form, *, person=None, status=200):
        category = form.data.get("category") if form.is_bound else ""
        script = script_for(category=category, language=get_language()) if category in Category.values else ""
        return render(
            request,
            "feedback/call.html",
            {
                "form": form,
                "person": person,
                "script": script,
                "category": category,
                "can_search": has_permission(request.user, "persons.view"),
                "can_register": has_permission(request.user, "persons.register"),
                "sensitive_categories": sorted(str(c) for c in SENSITIVE_CATEGORIES),
            },
            status=status,
        )


class ScriptView(ActionRequiredMixin, View):
    """The script of a category in the operator's language (htmx, as soon as it is picked)."""

    required_action = "tickets.create"

    def get(self, request):
        category = request.GET.get("category", "")
        script = script_for(category=category, language=get_language()) if category in Category.values else ""
        return render(
            request,
            "feedback/includes/script.html",
            {"script": script, "category": category, "sensitive": category in SENSITIVE_CATEGORIES},
        )


class CallerSearchView(ActionRequiredMixin, View):
    """People matching the operator's search (htmx): name in any script, phone, or reference."""

    required_action = "persons.view"

    def get(self, request):
        text = request.GET.get("caller_q", "").strip()
        people = person_search(actor=request.user, text=text, limit=8) if len(text) >= 2 else []
        return render(request, "feedback/includes/caller_results.html", {"people": people, "query": text})
