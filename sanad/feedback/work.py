"""Helpline tickets on the "My work" page.

An actor sees: open tickets assigned to them; open, unassigned tickets dispatched to one of their
teams (emergencies — visible the moment they are logged); open, unassigned sensitive tickets of
the categories they are a focal point for; and open tickets escalated to them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.core.bidi import isolate
from sanad.core.deadlines import notified_ids
from sanad.core.work import WorkItem
from sanad.feedback.models import Priority, Ticket
from sanad.feedback.selectors import SENSITIVE, tickets_to_work_on
from sanad.feedback.sla import ACKNOWLEDGE, RESOLVE

LIMIT = 200
PRIORITY_BADGE = {
    Priority.CRITICAL: "high",
    Priority.HIGH: "high",
    Priority.MEDIUM: "medium",
    Priority.LOW: "low",
}


def _place(ticket) -> str:
    if ticket.site_id:
        return isolate(ticket.site)
    if ticket.admin_unit_id:
        return isolate(ticket.admin_unit.name)
    return ""


def ticket_work(actor):
    if actor is None or not getattr(actor, "pk", None):
        return []
    escalated = notified_ids(actor=actor, model=Ticket, kinds=[ACKNOWLEDGE.kind, RESOLVE.kind])
    tickets = tickets_to_work_on(actor=actor, escalated_ids=escalated, limit=LIMIT)
    items = []
    for ticket in tickets:
        escalated_here = ticket.escalated_at is not None and ticket.assigned_to_id != actor.pk
        detail_parts = [ticket.get_status_display(), _place(ticket)]
        if ticket.category not in SENSITIVE and ticket.team_id and ticket.assigned_to_id is None:
            detail_parts.append(_("dispatched to %(team)s") % {"team": isolate(ticket.team.name)})
        if escalated_here:
            detail_parts.append(_("escalated: past its deadline"))
        items.append(
            WorkItem(
                title=f"{isolate(ticket.reference)} — {ticket.get_category_display()}",
                url=reverse("feedback:ticket_detail", args=[ticket.uuid]),
                kind="ticket",
                kind_label=str(gettext_lazy("Helpline ticket")),
                due=ticket.due,
                detail=" · ".join(p for p in detail_parts if p),
                priority=PRIORITY_BADGE.get(ticket.priority, ""),
                reference=ticket.reference,
            )
        )
    return items
