"""Writes of flow monitoring: record a day's count at a point (create or replace)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.countries import is_country
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.dtm.models.flows import FlowCount, FlowNationality
from sanad.dtm.services.validation import (
    audited_state,
    check_breakdown_adds_up,
    count,
    nationalities,
    require_manage,
    sex_age,
)
from sanad.geo.models import AdminUnit, Site

RECORD_ACTION = "dtm.flow_count.record"
AUDITED_FIELDS = (
    "point",
    "date",
    "direction",
    "route_country",
    "route_admin_unit",
    "total",
    "adult_men",
    "adult_women",
    "boys",
    "girls",
    "notes",
)


def flow_route_unit(*, actor, pcode: str) -> AdminUnit | None:
    """The baladiya a typed route P-code names (empty → None); an unknown P-code is a field error
    (bad input, not a missing page), for the entry form and the API alike."""
    from django.http import Http404

    from sanad.geo.selectors import admin_unit_get_by_pcode

    pcode = (pcode or "").strip().upper()
    if not pcode:
        return None
    try:
        return admin_unit_get_by_pcode(actor=actor, pcode=pcode)
    except Http404:
        raise ValidationError({"route_admin_unit": [_("No administrative unit has this P-code.")]}) from None


@transaction.atomic
def flow_count_record(
    *,
    actor,
    point: Site,
    date: datetime.date,
    direction: str,
    total,
    adult_men=0,
    adult_women=0,
    boys=0,
    girls=0,
    route_country: str = "",
    route_admin_unit: AdminUnit | None = None,
    nationality_counts: list[tuple[str, Any]] | None = None,
    notes: str = "",
    idempotency_key: str | None = None,
    today: datetime.date | None = None,
) -> FlowCount:
    """Record the count of one point, day and direction (and route).

    A count already recorded for the same key is replaced, and the audit event carries what
    changed; the same figures submitted again change nothing and write no event.
    """
    require_manage(actor)
    previous = idempotent_lookup(actor=actor, action=RECORD_ACTION, key=idempotency_key, model=FlowCount)
    if previous is not None:
        return previous
    errors: dict[str, list[str]] = {}
    if point is None or point.site_type != Site.Type.FLOW_MONITORING_POINT:
        errors["point"] = [_("Choose a flow-monitoring point.")]
    if not isinstance(date, datetime.date):
        errors["date"] = [_("Enter a valid date.")]
    elif date > (today or datetime.date.today()):
        errors["date"] = [_("The date cannot be in the future.")]
    if direction not in FlowCount.Direction.values:
        errors["direction"] = [_("Choose inflow or outflow.")]
    route_country = (route_country or "").strip().upper()
    if route_country and not is_country(route_country):
        errors["route_country"] = [_("Not a known country code (ISO 3166 alpha-3).")]
    if route_country and route_admin_unit is not None:
        errors["route_admin_unit"] = [_("Give either a country or a baladiya, not both.")]
    if route_admin_unit is not None and route_admin_unit.level != AdminUnit.Level.BALADIYA:
        errors["route_admin_unit"] = [_("Choose a baladiya.")]
    total_n = count(total, "total", errors)
    breakdown = sex_age(
        {"adult_men": adult_men, "adult_women": adult_women, "boys": boys, "girls": girls}, errors
    )
    check_breakdown_adds_up(breakdown, total_n, "total", errors)
    by_nationality = nationalities(nationality_counts, total_n, errors)
    if errors:
        raise ValidationError(errors)

    route_key = route_country or (route_admin_unit.pcode if route_admin_unit else "")
    flow = (
        FlowCount.objects.select_for_update()
        .filter(point=point, date=date, direction=direction, route_key=route_key)
        .first()
    )
    before = audited_state(flow, AUDITED_FIELDS) if flow is not None else {}
    if flow is None:
        flow = FlowCount(point=point, date=date, direction=direction, route_key=route_key)
    flow.route_country = route_country
    flow.route_admin_unit = route_admin_unit
    flow.total = total_n
    for name, value in breakdown.items():
        setattr(flow, name, value)
    flow.notes = (notes or "").strip()
    after_fields = snapshot(flow, AUDITED_FIELDS)
    after = {**after_fields, "nationalities": by_nationality}
    changes = diff(before, after)
    if before and not changes:
        idempotent_remember(actor=actor, action=RECORD_ACTION, key=idempotency_key, obj=flow)
        return flow
    flow.recorded_by = actor
    flow.save()
    if before.get("nationalities") != by_nationality:
        flow.nationalities.all().delete()
        FlowNationality.objects.bulk_create(
            FlowNationality(flow=flow, nationality=code, individuals=n) for code, n in by_nationality.items()
        )
    idempotent_remember(actor=actor, action=RECORD_ACTION, key=idempotency_key, obj=flow)
    audit_record(
        actor=actor,
        action="dtm.flow_count.update" if before else "dtm.flow_count.create",
        obj=flow,
        changes=changes,
    )
    return flow
