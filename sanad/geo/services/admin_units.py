"""Admin units added in Sanad (Libya has created municipalities the COD does not list yet)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission
from sanad.geo.models import AdminUnit
from sanad.geo.validation import clean_coordinates, normalise_name, normalise_pcode, pcode_errors

AUDITED_FIELDS = (
    "pcode",
    "level",
    "parent",
    "name_en",
    "name_ar",
    "name_fr",
    "latitude",
    "longitude",
    "is_active",
)
EDITABLE_FIELDS = frozenset(AUDITED_FIELDS)


def _require(actor) -> None:
    if not has_permission(actor, "geo.manage_admin_units"):
        raise DomainError(_("You may not manage administrative units."), code="forbidden")


def _validate(unit: AdminUnit) -> None:
    """Field-level checks shared by create and update; ``unit`` holds the proposed values."""
    errors: dict[str, list[str]] = {}
    if not unit.name_en:
        errors["name_en"] = [_("Give the English name.")]
    parent = unit.parent
    found = pcode_errors(
        pcode=unit.pcode,
        level=unit.level,
        parent_pcode=parent.pcode if parent else None,
        parent_level=parent.level if parent else None,
    )
    for name, message in found.items():
        errors.setdefault(name, []).append(message)
    if "pcode" not in errors:
        clash = AdminUnit.objects.filter(pcode=unit.pcode).exclude(pk=unit.pk).first()
        if clash is not None:
            errors["pcode"] = [
                _("The P-code %(pcode)s is already used by %(unit)s.")
                % {"pcode": unit.pcode, "unit": clash.name_en}
            ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def admin_unit_create(
    *,
    actor,
    pcode: str,
    level: int,
    parent: AdminUnit | None,
    name_en: str,
    name_ar: str = "",
    name_fr: str = "",
    latitude=None,
    longitude=None,
) -> AdminUnit:
    _require(actor)
    lat, lon = clean_coordinates(latitude, longitude)
    unit = AdminUnit(
        pcode=normalise_pcode(pcode),
        level=int(level) if level else 0,
        parent=parent,
        name_en=normalise_name(name_en),
        name_ar=normalise_name(name_ar),
        name_fr=normalise_name(name_fr),
        latitude=lat,
        longitude=lon,
        source=AdminUnit.Source.LOCAL,
    )
    _validate(unit)
    unit.save()
    audit_record(
        actor=actor,
        action="geo.admin_unit.create",
        obj=unit,
        changes=diff({}, snapshot(unit, AUDITED_FIELDS)),
    )
    return unit


@transaction.atomic
def admin_unit_update(*, actor, unit: AdminUnit, data: dict[str, Any]) -> AdminUnit:
    """Change a unit added in Sanad. COD-AB units change only by reloading the gazetteer.

    The P-code, level and parent of a unit that has children stay fixed: its children's
    P-codes are built on them.
    """
    _require(actor)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    unit = AdminUnit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
    if unit.source != AdminUnit.Source.LOCAL:
        raise DomainError(
            _("%(unit)s comes from the OCHA COD-AB; it changes only when the gazetteer is reloaded.")
            % {"unit": unit.name_en},
            code="not_local",
        )
    before = snapshot(unit, AUDITED_FIELDS)
    if "pcode" in data:
        unit.pcode = normalise_pcode(data["pcode"])
    if "level" in data:
        unit.level = int(data["level"]) if data["level"] else 0
    if "parent" in data:
        unit.parent = data["parent"]
    for name in ("name_en", "name_ar", "name_fr"):
        if name in data:
            setattr(unit, name, normalise_name(data[name]))
    if "latitude" in data or "longitude" in data:
        unit.latitude, unit.longitude = clean_coordinates(
            data.get("latitude", unit.latitude), data.get("longitude", unit.longitude)
        )
    if "is_active" in data:
        unit.is_active = bool(data["is_active"])
    structural = (
        unit.pcode != before["pcode"]
        or unit.level != before["level"]
        or (str(unit.parent.uuid) if unit.parent else None) != before["parent"]
    )
    if structural and unit.children.exists():
        raise ValidationError(
            {"pcode": [_("This unit has units under it: its P-code, level and parent cannot change.")]}
        )
    _validate(unit)
    after = snapshot(unit, AUDITED_FIELDS)
    changes = diff(before, after)
    if not changes:
        return unit
    unit.save()
    audit_record(actor=actor, action="geo.admin_unit.update", obj=unit, changes=changes)
    return unit
