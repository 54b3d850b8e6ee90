"""Sites: detention centres, disembarkation points, shelters, health facilities, …"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.permissions import has_permission
from sanad.geo.models import AdminUnit, Site
from sanad.geo.validation import clean_coordinates, normalise_name

AUDITED_FIELDS = (
    "site_type",
    "name_en",
    "name_ar",
    "admin_unit",
    "latitude",
    "longitude",
    "notes",
    "is_active",
)
EDITABLE_FIELDS = frozenset(AUDITED_FIELDS)
CREATE_ACTION = "geo.site.create"


def _require(actor) -> None:
    if not has_permission(actor, "sites.manage"):
        raise DomainError(_("You may not manage sites."), code="forbidden")


def _coordinates(latitude, longitude, errors: dict[str, list[str]]):
    """Clean coordinates, collecting their errors with the others so the user sees all at once."""
    try:
        return clean_coordinates(latitude, longitude)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None, None


def _validate(site: Site, *, unit_changed: bool = True, errors: dict[str, list[str]] | None = None) -> None:
    errors = dict(errors or {})
    if site.site_type not in Site.Type.values:
        errors["site_type"] = [_("Choose a site type from the list.")]
    if not site.name_en:
        errors["name_en"] = [_("Give the English name of the site.")]
    if len(site.name_en) > 200:
        errors["name_en"] = [_("The name is too long (200 characters at most).")]
    if len(site.name_ar) > 200:
        errors["name_ar"] = [_("The name is too long (200 characters at most).")]
    if site.admin_unit_id is None:
        errors["admin_unit"] = [_("Choose the administrative unit the site lies in.")]
    elif unit_changed and not site.admin_unit.is_active:
        errors["admin_unit"] = [_("This administrative unit is no longer active.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def site_create(
    *,
    actor,
    site_type: str,
    name_en: str,
    admin_unit: AdminUnit | None,
    name_ar: str = "",
    latitude=None,
    longitude=None,
    notes: str = "",
    idempotency_key: str | None = None,
) -> Site:
    """Create a site. A retried request with the same ``idempotency_key`` returns the first site."""
    _require(actor)
    previous = idempotent_lookup(actor=actor, action=CREATE_ACTION, key=idempotency_key, model=Site)
    if previous is not None:
        return previous
    errors: dict[str, list[str]] = {}
    lat, lon = _coordinates(latitude, longitude, errors)
    site = Site(
        site_type=site_type,
        name_en=normalise_name(name_en),
        name_ar=normalise_name(name_ar),
        admin_unit=admin_unit,
        latitude=lat,
        longitude=lon,
        notes=(notes or "").strip(),
        created_by=actor,
    )
    _validate(site, errors=errors)
    site.save()
    idempotent_remember(actor=actor, action=CREATE_ACTION, key=idempotency_key, obj=site)
    audit_record(
        actor=actor, action=CREATE_ACTION, obj=site, changes=diff({}, snapshot(site, AUDITED_FIELDS))
    )
    return site


def _apply(site: Site, data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    if "site_type" in data:
        site.site_type = data["site_type"]
    for name in ("name_en", "name_ar"):
        if name in data:
            setattr(site, name, normalise_name(data[name]))
    if "notes" in data:
        site.notes = (data["notes"] or "").strip()
    if "admin_unit" in data:
        site.admin_unit = data["admin_unit"]
    if "latitude" in data or "longitude" in data:
        site.latitude, site.longitude = _coordinates(
            data.get("latitude", site.latitude), data.get("longitude", site.longitude), errors
        )
    if "is_active" in data:
        site.is_active = bool(data["is_active"])


@transaction.atomic
def site_update(*, actor, site: Site, data: dict[str, Any]) -> Site:
    """Change the given fields of a site; the audit event carries before → after of each change."""
    _require(actor)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    site = Site.objects.select_for_update(of=("self",)).select_related("admin_unit").get(pk=site.pk)
    before = snapshot(site, AUDITED_FIELDS)
    previous_unit_id = site.admin_unit_id
    errors: dict[str, list[str]] = {}
    _apply(site, data, errors)
    _validate(site, unit_changed=site.admin_unit_id != previous_unit_id, errors=errors)
    changes = diff(before, snapshot(site, AUDITED_FIELDS))
    if not changes:
        return site
    site.save()
    audit_record(actor=actor, action="geo.site.update", obj=site, changes=changes)
    return site


@transaction.atomic
def site_set_active(*, actor, site: Site, is_active: bool) -> Site:
    """Deactivate (keeps the site and its history; hides it from pickers) or reactivate."""
    _require(actor)
    site = Site.objects.select_for_update().get(pk=site.pk)
    if site.is_active == is_active:
        return site
    site.is_active = is_active
    site.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=actor,
        action="geo.site.reactivate" if is_active else "geo.site.deactivate",
        obj=site,
        changes={"is_active": [not is_active, is_active]},
    )
    return site
