"""SLA reminders and escalations, run by a periodic job.

For each open ticket the deadline in force is the acknowledgement deadline until someone
acknowledges it (assigns or starts it), then the answer deadline. When 80 % of the time to that
deadline has passed, the assignee (or the team, or the focal points) is reminded; when the
deadline has passed, the ticket escalates to the supervisors (``routing.supervisors_for``, the
helpline's rule for ``supervisors_of``). Each step is sent once per deadline: running the job
again, or on many workers, sends nothing twice (the deadline kit's unique row per ticket, deadline,
step and due time).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.deadlines import (
    ESCALATION,
    REMINDER,
    DeadlinePolicy,
    deadline_notify,
    notice_once,
    supervisors_of,
    supervisors_rule,
)
from sanad.feedback.models import OPEN_STATUSES, Ticket
from sanad.feedback.routing import reminder_recipients, supervisors_for
from sanad.feedback.services.ticket_audit import record, ticket_state
from sanad.feedback.sla import ACKNOWLEDGE, RESOLVE

# An overdue ticket escalates by the helpline's own rule (focal points of a sensitive category,
# never the staff member complained about), not by the general chain.
supervisors_rule(Ticket)(supervisors_for)


def _deadline(ticket: Ticket) -> tuple[DeadlinePolicy, datetime.datetime | None]:
    if ticket.acknowledged_at is None and ticket.response_due_at is not None:
        return ACKNOWLEDGE, ticket.response_due_at
    return RESOLVE, ticket.resolution_due_at


def _notify(notice, people, ticket: Ticket, step: str) -> None:
    """An e-mail with the reference and a link only: no personal data, and for a sensitive ticket
    not even its category."""
    if step == REMINDER:
        subject = _("Reminder: helpline ticket %(reference)s is due soon")
        body = _("Helpline ticket %(reference)s is close to its deadline. Please follow it up: %(link)s")
    else:
        subject = _("Escalation: helpline ticket %(reference)s is overdue")
        body = _(
            "Helpline ticket %(reference)s has passed its deadline and was escalated to you. "
            "Please follow it up: %(link)s"
        )
    deadline_notify(notice=notice, record=ticket, users=people, subject=subject, body=body)


def _send(
    ticket: Ticket, *, policy: DeadlinePolicy, step: str, due: datetime.datetime, now: datetime.datetime
) -> bool:
    """Record one reminder or escalation; False when it was already sent (idempotent)."""
    with transaction.atomic():
        notice = notice_once(record=ticket, kind=policy.kind, step=step, due_at=due, at=now)
        if notice is None:
            return False
        people = reminder_recipients(ticket) if step == REMINDER else supervisors_of(ticket)
        _notify(notice, people, ticket, step)
        before = ticket_state(ticket)
        action = "remind"
        if step == ESCALATION:
            action = "escalate"
            ticket.escalated_at = now
            ticket.save(update_fields=["escalated_at", "updated_at"])
        record(
            actor=None,
            ticket=ticket,
            action=action,
            before=before,
            from_status=ticket.status,
            note=", ".join(u.username for u in people),
            at=now,
        )
    return True


def ticket_escalate_overdue(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send the reminders and escalations that are due at ``now``. Idempotent per level."""
    now = now or timezone.now()
    sent = {"reminders": 0, "escalations": 0}
    horizon = Q(response_due_at__isnull=False) | Q(resolution_due_at__isnull=False)
    candidates = (
        Ticket.objects.filter(horizon, status__in=OPEN_STATUSES)
        .select_related("assigned_to", "team")
        .order_by("pk")
    )
    for ticket in candidates.iterator(chunk_size=500):
        policy, due = _deadline(ticket)
        if due is None:
            continue
        if now >= due:
            if _send(ticket, policy=policy, step=REMINDER, due=due, now=now):
                sent["reminders"] += 1
            if _send(ticket, policy=policy, step=ESCALATION, due=due, now=now):
                sent["escalations"] += 1
        elif now >= policy.reminder_time(
            start=ticket.clock_started_at or ticket.received_at, due=due
        ) and _send(ticket, policy=policy, step=REMINDER, due=due, now=now):
            sent["reminders"] += 1
    return sent
