"""Pieces shared by the ticket services: audited state, history rows, access checks."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.feedback.models import Ticket

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


def redacted(ticket: Ticket, changes: dict) -> dict:
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
    from sanad.feedback.workflow import ticket_event_write

    ticket_event_write(
        ticket,
        transition=action,
        actor=actor,
        from_state=from_status,
        to_state=ticket.status,
        reason=note,
        at=at or timezone.now(),
    )
    after = ticket_state(ticket)
    changes = redacted(ticket, after if before is None else diff(before, after))
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


def locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def check_links(
    *, actor, person=None, household=None, case=None, distribution=None, staff_member=None
) -> None:
    """The records a ticket names, whoever logs or links it (call page, ticket page, API): each is
    one the actor may see (else 404, so nobody learns it exists), the case is the ticket's person's,
    the household is the person's and the staff member complained about is of the actor's agency
    (else an error on that field)."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    from sanad.core.scoping import scope_filter

    errors: dict[str, list[str]] = {}
    if person is not None or household is not None:
        from sanad.registry.models import Household, Person

        for model, record in ((Person, person), (Household, household)):
            if (
                record is not None
                and not scope_filter(
                    model.objects.filter(pk=record.pk), actor=actor, action="persons.view"
                ).exists()
            ):
                raise Http404
        if person is not None and household is not None and person.household_id != household.pk:
            errors["household"] = [_("The caller is not a member of this household.")]
    if case is not None:
        from sanad.cases.access import case_check_reference

        case_check_reference(actor, case, action="cases.view")
        if person is None:
            errors["case"] = [_("Link the caller's record first: a ticket is linked to their case.")]
        elif case.person_id != person.pk:
            errors["case"] = [_("The case belongs to another person.")]
    if distribution is not None:
        from sanad.assistance.models import Distribution

        one = Distribution.objects.filter(pk=distribution.pk)
        if not scope_filter(one, actor=actor, action="distributions.view").exists():
            raise Http404
    if staff_member is not None and (
        not staff_member.is_active or staff_member.agency_id != getattr(actor, "agency_id", None)
    ):
        errors["staff_member"] = [_("Choose a staff member of your agency.")]
    if errors:
        raise ValidationError(errors)
