"""The ticket queue, the ticket page and its workflow actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListPage
from sanad.core.permissions import has_permission
from sanad.feedback import forms as ticket_forms
from sanad.feedback.filters import TicketFilterSet
from sanad.feedback.referral_link import ticket_referrals
from sanad.feedback.selectors import (
    assignee_candidates,
    ticket_events,
    ticket_get,
    ticket_list,
    ticket_visible_to,
)
from sanad.feedback.services import (
    ticket_assign,
    ticket_close,
    ticket_communicate_outcome,
    ticket_link,
    ticket_reopen,
    ticket_resolve,
    ticket_start,
    ticket_wait,
)
from sanad.feedback.views.ticket_access import TicketAccessMixin, attach_errors, url_if_exists
from sanad.feedback.workflow import TICKET_WORKFLOW


class TicketListView(TicketAccessMixin, ScopedListPage):
    filterset_class = TicketFilterSet
    template_name = "feedback/ticket_list.html"

    def get_items(self, data):
        if "status" not in data:
            # The queue shows open tickets unless a status was chosen (even when paging).
            data = data.copy()
            data["status"] = "open"
        return ticket_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        user = self.request.user
        return {
            **context,
            "can_log": has_permission(user, "tickets.create"),
            "can_configure": has_permission(user, "tickets.configure"),
            "can_name_focal_points": has_permission(user, "tickets.focal_points"),
            "can_see_dashboard": has_permission(user, "tickets.dashboard"),
        }


ACTIONS = {
    "assign": ticket_forms.AssignForm,
    "start": None,
    "wait": ticket_forms.ReasonForm,
    "resolve": ticket_forms.ResolveForm,
    "outcome": ticket_forms.OutcomeForm,
    "close": ticket_forms.CloseForm,
    "reopen": ticket_forms.ReasonForm,
    "link": ticket_forms.LinkCaseForm,
}


def _person_cases(actor, ticket):
    """The cases of the ticket's person that the actor may see (to link the ticket to one)."""
    if not ticket.person_id:
        return None
    from sanad.cases.selectors import case_list

    return case_list(actor=actor, person=ticket.person)


def _forms(request, ticket, bound: dict | None = None) -> dict:
    """The action forms of the transitions the actor may make now (a bound one replaces its blank
    twin)."""
    allowed = TICKET_WORKFLOW.allowed_names(ticket, request.user)
    out = {}
    if "assign" in allowed:
        out["assign"] = ticket_forms.AssignForm(
            candidates=assignee_candidates(actor=request.user, ticket=ticket)
        )
    if {"start", "resume"} & allowed:
        out["start"] = True
    if "wait" in allowed:
        out["wait"] = ticket_forms.ReasonForm(prefix="wait")
    if "resolve" in allowed:
        out["resolve"] = ticket_forms.ResolveForm()
    if "communicate_outcome" in allowed:
        out["outcome"] = ticket_forms.OutcomeForm()
    if "close" in allowed:
        out["close"] = ticket_forms.CloseForm()
    if "reopen" in allowed:
        out["reopen"] = ticket_forms.ReasonForm(prefix="reopen")
    cases = _person_cases(request.user, ticket)
    if cases is not None and cases.exists():
        out["link"] = ticket_forms.LinkCaseForm(
            cases=cases, initial={"case": ticket.case.uuid if ticket.case_id else None}
        )
    out.update(bound or {})
    return out


def _render_detail(request, ticket, *, bound: dict | None = None, status: int = 200):
    may_work = ticket_visible_to(actor=request.user, ticket=ticket, action="tickets.manage")
    person_query = f"person={ticket.person.uuid}" if ticket.person_id else ""
    # A referral and a case are about a person: without the caller's record there is nothing to
    # refer (the referral page would answer 404); the page says so instead.
    may_refer = has_permission(request.user, "referrals.create")
    referral_url = (
        url_if_exists("referrals:create", f"ticket={ticket.uuid}&{person_query}")
        if person_query and may_refer
        else ""
    )
    case_url = url_if_exists("cases:open", person_query) if person_query else ""
    return render(
        request,
        "feedback/ticket_detail.html",
        {
            "ticket": ticket,
            "referrals": ticket_referrals(actor=request.user, ticket=ticket),
            "events": ticket_events(user=request.user, ticket=ticket),
            "may_work": may_work,
            "action_forms": _forms(request, ticket, bound) if may_work else {},
            "referral_url": referral_url if may_work else "",
            "case_url": case_url if may_work else "",
            "needs_person": may_work
            and may_refer
            and not ticket.person_id
            and bool(url_if_exists("referrals:create", "")),
        },
        status=status,
    )


