"""Writes of emergency event tracking: events, rapid assessments, publishing the baseline."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.dtm.models.events import EmergencyEvent, PriorityNeed, RapidAssessment
from sanad.dtm.services.validation import count, require_manage
from sanad.geo.models import AdminUnit, Site

EVENT_CREATE = "dtm.event.create"
ASSESSMENT_CREATE = "dtm.assessment.create"
EVENT_FIELDS = ("title", "event_type", "started_at", "admin_units", "description", "published_at")
EDITABLE_EVENT_FIELDS = {"title", "event_type", "started_at", "admin_units", "description"}
ASSESSMENT_FIELDS = (
    "event",
    "admin_unit",
    "site",
    "assessed_on",
    "households",
    "individuals",
    "priority_need_1",
    "priority_need_2",
    "priority_need_3",
    "notes",
)


def _event_state(event: EmergencyEvent) -> dict[str, Any]:
    state = snapshot(event, [f for f in EVENT_FIELDS if f != "admin_units"])
    state["admin_units"] = sorted(u.pcode for u in event.admin_units.all()) if event.pk else []
    return state


def _validate_event(data: dict[str, Any], now: datetime.datetime, errors: dict[str, list[str]]) -> None:
    if "title" in data and not (data["title"] or "").strip():
        errors["title"] = [_("Give the event a short title.")]
    if "event_type" in data and data["event_type"] not in EmergencyEvent.Type.values:
        errors["event_type"] = [_("Choose the type of event.")]
    if "started_at" in data:
        started = data["started_at"]
        if not isinstance(started, datetime.datetime) or timezone.is_naive(started):
            errors["started_at"] = [_("Enter the date and time the event started.")]
        elif started > now:
            errors["started_at"] = [_("The start cannot be in the future.")]
    if "admin_units" in data and not list(data["admin_units"] or []):
        errors["admin_units"] = [_("Choose at least one affected administrative unit.")]
    elif "admin_units" in data and any(u.level != AdminUnit.Level.BALADIYA for u in data["admin_units"]):
        # Event tracking counts by baladiya (the page offers baladiyas only; the API took any level).
        errors["admin_units"] = [_("Choose baladiyas.")]


@transaction.atomic
def event_create(
    *,
    actor,
    title: str,
    event_type: str,
    started_at: datetime.datetime,
    admin_units: list[AdminUnit],
    description: str = "",
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
) -> EmergencyEvent:
    require_manage(actor)
    previous = idempotent_lookup(actor=actor, action=EVENT_CREATE, key=idempotency_key, model=EmergencyEvent)
    if previous is not None:
        return previous
    data = {"title": title, "event_type": event_type, "started_at": started_at, "admin_units": admin_units}
    errors: dict[str, list[str]] = {}
    _validate_event(data, now or timezone.now(), errors)
    if errors:
        raise ValidationError(errors)
    event = EmergencyEvent.objects.create(
        title=title.strip(),
        event_type=event_type,
        started_at=started_at,
        description=(description or "").strip(),
        created_by=actor,
    )
    event.admin_units.set(admin_units)
    idempotent_remember(actor=actor, action=EVENT_CREATE, key=idempotency_key, obj=event)
    audit_record(actor=actor, action=EVENT_CREATE, obj=event, changes=diff({}, _event_state(event)))
    return event


@transaction.atomic
def event_update(
    *, actor, event: EmergencyEvent, data: dict[str, Any], now: datetime.datetime | None = None
) -> EmergencyEvent:
    """Change the given fields; the audit event carries before → after of each change."""
    require_manage(actor)
    unknown = set(data) - EDITABLE_EVENT_FIELDS
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
    errors: dict[str, list[str]] = {}
    _validate_event(data, now or timezone.now(), errors)
    if errors:
        raise ValidationError(errors)
    event = EmergencyEvent.objects.select_for_update().get(pk=event.pk)
    before = _event_state(event)
    for name in ("title", "description"):
        if name in data:
            setattr(event, name, (data[name] or "").strip())
    for name in ("event_type", "started_at"):
        if name in data:
            setattr(event, name, data[name])
    event.save()
    if "admin_units" in data:
        event.admin_units.set(data["admin_units"])
    changes = diff(before, _event_state(event))
    if changes:
        audit_record(actor=actor, action="dtm.event.update", obj=event, changes=changes)
    return event


@transaction.atomic
def event_publish(*, actor, event: EmergencyEvent, now: datetime.datetime | None = None) -> EmergencyEvent:
    """Mark the event's baseline as published now; publishing again keeps the first time."""
    require_manage(actor)
    event = EmergencyEvent.objects.select_for_update().get(pk=event.pk)
    if event.published_at is not None:
        return event
    if not event.assessments.exists():
        raise DomainError(
            _("Record at least one rapid assessment before publishing the baseline."), code="no_assessment"
        )
    before = _event_state(event)
    event.published_at = now or timezone.now()
    event.published_by = actor
    event.save(update_fields=["published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor, action="dtm.event.publish", obj=event, changes=diff(before, _event_state(event))
    )
    return event


@transaction.atomic
def assessment_create(
    *,
    actor,
    event: EmergencyEvent,
    admin_unit: AdminUnit | None,
    assessed_on: datetime.date,
    households,
    individuals,
    priority_needs: list[str] | tuple[str, ...] = (),
    site: Site | None = None,
    notes: str = "",
    idempotency_key: str | None = None,
    today: datetime.date | None = None,
) -> RapidAssessment:
    require_manage(actor)
    previous = idempotent_lookup(
        actor=actor, action=ASSESSMENT_CREATE, key=idempotency_key, model=RapidAssessment
    )
    if previous is not None:
        return previous
    errors: dict[str, list[str]] = {}
    if admin_unit is None:
        errors["admin_unit"] = [_("Choose the location.")]
    elif admin_unit.level != AdminUnit.Level.BALADIYA:
        errors["admin_unit"] = [_("Choose a baladiya.")]
    elif site is not None and not site.admin_unit.pcode.startswith(admin_unit.pcode):
        errors["site"] = [_("This site is not in the chosen location.")]
    if not isinstance(assessed_on, datetime.date):
        errors["assessed_on"] = [_("Enter a valid date.")]
    elif assessed_on < timezone.localdate(event.started_at):
        errors["assessed_on"] = [_("The assessment cannot be before the event started.")]
    elif assessed_on > (today or timezone.localdate()):
        errors["assessed_on"] = [_("The date cannot be in the future.")]
    households_n = count(households, "households", errors)
    individuals_n = count(individuals, "individuals", errors)
    if not errors and individuals_n < households_n:
        errors["individuals"] = [_("There cannot be fewer individuals than households.")]
    needs = [n for n in (priority_needs or ()) if n]
    if not needs:
        errors["priority_needs"] = [_("Give at least the first priority need.")]
    elif len(needs) > 3:
        errors["priority_needs"] = [_("Give at most three priority needs.")]
    elif any(n not in PriorityNeed.values for n in needs):
        errors["priority_needs"] = [_("Choose the needs from the list.")]
    elif len(set(needs)) != len(needs):
        errors["priority_needs"] = [_("Each need can be given only once.")]
    if errors:
        raise ValidationError(errors)
    needs = needs + [""] * (3 - len(needs))
    assessment = RapidAssessment.objects.create(
        event=event,
        admin_unit=admin_unit,
        site=site,
        assessed_on=assessed_on,
        households=households_n,
        individuals=individuals_n,
        priority_need_1=needs[0],
        priority_need_2=needs[1],
        priority_need_3=needs[2],
        notes=(notes or "").strip(),
        recorded_by=actor,
    )
    idempotent_remember(actor=actor, action=ASSESSMENT_CREATE, key=idempotency_key, obj=assessment)
    audit_record(
        actor=actor,
        action=ASSESSMENT_CREATE,
        obj=assessment,
        changes=diff({}, snapshot(assessment, ASSESSMENT_FIELDS)),
    )
    return assessment
