"""The ticket workflow's services: new → assigned → in progress ⇄ waiting → resolved → closed;
reopen (declared in ``feedback/workflow.py``).

Every transition is one service: it checks that the actor may work on the ticket, refuses an
illegal transition with a clear message, saves, and writes a history row and an audit event.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.errors import Forbidden
from sanad.feedback.models import ContactMethod, Status, Ticket, UnreachableReason
from sanad.feedback.services.ticket_audit import check_links, locked, record, require_may_work, ticket_state
from sanad.feedback.services.tickets import apply_sla
from sanad.feedback.workflow import TICKET_WORKFLOW

MAX_TEXT = 5000


def _text(value: str, field: str, errors: dict, *, required: bool, message: str) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(message)
    elif len(value) > MAX_TEXT:
        errors.setdefault(field, []).append(_("Keep it under 5000 characters."))
    return value


def _check_length(value: str, field: str) -> None:
    if len((value or "").strip()) > MAX_TEXT:
        raise ValidationError({field: [_("Keep it under 5000 characters.")]})


def _acknowledge(ticket: Ticket, now: datetime.datetime) -> None:
    if ticket.acknowledged_at is None:
        ticket.acknowledged_at = now


@transaction.atomic
def ticket_assign(*, actor, ticket: Ticket, assignee, note: str = "") -> Ticket:
    """Give the ticket to ``assignee``. Never to the staff member the ticket is about; for a
    sensitive ticket only to a focal point of its category (or an administrator holding it)."""
    from sanad.feedback.selectors import assignee_candidates

    def apply(ticket: Ticket, at: datetime.datetime) -> None:
        if assignee is None:
            raise ValidationError({"assignee": [_("Choose who takes the ticket.")]})
        if ticket.staff_member_id and assignee.pk == ticket.staff_member_id:
            raise Forbidden(
                _("This ticket is a complaint about this staff member: it can never be assigned to them."),
                code="conflict_of_interest",
            )
        if not assignee_candidates(actor=actor, ticket=ticket).filter(pk=assignee.pk).exists():
            message = (
                _("A sensitive ticket can only be assigned to a focal point named for its category.")
                if ticket.is_sensitive
                else _("This person cannot take tickets of this agency.")
            )
            raise ValidationError({"assignee": [message]})
        ticket.assigned_to = assignee
        _acknowledge(ticket, at)

    return TICKET_WORKFLOW.run(ticket, "assign", actor=actor, reason=note.strip()[:MAX_TEXT], apply=apply)


@transaction.atomic
def ticket_start(*, actor, ticket: Ticket) -> Ticket:
    """Start (or resume) work. A new, unassigned ticket is taken by the actor."""

    def apply(ticket: Ticket, at: datetime.datetime) -> None:
        if ticket.assigned_to_id is None:
            if ticket.staff_member_id == actor.pk:
                raise Forbidden(
                    _("This ticket is a complaint about you: it can never be assigned to you."),
                    code="conflict_of_interest",
                )
            ticket.assigned_to = actor
        _acknowledge(ticket, at)

    name = "resume" if ticket.status == Status.WAITING else "start"
    return TICKET_WORKFLOW.run(ticket, name, actor=actor, apply=apply)


@transaction.atomic
def ticket_wait(*, actor, ticket: Ticket, reason: str) -> Ticket:
    """Put the ticket on hold (waiting for the person, a partner, information). The SLA clock
    keeps running."""

    def apply(ticket: Ticket, at: datetime.datetime) -> None:
        _check_length(reason, "reason")

    return TICKET_WORKFLOW.run(ticket, "wait", actor=actor, reason=reason, apply=apply)


@transaction.atomic
def ticket_resolve(*, actor, ticket: Ticket, response: str, method: str) -> Ticket:
    """Record the response given to the person, and how it was given."""

    def apply(ticket: Ticket, at: datetime.datetime) -> None:
        errors: dict[str, list[str]] = {}
        text = _text(
            response,
            "response",
            errors,
            required=True,
            message=_("Write the response given to the person."),
        )
        if method not in ContactMethod.values:
            errors.setdefault("method", []).append(_("Choose how the response was given."))
        if errors:
            raise ValidationError(errors)
        ticket.resolution = text
        ticket.resolution_method = method
        ticket.resolved_at = at

    return TICKET_WORKFLOW.run(ticket, "resolve", actor=actor, apply=apply)


@transaction.atomic
def ticket_communicate_outcome(
    *,
    actor,
    ticket: Ticket,
    method: str,
    communicated_at: datetime.datetime | None = None,
    satisfaction: int | None = None,
    satisfaction_comment: str = "",
) -> Ticket:
    """Close the loop: the outcome was communicated back to the person (when, how, by whom),
    with their satisfaction (1–5) and comment."""

    def apply(ticket: Ticket, now: datetime.datetime) -> None:
        errors: dict[str, list[str]] = {}
        if method not in ContactMethod.values:
            errors.setdefault("method", []).append(_("Choose how the outcome was communicated."))
        when = communicated_at or now
        if when > now + datetime.timedelta(minutes=5):
            errors.setdefault("communicated_at", []).append(_("This is in the future."))
        elif ticket.received_at:
            # People give the time to the minute (the page's input has no seconds): the minute in
            # which the ticket was received is not before it. Within that minute the receipt time
            # is kept, so the stored outcome never precedes the receipt.
            received_minute = ticket.received_at.replace(second=0, microsecond=0)
            if when < received_minute:
                errors.setdefault("communicated_at", []).append(_("This is before the ticket was received."))
            else:
                when = max(when, ticket.received_at)
        if satisfaction is not None and satisfaction not in (1, 2, 3, 4, 5):
            errors.setdefault("satisfaction", []).append(_("Satisfaction is a number from 1 to 5."))
        comment = _text(satisfaction_comment, "satisfaction_comment", errors, required=False, message="")
        if errors:
            raise ValidationError(errors)
        ticket.outcome_communicated_at = when
        ticket.outcome_method = method
        ticket.outcome_communicated_by = actor
        ticket.satisfaction = satisfaction
        ticket.satisfaction_comment = comment
        ticket.unreachable_reason = ""

    return TICKET_WORKFLOW.run(ticket, "communicate_outcome", actor=actor, apply=apply)


@transaction.atomic
def ticket_close(*, actor, ticket: Ticket, unreachable_reason: str = "", note: str = "") -> Ticket:
    """Close a resolved ticket. A complaint closes only once the outcome was communicated back with
    the satisfaction question answered — or with the reason the person cannot be reached."""

    def apply(ticket: Ticket, at: datetime.datetime) -> None:
        if unreachable_reason and unreachable_reason not in UnreachableReason.values:
            raise ValidationError({"unreachable_reason": [_("Choose a reason from the list.")]})
        if ticket.is_complaint and not unreachable_reason:
            if ticket.outcome_communicated_at is None:
                raise ValidationError(
                    {
                        "unreachable_reason": [
                            _(
                                "Record that the outcome was communicated to the complainant first, "
                                "or say why they cannot be reached."
                            )
                        ]
                    }
                )
            if ticket.satisfaction is None:
                raise ValidationError(
                    {
                        "unreachable_reason": [
                            _(
                                "Ask the satisfaction question (1–5) first, "
                                "or say why the complainant cannot be reached."
                            )
                        ]
                    }
                )
        if unreachable_reason and ticket.outcome_communicated_at is None:
            ticket.unreachable_reason = unreachable_reason
        ticket.closed_at = at

    return TICKET_WORKFLOW.run(ticket, "close", actor=actor, reason=note.strip()[:MAX_TEXT], apply=apply)


@transaction.atomic
def ticket_reopen(*, actor, ticket: Ticket, reason: str) -> Ticket:
    """Reopen a resolved or closed ticket (the person called back, the answer was wrong…). The SLA
    clock starts again for the answer; the loop must be closed again."""

    def apply(ticket: Ticket, at: datetime.datetime) -> None:
        _check_length(reason, "reason")
        ticket.resolved_at = None
        ticket.closed_at = None
        ticket.outcome_communicated_at = None
        ticket.outcome_method = ""
        ticket.outcome_communicated_by = None
        ticket.satisfaction = None
        ticket.satisfaction_comment = ""
        ticket.unreachable_reason = ""
        ticket.escalated_at = None
        apply_sla(ticket, start=at)

    return TICKET_WORKFLOW.run(ticket, "reopen", actor=actor, reason=reason, apply=apply)


_UNCHANGED = object()


@transaction.atomic
def ticket_link(*, actor, ticket: Ticket, case=_UNCHANGED, distribution=_UNCHANGED) -> Ticket:
    """Link the ticket to a case and/or a distribution (``None`` removes the link): records the
    actor may see, the case of the ticket's person (``check_links``)."""
    require_may_work(actor, ticket)
    ticket = locked(ticket)
    check_links(
        actor=actor,
        person=ticket.person,
        case=None if case is _UNCHANGED else case,
        distribution=None if distribution is _UNCHANGED else distribution,
    )
    before = ticket_state(ticket)
    if case is not _UNCHANGED:
        ticket.case = case
    if distribution is not _UNCHANGED:
        ticket.distribution = distribution
    ticket.save()
    if before != ticket_state(ticket):
        record(actor=actor, ticket=ticket, action="link", before=before, from_status=ticket.status)
    return ticket
