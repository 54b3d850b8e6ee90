"""The row parser never crashes: every value is either read or refused with a clear message."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.registry.services.import_rows import (
    Lookups,
    normalise_column,
    parse_date_of_birth,
    parse_phone,
    parse_row,
    parse_sex,
    read_table,
    split_arabic_name,
)
from sanad.registry.validation import phone_normalise

LOOKUPS = Lookups(admin_units={"LY010304": 1}, sites={"al sabri": 7}, site_units={7: 1})
TODAY = datetime.date(2026, 6, 1)

any_text = st.text(max_size=40)


def _clear(value, error):
    assert (value is None) != (error is None), (value, error)
    if error is not None:
        assert isinstance(error, str) and error.strip()


@given(any_text)
def test_sex_is_read_or_refused(text):
    value, error = parse_sex(text)
    _clear(value, error)
    if value is not None:
        assert value in {"M", "F", "U"}


@given(st.one_of(any_text, st.dates().map(str), st.integers(-10, 10000).map(str)))
def test_dates_are_read_or_refused(text):
    value, error = parse_date_of_birth(text, today=TODAY)
    _clear(value, error)
    if value is not None:
        date, precision = value
        assert precision in {"exact", "year"}
        assert date is None or datetime.date(1900, 1, 1) <= date <= TODAY
    else:
        assert "date_of_birth" in error


@given(st.dates(datetime.date(1900, 1, 1), TODAY))
def test_every_real_date_is_read_exactly(date):
    assert parse_date_of_birth(date.isoformat(), today=TODAY) == ((date, "exact"), None)
    assert parse_date_of_birth(str(date.year), today=TODAY) == (
        (datetime.date(date.year, 1, 1), "year"),
        None,
    )


def test_examples_of_dates():
    assert parse_date_of_birth("1995-13-01", today=TODAY)[1] == (
        "date_of_birth '1995-13-01' is not a date (use YYYY-MM-DD or YYYY)"
    )
    assert "plausible" in parse_date_of_birth("1850", today=TODAY)[1]
    assert "future" in parse_date_of_birth("2026-12-31", today=TODAY)[1]
    assert parse_date_of_birth("", today=TODAY) == ((None, "exact"), None)


@given(st.one_of(any_text, st.from_regex(r"\+?[0-9 ()\-]{0,20}", fullmatch=True)))
def test_phones_are_read_or_refused(text):
    value, error = parse_phone(text)
    _clear(value, error)
    if value:
        assert value.startswith("+") and value[1:].isdigit()


@settings(max_examples=300)
@given(
    st.sampled_from(["", "0", "+218", "00218", "+218 ", "0 "]),
    st.sampled_from("12345"),
    st.from_regex(r"[0-9]{7}", fullmatch=True),
    st.sampled_from(["", " ", "-"]),
)
def test_libyan_mobile_shortcut_agrees_with_phonenumbers(prefix, operator, rest, separator):
    typed = f"{prefix}9{operator}{separator}{rest[:3]}{separator}{rest[3:]}"
    assert parse_phone(typed)[0] == phone_normalise(typed) == f"+2189{operator}{rest}"


@given(st.dictionaries(st.sampled_from(["external_id", "sex", "date_of_birth", "phone", "nationality",
                                        "admin_pcode", "site", "relationship", "household_id", "name_ar",
                                        "population_group", "given_name"]), any_text))  # fmt: skip
def test_any_row_is_parsed_or_refused(record):
    parsed, errors = parse_row(5, record, LOOKUPS)
    assert (parsed is None) == bool(errors)
    for error in errors:
        assert error.row == 5 and error.message and error.line().startswith("Row 5: ")


def test_arabic_names_are_split_into_parts():
    assert split_arabic_name("محمد علي حسن عبدالله") == ("محمد", "علي", "حسن", "عبدالله")
    assert split_arabic_name("عبد الرحمن محمد أبو بكر") == ("عبد الرحمن", "محمد", "", "أبو بكر")
    assert split_arabic_name("نور الدين خالد") == ("نور الدين", "", "", "خالد")
    assert split_arabic_name("فاطمة") == ("فاطمة", "", "", "")
    assert split_arabic_name("أ ب ج د هـ") == ("أ", "ب", "ج", "د هـ")
    assert split_arabic_name("   ") == ("", "", "", "")


@given(any_text)
def test_split_never_loses_a_word(text):
    parts = split_arabic_name(text)
    assert " ".join(p for p in parts if p).split() == text.split()


def test_column_names_are_case_and_space_insensitive():
    assert normalise_column(" Date of Birth ") == "date_of_birth"
    assert normalise_column("\ufeffEXTERNAL-ID") == "external_id"


@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused(data):
    from sanad.registry.services.import_rows import ImportFileError

    for name in ("x.csv", "x.xlsx"):
        try:
            header, body = read_table(data, name)
            list(body)
        except ImportFileError as exc:
            assert exc.message
