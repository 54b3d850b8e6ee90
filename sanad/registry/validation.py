"""Parsing and normalising what people type: phones, document numbers, dates of birth.

Pure functions without database access, shared by the services, the importer and the search.
"""

from __future__ import annotations

import datetime
import re

import phonenumbers
from django.utils import timezone

from sanad.registry.models import DatePrecision

# Numbers written without a country code are read as Libyan ones (as typed in the field).
DEFAULT_PHONE_REGION = "LY"
_DOCUMENT_JUNK = re.compile(r"[^0-9A-Z]+")
_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def western_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII digits (phones are often typed with them)."""
    return (text or "").translate(_EASTERN_DIGITS)


def phone_normalise(text: str) -> str | None:
    """The E.164 form of a typed phone number, or None when it cannot be a phone number."""
    text = western_digits(text).strip()
    if not text:
        return None
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def document_number_normalise(text: str) -> str:
    """Upper case, letters and digits only: what search and matching compare."""
    return _DOCUMENT_JUNK.sub("", western_digits(text).upper())[:60]


def date_of_birth_normalise(
    value: datetime.date | None, precision: str, *, age: int | None = None, today: datetime.date | None = None
) -> tuple[datetime.date | None, str]:
    """The stored date and precision: a year-only or estimated date is kept as 1 January of the
    year; an age (in years) gives the estimated year of birth."""
    today = today or timezone.localdate()
    if precision == DatePrecision.ESTIMATED and age is not None:
        return datetime.date(today.year - age, 1, 1), DatePrecision.ESTIMATED
    if value is None:
        return None, precision
    if precision in (DatePrecision.YEAR, DatePrecision.ESTIMATED):
        return datetime.date(value.year, 1, 1), precision
    return value, precision
