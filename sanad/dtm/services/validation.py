"""Validation shared by the services of field-collected DTM records."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanad.core.audit import snapshot
from sanad.core.countries import is_country
from sanad.core.permissions import has_permission
from sanad.dtm.models.counts import SEX_AGE_FIELDS

MANAGE = "dtm.manage"


def require_manage(actor) -> None:
    from django.core.exceptions import PermissionDenied

    if not has_permission(actor, MANAGE):
        raise PermissionDenied


def count(value, field: str, errors: dict[str, list[str]]) -> int:
    """A whole number of people, 0 or more."""
    if value in (None, ""):
        return 0
    try:
        number = int(value)
        if number != value and str(number) != str(value).strip():
            raise ValueError
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("Enter a whole number."))
        return 0
    if number < 0:
        errors.setdefault(field, []).append(_("A count cannot be negative."))
        return 0
    return number


def sex_age(data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, int]:
    return {name: count(data.get(name), name, errors) for name in SEX_AGE_FIELDS}


def check_breakdown_adds_up(
    breakdown: dict[str, int], total: int, total_field: str, errors: dict[str, list[str]]
) -> None:
    if errors:
        return
    counted = sum(breakdown.values())
    if counted != total:
        errors.setdefault(total_field, []).append(
            _(
                "Adult men, adult women, boys and girls add up to %(counted)s, not %(total)s. "
                "Correct the breakdown or the total."
            )
            % {"counted": counted, "total": total}
        )


def nationalities(
    rows, total: int, errors: dict[str, list[str]], field: str = "nationalities"
) -> dict[str, int]:
    """``[(code, individuals), ...]`` → ``{code: individuals}``; codes checked, no repeats, sum ≤ total."""
    out: dict[str, int] = {}
    for code, individuals in rows or ():
        code = (code or "").strip().upper()
        if not code and individuals in (None, "", 0):
            continue
        if not is_country(code):
            errors.setdefault(field, []).append(
                _("“%(code)s” is not a known country code (ISO 3166 alpha-3).") % {"code": code}
            )
            continue
        if code in out:
            errors.setdefault(field, []).append(_("%(code)s is listed twice.") % {"code": code})
            continue
        out[code] = count(individuals, field, errors)
    if sum(out.values()) > total and field not in errors:
        errors.setdefault(field, []).append(
            _("The nationalities add up to %(counted)s, more than the %(total)s people counted.")
            % {"counted": sum(out.values()), "total": total}
        )
    return {code: n for code, n in out.items() if n}


def audited_state(item, fields: tuple[str, ...]) -> dict[str, Any]:
    """The audited state of a count or snapshot: its fields plus its nationality breakdown."""
    state = snapshot(item, fields)
    state["nationalities"] = {n.nationality: n.individuals for n in item.nationalities.all()}
    return state
