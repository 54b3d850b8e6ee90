"""Recording individual services delivered to a person (with or without a case)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.cases.access import case_check_reference
from sanad.cases.models import (
    SENSITIVE_SERVICE_TYPES,
    SERVICE_NEED,
    Case,
    Modality,
    ServiceDelivery,
    ServiceType,
)
from sanad.cases.services.transitions import require, require_active
from sanad.core.audit import audit_record
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.models import Team, Unit
from sanad.core.scoping import scope_filter
from sanad.registry.models import Person

RECORD_ACTION = "cases.service.record"
MAX_DURATION = 24 * 60


@transaction.atomic
def service_record(
    *,
    actor,
    person: Person,
    service_type: str,
    delivered_at: datetime.datetime | None = None,
    modality: str = Modality.IN_PERSON,
    case: Case | None = None,
    site=None,
    admin_unit=None,
    duration_minutes: int | None = None,
    notes: str = "",
    sensitive: bool = False,
    team: Team | None = None,
    idempotency_key: str | None = None,
) -> ServiceDelivery:
    """Record one service delivered to ``person`` by the actor. Linked to a case, it counts as
    contact with the person (the case's high-risk clock restarts).

    The service is sensitive when asked, when its type is (a psychiatric consultation) or when its
    case is: then only who delivered it, their team leader and those who may see the case see it."""
    require(actor, "services.record", _("You may not record services."))
    previous = idempotent_lookup(
        actor=actor, action=RECORD_ACTION, key=idempotency_key, model=ServiceDelivery
    )
    if previous is not None:
        return previous
    if case is not None:
        # Before any other check, so that nothing is said about a case the actor may not see.
        case_check_reference(actor, case, action="cases.manage")
    now = timezone.now()
    delivered_at = delivered_at or now
    errors: dict[str, list[str]] = {}
    if service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose a service.")]
    if modality not in Modality.values:
        errors["modality"] = [_("Choose in person or remote.")]
    if delivered_at > now + datetime.timedelta(minutes=5):
        errors["delivered_at"] = [_("A service cannot be recorded in the future.")]
    if duration_minutes is not None and not (1 <= duration_minutes <= MAX_DURATION):
        errors["duration_minutes"] = [_("Give the duration in minutes (1 to 1440).")]
    if (
        person is None
        or not scope_filter(
            Person.objects.filter(pk=person.pk, status=Person.Status.ACTIVE),
            actor=actor,
            action="persons.view",
        ).exists()
    ):
        errors["person"] = [_("Choose a registered person you may see.")]
    elif case is not None and case.person_id != person.pk:
        errors["case"] = [_("This case is of another person.")]
    if len(notes or "") > 5000:
        errors["notes"] = [_("At most 5,000 characters.")]
    if errors:
        raise ValidationError(errors)
    if case is not None:
        require_active(case)
    if team is None:
        team = case.team if case is not None and case.team_id in actor.team_ids else None
        team = team or Team.objects.filter(pk__in=actor.team_ids, is_active=True).order_by("pk").first()
    elif team.pk not in actor.team_ids:
        raise ValidationError({"team": [_("Choose one of your teams.")]})
    unit = (
        team.unit if team is not None else Unit.objects.filter(pk__in=actor.unit_ids).order_by("pk").first()
    )
    service = ServiceDelivery.objects.create(
        person=person,
        case=case,
        service_type=service_type,
        need=SERVICE_NEED[ServiceType(service_type)],
        delivered_at=delivered_at,
        delivered_by=actor,
        modality=modality,
        site=site,
        admin_unit=admin_unit,
        duration_minutes=duration_minutes,
        notes=(notes or "").strip(),
        sensitive=bool(sensitive)
        or service_type in SENSITIVE_SERVICE_TYPES
        or (case is not None and case.is_sensitive),
        agency_id=team.agency_id if team is not None else actor.agency_id,
        unit=unit,
        team=team,
    )
    if case is not None and (case.last_contact_at is None or case.last_contact_at < delivered_at):
        case.last_contact_at = delivered_at
        case.save(update_fields=["last_contact_at", "updated_at"])
    audit_record(
        actor=actor,
        action=RECORD_ACTION,
        obj=service,
        changes={
            "service_type": [None, service_type],
            "modality": [None, modality],
            "delivered_at": [None, delivered_at.isoformat()],
            "person": [None, str(person.uuid)],
            "case": [None, case.reference if case else None],
            "duration_minutes": [None, duration_minutes],
            "sensitive": [None, service.sensitive],
        },
    )
    idempotent_remember(actor=actor, action=RECORD_ACTION, key=idempotency_key, obj=service)
    return service
