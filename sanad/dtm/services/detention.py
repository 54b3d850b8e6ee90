"""Writes of detention-centre profiles: record a centre's snapshot for a date (create or replace)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.dtm.models.detention import CONDITIONS, DetentionNationality, DetentionSnapshot, Rating
from sanad.dtm.services.validation import (
    audited_state,
    check_breakdown_adds_up,
    count,
    nationalities,
    require_manage,
    sex_age,
)
from sanad.geo.models import Site

RECORD_ACTION = "dtm.detention_snapshot.record"
AUDITED_FIELDS = (
    "centre",
    "date",
    "occupancy",
    "capacity",
    "adult_men",
    "adult_women",
    "boys",
    "girls",
    *CONDITIONS,
    *(f"{c}_note" for c in CONDITIONS),
    "notes",
)


@transaction.atomic
def detention_snapshot_record(
    *,
    actor,
    centre: Site,
    date: datetime.date,
    occupancy,
    capacity=None,
    adult_men=0,
    adult_women=0,
    boys=0,
    girls=0,
    conditions: dict[str, str] | None = None,
    condition_notes: dict[str, str] | None = None,
    nationality_counts: list[tuple[str, Any]] | None = None,
    notes: str = "",
    idempotency_key: str | None = None,
    today: datetime.date | None = None,
) -> DetentionSnapshot:
    """Record a centre's snapshot for ``date``; a snapshot already there for that date is replaced.

    ``conditions`` maps water / sanitation / health_access / food to a rating (adequate,
    insufficient, critical, or "" when not assessed); ``condition_notes`` gives a note for each.
    """
    require_manage(actor)
    previous = idempotent_lookup(
        actor=actor, action=RECORD_ACTION, key=idempotency_key, model=DetentionSnapshot
    )
    if previous is not None:
        return previous
    errors: dict[str, list[str]] = {}
    if centre is None or centre.site_type != Site.Type.DETENTION_CENTRE:
        errors["centre"] = [_("Choose a detention centre.")]
    if not isinstance(date, datetime.date):
        errors["date"] = [_("Enter a valid date.")]
    elif date > (today or datetime.date.today()):
        errors["date"] = [_("The date cannot be in the future.")]
    occupancy_n = count(occupancy, "occupancy", errors)
    capacity_n = None if capacity in (None, "") else count(capacity, "capacity", errors)
    if capacity_n == 0 and "capacity" not in errors:
        errors["capacity"] = [_("Leave the capacity empty when it is not known; it cannot be 0.")]
    breakdown = sex_age(
        {"adult_men": adult_men, "adult_women": adult_women, "boys": boys, "girls": girls}, errors
    )
    check_breakdown_adds_up(breakdown, occupancy_n, "occupancy", errors)
    conditions = conditions or {}
    condition_notes = condition_notes or {}
    unknown = (set(conditions) | set(condition_notes)) - set(CONDITIONS)
    if unknown:
        errors.setdefault("conditions", []).append(
            _("Unknown condition: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    for key in CONDITIONS:
        value = conditions.get(key) or ""
        if value and value not in Rating.values:
            errors[key] = [_("Choose adequate, insufficient or critical.")]
        if len(condition_notes.get(key) or "") > 300:
            errors[f"{key}_note"] = [_("Keep the note under 300 characters.")]
    by_nationality = nationalities(nationality_counts, occupancy_n, errors)
    if errors:
        raise ValidationError(errors)

    item = DetentionSnapshot.objects.select_for_update().filter(centre=centre, date=date).first()
    before = audited_state(item, AUDITED_FIELDS) if item is not None else {}
    if item is None:
        item = DetentionSnapshot(centre=centre, date=date)
    item.occupancy = occupancy_n
    item.capacity = capacity_n
    for name, value in breakdown.items():
        setattr(item, name, value)
    for key in CONDITIONS:
        setattr(item, key, conditions.get(key) or "")
        setattr(item, f"{key}_note", (condition_notes.get(key) or "").strip())
    item.notes = (notes or "").strip()
    after = {**snapshot(item, AUDITED_FIELDS), "nationalities": by_nationality}
    changes = diff(before, after)
    if before and not changes:
        idempotent_remember(actor=actor, action=RECORD_ACTION, key=idempotency_key, obj=item)
        return item
    item.recorded_by = actor
    item.save()
    if before.get("nationalities") != by_nationality:
        item.nationalities.all().delete()
        DetentionNationality.objects.bulk_create(
            DetentionNationality(snapshot=item, nationality=code, individuals=n)
            for code, n in by_nationality.items()
        )
    idempotent_remember(actor=actor, action=RECORD_ACTION, key=idempotency_key, obj=item)
    audit_record(
        actor=actor,
        action="dtm.detention_snapshot.update" if before else "dtm.detention_snapshot.create",
        obj=item,
        changes=changes,
    )
    return item
