"""Pieces shared by the ticket services: audited state, history rows, access checks."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.feedback.models import Ticket, TicketEvent

# Free text (what the caller said, the response) is never copied into the audit trail: the
# audit trail is read by auditors who may not see sensitive tickets.
AUDITED_FIELDS = (
    "channel",
    "category",
    "priority",
    "status",
    "anonymous",
    "admin_unit",
    "site",
    "person",
    "household",
    "case",
    "distribution",
    "staff_member",
    "team",
    "assigned_to",
    "routed_to_admins",
    "response_due_at",
    "resolution_due_at",
    "acknowledged_at",
    "resolved_at",
    "closed_at",
    "escalated_at",
    "resolution_method",
    "outcome_communicated_at",
    "outcome_method",
    "outcome_communicated_by",
    "satisfaction",
    "unreachable_reason",
)


# Who and where of a sensitive ticket stay out of the audit trail (auditors and administrators are
# not its focal points): the trail records that these fields changed, not their values.
RESTRICTED_WHEN_SENSITIVE = (
    "person",
    "household",
    "staff_member",
    "admin_unit",
    "site",
    "case",
    "distribution",
)
RESTRICTED = "[restricted]"


def ticket_state(ticket: Ticket) -> dict:
    return snapshot(ticket, AUDITED_FIELDS)


def _redacted(ticket: Ticket, changes: dict) -> dict:
    if not ticket.is_sensitive:
        return changes
    out = {}
    for name, value in changes.items():
        if name in RESTRICTED_WHEN_SENSITIVE:
            if isinstance(value, list):
                value = [None if v is None else RESTRICTED for v in value]
            elif value is not None:
                value = RESTRICTED
        out[name] = value
    return out


def record(
    *,
    actor,
    ticket: Ticket,
    action: str,
    before: dict | None,
    from_status: str = "",
    note: str = "",
    at: datetime.datetime | None = None,
) -> None:
    """The history row and the audit event of one change to ``ticket``."""
    TicketEvent.objects.create(
        ticket=ticket,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=ticket.status,
        note=note,
    )
    after = ticket_state(ticket)
    changes = _redacted(ticket, after if before is None else diff(before, after))
    audit_record(
        actor=actor,
        action=f"feedback.ticket.{action}",
        obj=ticket,
        changes=changes,
        object_repr=ticket.reference,
    )


def require_may_work(actor, ticket: Ticket) -> None:
    """Refuse a change by someone who may not work on this ticket."""
    from sanad.feedback.selectors import ticket_visible_to

    if not ticket_visible_to(actor=actor, ticket=ticket, action="tickets.manage"):
        raise DomainError(_("You may not work on this ticket."), code="forbidden")


def refuse_transition(ticket: Ticket, message: str) -> DomainError:
    """``message`` is translated and holds ``%(status)s``."""
    return DomainError(message % {"status": ticket.get_status_display()}, code="invalid_transition")


def locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)