class TicketDetailView(TicketAccessMixin, View):
    def get(self, request, uuid):
        ticket = ticket_get(actor=request.user, uuid=uuid)
        return _render_detail(request, ticket)


class TicketActionView(TicketAccessMixin, View):
    """One workflow step, posted from the ticket page."""

    def post(self, request, uuid, action):
        if action not in ACTIONS:
            raise Http404
        ticket = ticket_get(actor=request.user, uuid=uuid, action="tickets.manage", log_read=False)
        form = self._bound(request, ticket, action)
        if form is not None and not form.is_valid():
            return self._failed(request, uuid, action, form)
        data = form.cleaned_data if form is not None else {}
        try:
            if action == "assign":
                ticket_assign(
                    actor=request.user, ticket=ticket, assignee=data["assignee"], note=data.get("note", "")
                )
                message = _("Assigned to %(name)s.") % {"name": data["assignee"]}
            elif action == "start":
                ticket_start(actor=request.user, ticket=ticket)
                message = _("Work on the ticket started.")
            elif action == "wait":
                ticket_wait(actor=request.user, ticket=ticket, reason=data["reason"])
                message = _("The ticket is waiting.")
            elif action == "resolve":
                ticket_resolve(
                    actor=request.user, ticket=ticket, response=data["response"], method=data["method"]
                )
                message = _("Resolved. Record when the outcome was communicated back, then close.")
            elif action == "outcome":
                ticket_communicate_outcome(
                    actor=request.user,
                    ticket=ticket,
                    method=data["method"],
                    communicated_at=data.get("communicated_at"),
                    satisfaction=data.get("satisfaction"),
                    satisfaction_comment=data.get("satisfaction_comment", ""),
                )
                message = _("The outcome was recorded as communicated.")
            elif action == "close":
                ticket_close(
                    actor=request.user,
                    ticket=ticket,
                    unreachable_reason=data.get("unreachable_reason", ""),
                    note=data.get("note", ""),
                )
                message = _("Ticket closed.")
            elif action == "link":
                ticket_link(actor=request.user, ticket=ticket, case=data.get("case"))
                message = _("The link was saved.")
            else:
                ticket_reopen(actor=request.user, ticket=ticket, reason=data["reason"])
                message = _("Ticket reopened.")
        except (ValidationError, DomainError) as exc:
            if form is None:
                for error in exc.messages if isinstance(exc, ValidationError) else [exc.message]:
                    messages.error(request, error)
                return _render_detail(request, ticket_get(actor=request.user, uuid=uuid), status=400)
            attach_errors(form, exc)
            return self._failed(request, uuid, action, form)
        messages.success(request, message)
        return redirect("feedback:ticket_detail", uuid=ticket.uuid)

    def _bound(self, request, ticket, action):
        if action == "assign":
            return ticket_forms.AssignForm(
                request.POST, candidates=assignee_candidates(actor=request.user, ticket=ticket)
            )
        if action == "link":
            cases = _person_cases(request.user, ticket)
            if cases is None:
                raise Http404
            return ticket_forms.LinkCaseForm(request.POST, cases=cases)
        if action in ("wait", "reopen"):
            return ticket_forms.ReasonForm(request.POST, prefix=action)
        form_class = ACTIONS[action]
        return form_class(request.POST) if form_class else None

    def _failed(self, request, uuid, action, form):
        ticket = ticket_get(actor=request.user, uuid=uuid)
        return _render_detail(request, ticket, bound={action: form}, status=400)
