"""Logging a ticket (the call screen, the API) and routing it."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.permissions import has_permission
from sanad.core.references import reference_next
from sanad.feedback.models import (
    COMPLAINT_CATEGORIES,
    EMERGENCY_CATEGORIES,
    SENSITIVE_CATEGORIES,
    Category,
    Channel,
    Priority,
    Status,
    Ticket,
)
from sanad.feedback.routing import covering_team, focal_points_for, ticket_location
from sanad.feedback.services.ticket_audit import check_links, record, ticket_state
from sanad.feedback.sla import ACKNOWLEDGE, RESOLVE, sla_for

LOG_ACTION = "feedback.ticket.log"
REFERENCE_SERIES = "T"
MAX_TEXT = 5000


def default_priority(category: str) -> str:
    if category in EMERGENCY_CATEGORIES:
        return Priority.CRITICAL
    if category in SENSITIVE_CATEGORIES:
        return Priority.HIGH
    return Priority.MEDIUM


def apply_sla(ticket: Ticket, *, start: datetime.datetime) -> None:
    sla = sla_for(category=ticket.category, priority=ticket.priority)
    ticket.clock_started_at = start
    ticket.response_due_at = (
        ACKNOWLEDGE.due_after(start, sla.acknowledge)
        if ticket.acknowledged_at is None
        else ticket.response_due_at
    )
    ticket.resolution_due_at = RESOLVE.due_after(start, sla.resolve)


def _validate(data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    if data.get("channel") not in Channel.values:
        errors.setdefault("channel", []).append(_("Choose how the person reached us."))
    if data.get("category") not in Category.values:
        errors.setdefault("category", []).append(_("Choose a category."))
    if data.get("priority") and data["priority"] not in Priority.values:
        errors.setdefault("priority", []).append(_("Choose an urgency from the list."))
    description = (data.get("description") or "").strip()
    if not description:
        errors.setdefault("description", []).append(_("Write down what the person said."))
    elif len(description) > MAX_TEXT:
        errors.setdefault("description", []).append(_("Keep it under 5000 characters."))
    if data.get("anonymous") and (data.get("person") or data.get("household") or data.get("new_caller")):
        errors.setdefault("anonymous", []).append(
            _(
                "An anonymous caller cannot be linked to a person or household: "
                "untick “anonymous” or remove the link."
            )
        )
    if data.get("staff_member") is not None and data.get("category") not in COMPLAINT_CATEGORIES:
        errors.setdefault("staff_member", []).append(
            _(
                "Name a staff member only for a complaint "
                "(about staff or a service, PSEA, fraud, data breach)."
            )
        )
    site, admin_unit = data.get("site"), data.get("admin_unit")
    if (
        site is not None
        and admin_unit is not None
        and site.admin_unit_id != admin_unit.pk
        and admin_unit.pk not in {a.pk for a in site.admin_unit.ancestors()}
    ):
        errors.setdefault("site", []).append(_("This site is not in the location you chose."))


@transaction.atomic
def ticket_log(
    *,
    actor,
    channel: str,
    category: str,
    description: str,
    priority: str = "",
    anonymous: bool = False,
    caller_name: str = "",
    caller_phone: str = "",
    person=None,
    household=None,
    new_caller: dict[str, Any] | None = None,
    case=None,
    distribution=None,
    admin_unit=None,
    site=None,
    staff_member=None,
    language: str = "",
    received_at: datetime.datetime | None = None,
    idempotency_key: str | None = None,
) -> Ticket:
    """Log a call, visit or message as a ticket, and route it at once: an emergency to the mobile
    team covering its location, a sensitive ticket to its focal points. With ``new_caller`` the
    caller is registered first (same transaction). The records named (person, household, case,
    distribution, staff member) must pass ``check_links``. A retried call with the same key returns
    the first ticket."""
    if not has_permission(actor, "tickets.create"):
        raise DomainError(_("You may not log tickets."), code="forbidden")
    previous = idempotent_lookup(actor=actor, action=LOG_ACTION, key=idempotency_key, model=Ticket)
    if previous is not None:
        return previous
    if not getattr(actor, "agency_id", None):
        raise DomainError(_("Your account belongs to no agency, so you cannot log tickets."))
    errors: dict[str, list[str]] = {}
    data = {
        "channel": channel,
        "category": category,
        "priority": priority,
        "description": description,
        "anonymous": anonymous,
        "person": person,
        "household": household,
        "new_caller": new_caller,
        "staff_member": staff_member,
        "site": site,
        "admin_unit": admin_unit,
    }
    _validate(data, errors)
    check_links(
        actor=actor,
        person=person,
        household=household,
        case=case,
        distribution=distribution,
        staff_member=staff_member,
    )
    if len(caller_name) > 200:
        errors.setdefault("caller_name", []).append(_("A name has at most 200 characters."))
    if len(caller_phone) > 40:
        errors.setdefault("caller_phone", []).append(_("A phone number has at most 40 characters."))
    if errors:
        raise ValidationError(errors)

    if new_caller:
        from sanad.registry.models import Registration
        from sanad.registry.services import person_register

        try:
            person = person_register(
                actor=actor,
                data=new_caller,
                registration_channel=Registration.Channel.HELPLINE,
                idempotency_key=f"{idempotency_key}:caller" if idempotency_key else None,
                note=_("Registered from a helpline call."),
            )
        except ValidationError as exc:
            raise ValidationError({f"caller_{k}": v for k, v in exc.message_dict.items()}) from None
    if household is None and person is not None and person.household_id:
        household = person.household

    now = timezone.now()
    ticket = Ticket(
        reference=reference_next(series=REFERENCE_SERIES),
        channel=channel,
        category=category,
        priority=priority or default_priority(category),
        description=description.strip(),
        language=(language or "")[:5],
        anonymous=anonymous,
        caller_name="" if anonymous else caller_name.strip(),
        caller_phone="" if anonymous else caller_phone.strip(),
        person=person,
        household=household,
        case=case,
        distribution=distribution,
        admin_unit=admin_unit or (site.admin_unit if site is not None else None),
        site=site,
        staff_member=staff_member,
        agency_id=actor.agency_id,
        logged_by=actor,
        received_at=received_at or now,
        status=Status.NEW,
    )
    apply_sla(ticket, start=ticket.received_at)
    ticket.save()
    record(actor=actor, ticket=ticket, action="create", before=None)
    _route(actor=actor, ticket=ticket)
    idempotent_remember(actor=actor, action=LOG_ACTION, key=idempotency_key, obj=ticket)
    return ticket


def _route(*, actor, ticket: Ticket) -> None:
    if ticket.is_sensitive:
        # Nobody is assigned yet: every focal point of the category sees it in their work. When
        # none is left (none named, or the only one is the person complained about), the system
        # administrators hold it.
        if not focal_points_for(ticket):
            before = ticket_state(ticket)
            ticket.routed_to_admins = True
            ticket.save(update_fields=["routed_to_admins", "updated_at"])
            record(
                actor=actor,
                ticket=ticket,
                action="route",
                before=before,
                from_status=ticket.status,
                note="no focal point available: routed to the system administrators",
            )
        return
    if ticket.is_emergency:
        team = covering_team(admin_unit=ticket_location(ticket), agency_id=ticket.agency_id)
        if team is not None:
            before = ticket_state(ticket)
            ticket.team = team
            ticket.save(update_fields=["team", "updated_at"])
            record(
                actor=actor,
                ticket=ticket,
                action="dispatch",
                before=before,
                from_status=ticket.status,
                note=team.name,
            )
