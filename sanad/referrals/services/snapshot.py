"""The snapshot of a person that a referral shares: minimal by default, plus what the sender ticks.

The receiving side reads only this dictionary, taken when the referral is sent.
"""

from __future__ import annotations

import datetime
from typing import Any

from sanad.core.countries import country_name
from sanad.referrals.models import SharedField

MINIMAL_FIELDS = ("reference", "first_name", "sex", "age", "needs", "urgency")


def _age(date_of_birth: datetime.date | None, today: datetime.date) -> int | None:
    if date_of_birth is None:
        return None
    years = today.year - date_of_birth.year
    if (today.month, today.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return max(years, 0)


def assessment_summary(assessment) -> dict[str, Any]:
    """What of a screening a referral may share: instrument, score, band, priority, flags."""
    if assessment is None:
        return {}
    version = getattr(assessment, "instrument_version", None)
    instrument = getattr(version, "instrument", None)
    score = getattr(assessment, "score", None)
    return {
        "instrument": str(getattr(instrument, "name", "") or getattr(instrument, "code", "") or ""),
        "recorded_at": assessment.recorded_at.date().isoformat()
        if getattr(assessment, "recorded_at", None)
        else "",
        "score": str(score) if score is not None else "",
        "band": str(getattr(assessment, "band", "") or ""),
        "priority": str(getattr(assessment, "priority", "") or ""),
        "suggested_referrals": list(getattr(assessment, "suggested_referrals", []) or []),
    }


def build_snapshot(
    *,
    person,
    reference: str,
    urgency: str,
    needs: list[str],
    shared_fields: list[str],
    case_summary: str = "",
    assessment=None,
    today: datetime.date,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference": reference,
        "first_name": person.given_name,
        "first_name_ar": person.given_name_ar,
        "sex": person.sex,
        "age": _age(person.date_of_birth, today),
        "needs": list(needs),
        "urgency": urgency,
    }
    chosen = set(shared_fields)
    if SharedField.FULL_NAME in chosen:
        data["full_name"] = person.full_name
        data["full_name_ar"] = person.full_name_ar
    if SharedField.PHONE in chosen:
        phones = sorted(person.phones.all(), key=lambda p: (not p.is_primary, p.pk))
        data["phones"] = [p.number for p in phones]
    if SharedField.DATE_OF_BIRTH in chosen:
        data["date_of_birth"] = person.date_of_birth.isoformat() if person.date_of_birth else ""
        data["date_of_birth_precision"] = person.date_of_birth_precision
    if SharedField.NATIONALITY in chosen:
        data["nationality"] = person.nationality
        data["nationality_name"] = str(country_name(person.nationality)) if person.nationality else ""
    if SharedField.FLAGS in chosen:
        data["flags"] = sorted(person.flags.values_list("flag", flat=True))
    if SharedField.CASE_SUMMARY in chosen:
        data["case_summary"] = case_summary
    if SharedField.ASSESSMENT in chosen and assessment is not None:
        data["assessment"] = assessment_summary(assessment)
    return data
