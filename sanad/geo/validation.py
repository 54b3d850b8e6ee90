"""Pure validation rules of the gazetteer (no database): names, P-codes, coordinates."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Libya's bounding box, with a small margin for border crossings.
LIBYA_LAT_MIN, LIBYA_LAT_MAX = Decimal("19.5"), Decimal("33.5")
LIBYA_LON_MIN, LIBYA_LON_MAX = Decimal("9.3"), Decimal("25.2")
LIBYA_BOUNDS = ((float(LIBYA_LAT_MIN), float(LIBYA_LON_MIN)), (float(LIBYA_LAT_MAX), float(LIBYA_LON_MAX)))

PCODE_RE = re.compile(r"^[A-Z]{2}[0-9A-Z]{2,16}$")
_SIX_PLACES = Decimal("0.000001")
_WHITESPACE = re.compile(r"\s+")


def normalise_name(value: str | None) -> str:
    """Names are stored as given, except that runs of whitespace become one space and the ends
    are trimmed: the COD's double spaces ("Qasr  Akhyar") are shapefile artefacts that would
    otherwise make a search for the name as people type it fail. Nothing else is changed."""
    return _WHITESPACE.sub(" ", value or "").strip()


def normalise_pcode(value: str | None) -> str:
    return (value or "").strip().upper()


def pcode_errors(
    *, pcode: str, level: int, parent_pcode: str | None, parent_level: int | None
) -> dict[str, str]:
    """Why ``pcode`` at ``level`` under the given parent is inconsistent; empty when it is fine.

    Rules: a P-code is two capital letters then 2–16 digits or capitals; a region (level 1) has
    no parent; any other unit has a parent exactly one level up, and its P-code extends the
    parent's P-code by at least one character.
    """
    errors: dict[str, str] = {}
    if not PCODE_RE.match(pcode or ""):
        errors["pcode"] = _("A P-code is two capital letters followed by 2 to 16 digits or capital letters.")
    if level not in (1, 2, 3, 4):
        errors["level"] = _("The level must be 1 (region) to 4 (muhalla).")
        return errors
    if level == 1:
        if parent_pcode is not None:
            errors["parent"] = _("A region has no parent unit.")
        return errors
    if parent_pcode is None:
        errors["parent"] = _("Choose the parent unit (one level up).")
        return errors
    if parent_level != level - 1:
        errors["parent"] = _(
            "The parent must be one level up: a unit of level %(level)s has a parent of level %(expected)s."
        ) % {
            "level": level,
            "expected": level - 1,
        }
    if "pcode" not in errors and (not pcode.startswith(parent_pcode) or len(pcode) <= len(parent_pcode)):
        errors["pcode"] = _(
            "The P-code must start with the parent's P-code %(parent)s and add at least one character."
        ) % {"parent": parent_pcode}
    return errors


def parse_coordinate(value, field: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number, e.g. 32.8872.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number, e.g. 32.8872.")})
    return number.quantize(_SIX_PLACES, rounding=ROUND_HALF_UP)


def clean_coordinates(latitude, longitude) -> tuple[Decimal | None, Decimal | None]:
    """Both or neither, and inside Libya. Raises a field-level ValidationError."""
    lat = parse_coordinate(latitude, "latitude")
    lon = parse_coordinate(longitude, "longitude")
    errors: dict[str, str] = {}
    if lat is None and lon is not None:
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
    if lon is None and lat is not None:
        errors["longitude"] = _("Give both latitude and longitude, or neither.")
    if lat is not None and not (LIBYA_LAT_MIN <= lat <= LIBYA_LAT_MAX):
        errors["latitude"] = _("The latitude must lie in Libya, between %(min)s and %(max)s.") % {
            "min": LIBYA_LAT_MIN,
            "max": LIBYA_LAT_MAX,
        }
    if lon is not None and not (LIBYA_LON_MIN <= lon <= LIBYA_LON_MAX):
        errors["longitude"] = _("The longitude must lie in Libya, between %(min)s and %(max)s.") % {
            "min": LIBYA_LON_MIN,
            "max": LIBYA_LON_MAX,
        }
    if errors:
        raise ValidationError(errors)
    return lat, lon
