"""SLA reminders and escalations, run by a periodic job.

For each open ticket the deadline in force is the acknowledgement deadline until someone
acknowledges it (assigns or starts it), then the answer deadline. When 80 % of the time to that
deadline has passed, the assignee (or the team, or the focal points) is reminded (level 1); when
the deadline has passed, the ticket escalates to the supervisors (level 2, see
``routing.supervisors_for``). Each level is sent once per deadline: running the job again, or on
many workers, sends nothing twice (a unique row per ticket, stage, level and deadline).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.feedback.models import OPEN_STATUSES, Ticket, TicketEscalation
from sanad.feedback.routing import reminder_recipients, supervisors_for
from sanad.feedback.services.ticket_audit import record, ticket_state

REMINDER_AT = 0.8  # share of the time to the deadline after which the reminder goes out


def _deadline(ticket: Ticket) -> tuple[str, datetime.datetime | None]:
    if ticket.acknowledged_at is None and ticket.response_due_at is not None:
        return TicketEscalation.Stage.ACKNOWLEDGE, ticket.response_due_at
    return TicketEscalation.Stage.RESOLVE, ticket.resolution_due_at


def _reminder_time(ticket: Ticket, due: datetime.datetime) -> datetime.datetime:
    start = ticket.clock_started_at or ticket.received_at
    if start is None or start >= due:
        return due
    return start + (due - start) * REMINDER_AT


def _notify(people, ticket: Ticket, level: int) -> None:
    """An e-mail with the reference and a link only: no personal data, and for a sensitive ticket
    not even its category."""
    recipients = [u.email for u in people if u.email]
    if not recipients:
        return
    path = reverse("feedback:ticket_detail", args=[ticket.uuid])
    base = getattr(settings, "SANAD_BASE_URL", "") or ""
    link = f"{base.rstrip('/')}{path}"
    values = {"reference": ticket.reference, "link": link}
    if level == TicketEscalation.Level.REMINDER:
        subject = _("Reminder: helpline ticket %(reference)s is due soon") % values
        body = (
            _("Helpline ticket %(reference)s is close to its deadline. Please follow it up: %(link)s")
            % values
        )
    else:
        subject = _("Escalation: helpline ticket %(reference)s is overdue") % values
        body = (
            _(
                "Helpline ticket %(reference)s has passed its deadline and was escalated to you. "
                "Please follow it up: %(link)s"
            )
            % values
        )
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=True))


def _send(ticket: Ticket, *, stage: str, level: int, due: datetime.datetime, now: datetime.datetime) -> bool:
    """Record one reminder or escalation; False when it was already sent (idempotent)."""
    try:
        with transaction.atomic():
            escalation = TicketEscalation.objects.create(
                ticket=ticket, stage=stage, level=level, due_at=due, at=now
            )
    except IntegrityError:
        return False
    with transaction.atomic():
        people = (
            reminder_recipients(ticket)
            if level == TicketEscalation.Level.REMINDER
            else supervisors_for(ticket)
        )
        escalation.recipients.set(people)
        _notify(people, ticket, level)
        before = ticket_state(ticket)
        action = "remind"
        if level == TicketEscalation.Level.ESCALATION:
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
        stage, due = _deadline(ticket)
        if due is None:
            continue
        if now >= due:
            if _send(ticket, stage=stage, level=TicketEscalation.Level.REMINDER, due=due, now=now):
                sent["reminders"] += 1
            if _send(ticket, stage=stage, level=TicketEscalation.Level.ESCALATION, due=due, now=now):
                sent["escalations"] += 1
        elif now >= _reminder_time(ticket, due) and _send(
            ticket, stage=stage, level=TicketEscalation.Level.REMINDER, due=due, now=now
        ):
            sent["reminders"] += 1
    return sent
