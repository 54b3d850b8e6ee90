"""Reading and checking the rows of a people-import file (CSV or XLSX). No database writes.

The file format is documented in ``docs/import-template.md``. Every problem is reported as a
``RowError`` in plain language (in the active language); the importer writes nothing when there
is any. Parsers of single values never raise: they return ``(value, None)`` or ``(None, message)``.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from sanad.core.countries import country_resolve
from sanad.core.exports import Column, Table, table_render
from sanad.registry.models import PopulationGroup, Relationship, Sex
from sanad.registry.validation import phone_normalise

REQUIRED_COLUMNS = ("external_id",)
TEMPLATE_COLUMNS = (
    "external_id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "name_ar",
    "sex",
    "date_of_birth",
    "nationality",
    "phone",
    "admin_pcode",
    "site",
    "population_group",
    "household_id",
    "relationship",
)
# Optional columns for files that already hold the Arabic name in parts (they win over name_ar).
ARABIC_PART_COLUMNS = ("given_name_ar", "father_name_ar", "grandfather_name_ar", "family_name_ar")
KNOWN_COLUMNS = TEMPLATE_COLUMNS + ARABIC_PART_COLUMNS
NAME_COLUMNS = ("given_name", "father_name", "grandfather_name", "family_name", *ARABIC_PART_COLUMNS)
NAME_MAX = 100
EXTERNAL_ID_MAX = 100
EARLIEST_BIRTH_YEAR = 1900
FIRST_DATA_ROW = 2  # row 1 is the header, as in a spreadsheet

# Words that begin a compound Arabic name: "عبد الرحمن" is one name, not two.
_ARABIC_COMPOUND_FIRST = {"عبد", "ابو", "أبو", "ابن", "بن", "ام", "أم"}
_ARABIC_COMPOUND_LAST = {"الدين", "الله"}

SEX_VALUES = {
    "m": Sex.MALE,
    "male": Sex.MALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "ذكر": Sex.MALE,
    "أنثى": Sex.FEMALE,
    "انثى": Sex.FEMALE,
}
POPULATION_GROUP_VALUES = {
    **{value: value for value in PopulationGroup.values},
    "refugee / asylum seeker": PopulationGroup.REFUGEE,
    "asylum seeker": PopulationGroup.REFUGEE,
    "host community": PopulationGroup.HOST_COMMUNITY,
    "internally displaced person": PopulationGroup.IDP,
}
RELATIONSHIP_VALUES = {
    **{value: value for value in Relationship.values},
    "head of household": Relationship.HEAD,
    "wife": Relationship.SPOUSE,
    "husband": Relationship.SPOUSE,
    "son": Relationship.CHILD,
    "daughter": Relationship.CHILD,
    "father": Relationship.PARENT,
    "mother": Relationship.PARENT,
    "brother": Relationship.SIBLING,
    "sister": Relationship.SIBLING,
    "other relative": Relationship.OTHER_RELATIVE,
    "not related": Relationship.NOT_RELATED,
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (not UTF-8, not a workbook, no header …)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # the row number as a spreadsheet shows it (header = 1); 0 for the whole file
    column: str
    value: str
    message: str

    def line(self) -> str:
        if not self.row:
            return self.message
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass(slots=True)
class ParsedRow:
    row: int
    external_id: str
    values: dict[str, Any] = field(default_factory=dict)  # Person field name -> value
    phone: str = ""  # E.164
    phone_as_typed: str = ""
    household_id: str = ""


@dataclass
class Lookups:
    """Reference data the rows point at, loaded once: P-code -> admin unit id, site -> id."""

    admin_units: dict[str, int]  # upper-case P-code -> id
    sites: dict[str, int | None]  # folded name or uuid -> id (None when the name is ambiguous)
    site_units: dict[int, int] = field(default_factory=dict)  # site id -> its admin unit id


# ---------------------------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------------------------
def normalise_column(name: Any) -> str:
    """``" Date of Birth "`` -> ``date_of_birth``: case, spaces and hyphens do not matter."""
    text = str(name or "").strip().lstrip("\ufeff").casefold()
    return re.sub(r"[\s\-]+", "_", text)


def read_table(source: BinaryIO | bytes, file_name: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The normalised header and an iterator of ``(row_number, cells)`` (blank rows skipped)."""
    data = source if isinstance(source, bytes) else source.read()
    name = (file_name or "").lower()
    if name.endswith(".xlsx") or (not name.endswith((".csv", ".txt")) and data[:2] == b"PK"):
        rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")) or not name:
        rows = _csv_rows(data)
    else:
        raise ImportFileError(_("The file must be a .csv or an .xlsx file."))
    header: list[str] | None = None
    for _number, cells in rows:
        if any(cells):
            header = [normalise_column(c) for c in cells]
            break
    if header is None:
        raise ImportFileError(_("The file is empty: the first row must name the columns."))

    def body() -> Iterator[tuple[int, list[str]]]:
        for number, cells in rows:
            if any(cells):
                yield number, cells

    return header, body()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”, or upload the .xlsx file.")
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, [c.strip() for c in cells]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    sheet = workbook.worksheets[0]
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check_header(header: list[str]) -> list[RowError]:
    errors = []
    seen: set[str] = set()
    for column in header:
        if not column:
            continue
        if column not in KNOWN_COLUMNS:
            errors.append(
                RowError(
                    1,
                    column,
                    column,
                    _("column '%(column)s' is not a column of the template (see docs/import-template.md)")
                    % {"column": column},
                )
            )
        elif column in seen:
            errors.append(
                RowError(1, column, column, _("column '%(column)s' appears twice") % {"column": column})
            )
        seen.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            errors.append(
                RowError(1, column, "", _("the column '%(column)s' is missing") % {"column": column})
            )
    return errors


# ---------------------------------------------------------------------------------------------
# Single values: never raise; (value, None) or (None, message)
# ---------------------------------------------------------------------------------------------
def parse_sex(raw: str) -> tuple[str | None, str | None]:
    text = (raw or "").strip()
    if not text:
        return Sex.UNKNOWN.value, None
    value = SEX_VALUES.get(text.casefold())
    if value is None:
        return None, _("sex '%(value)s' must be M or F") % {"value": text}
    return value.value, None


_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


def _not_a_date(text: str) -> str:
    return _("date_of_birth '%(value)s' is not a date (use YYYY-MM-DD or YYYY)") % {"value": text}


def parse_date_of_birth(
    raw: str, *, today: datetime.date | None = None
) -> tuple[tuple[datetime.date | None, str] | None, str | None]:
    """``YYYY-MM-DD`` (exact) or ``YYYY`` (year only, stored as 1 January). Blank: unknown."""
    text = (raw or "").strip()
    if not text:
        return (None, "exact"), None
    today = today or datetime.date.today()
    if _YEAR.fullmatch(text):
        year, precision, value = int(text), "year", None
    elif _DATE.fullmatch(text):
        year_text, month_text, day_text = text.split("-")
        try:
            value = datetime.date(int(year_text), int(month_text), int(day_text))
        except ValueError:
            return None, _not_a_date(text)
        year, precision = value.year, "exact"
    else:
        return None, _not_a_date(text)
    if year < EARLIEST_BIRTH_YEAR or year > today.year:
        return None, _("date_of_birth '%(value)s' is not a plausible year of birth") % {"value": text}
    if value is None:
        value = datetime.date(year, 1, 1)
    elif value > today:
        return None, _("date_of_birth '%(value)s' is in the future") % {"value": text}
    return (value, precision), None


# Libyan mobile numbers as usually typed (091 234 5678, +218 91-234-5678): read without the
# phonenumbers library, which is slow at 100,000 rows; the result is the same E.164 number.
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]+")
_LIBYAN_MOBILE = re.compile(r"(?:\+218|00218|0)?(9[1-5][0-9]{7})")


@lru_cache(maxsize=4096)
def _phone_e164(text: str) -> str | None:
    if len(text) > 40:
        return None
    match = _LIBYAN_MOBILE.fullmatch(_PHONE_SEPARATORS.sub("", text))
    if match:
        return "+218" + match.group(1)
    return phone_normalise(text)


def parse_phone(raw: str) -> tuple[str | None, str | None]:
    """E.164 of a phone typed any usual way; Libyan numbers may be written without +218."""
    text = (raw or "").strip()
    if not text:
        return "", None
    value = _phone_e164(text)
    if value is None:
        return None, _(
            "phone '%(value)s' is not a phone number we can read (write it as 091 234 5678 or +218…)"
        ) % {"value": text}
    return value, None


def parse_nationality(raw: str) -> tuple[str | None, str | None]:
    """The code of a nationality written as a country name (English, Arabic, French) or code."""
    code = country_resolve(raw)
    if code is None:
        return None, _(
            "nationality '%(value)s' is not a country we know (write its name in English, Arabic "
            "or French, or its ISO 3166 alpha-3 code, e.g. SDN)"
        ) % {"value": " ".join((raw or "").split())}
    return code, None


def parse_choice(raw: str, *, column: str, values: dict) -> tuple[str | None, str | None]:
    text = (raw or "").strip()
    if not text:
        return "", None
    value = values.get(re.sub(r"\s+", " ", text.casefold()))
    if value is None:
        return None, _("%(column)s '%(value)s' is not one of: %(allowed)s") % {
            "column": column,
            "value": text,
            "allowed": ", ".join(sorted({str(v) for v in values.values()})),
        }
    return str(value), None


def split_arabic_name(text: str) -> tuple[str, str, str, str]:
    """(given, father, grandfather, family) from a full Arabic name.

    Compound names stay whole (``عبد الرحمن``, ``أبو بكر``, ``نور الدين``). Four parts map one to
    one; three are given, father, family; two are given, family; one is the given name; more
    than four put the rest in the family name.
    """
    tokens = (text or "").split()
    parts: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in _ARABIC_COMPOUND_FIRST and index + 1 < len(tokens):
            parts.append(f"{token} {tokens[index + 1]}")
            index += 2
            continue
        if token in _ARABIC_COMPOUND_LAST and parts:
            parts[-1] = f"{parts[-1]} {token}"
        else:
            parts.append(token)
        index += 1
    if not parts:
        return "", "", "", ""
    if len(parts) == 1:
        return parts[0], "", "", ""
    if len(parts) == 2:
        return parts[0], "", "", parts[1]
    if len(parts) == 3:
        return parts[0], parts[1], "", parts[2]
    return parts[0], parts[1], parts[2], " ".join(parts[3:])


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------
def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().casefold())


def site_key(text: str) -> str:
    return _fold(text)


def parse_row(
    number: int, record: dict[str, str], lookups: Lookups
) -> tuple[ParsedRow | None, list[RowError]]:
    """One row -> the Person values it sets, or its errors. Only columns present are set."""
    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(number, column, record.get(column, ""), message))

    external_id = record.get("external_id", "").strip()
    if not external_id:
        fail("external_id", _("external_id is missing (every row needs its own identifier)"))
    elif len(external_id) > EXTERNAL_ID_MAX:
        fail("external_id", _("external_id is longer than %(max)s characters") % {"max": EXTERNAL_ID_MAX})
    parsed = ParsedRow(row=number, external_id=external_id)
    values = parsed.values

    for column in ("given_name", "father_name", "grandfather_name", "family_name"):
        if column in record:
            values[column] = " ".join(record[column].split())
    if "name_ar" in record:
        for column, part in zip(ARABIC_PART_COLUMNS, split_arabic_name(record["name_ar"]), strict=True):
            values[column] = part
    for column in ARABIC_PART_COLUMNS:
        if column in record and (record[column].strip() or "name_ar" not in record):
            values[column] = " ".join(record[column].split())
    for column in NAME_COLUMNS:
        if len(values.get(column, "")) > NAME_MAX:
            fail(
                column,
                _("%(column)s is longer than %(max)s characters") % {"column": column, "max": NAME_MAX},
            )
    has_name = any(values.get(c) for c in ("given_name", "family_name", "given_name_ar", "family_name_ar"))
    if not has_name and any(c in record for c in (*NAME_COLUMNS, "name_ar")):
        fail("given_name", _("the row has no name: give at least given_name, family_name or name_ar"))

    if "sex" in record:
        value, error = parse_sex(record["sex"])
        if error:
            fail("sex", error)
        else:
            values["sex"] = value
    if "date_of_birth" in record:
        value, error = parse_date_of_birth(record["date_of_birth"])
        if error:
            fail("date_of_birth", error)
        else:
            values["date_of_birth"], values["date_of_birth_precision"] = value
    if "nationality" in record:
        value, error = parse_nationality(record["nationality"])
        if error:
            fail("nationality", error)
        else:
            values["nationality"] = value
    if "population_group" in record:
        value, error = parse_choice(
            record["population_group"], column="population_group", values=POPULATION_GROUP_VALUES
        )
        if error:
            fail("population_group", error)
        else:
            values["population_group"] = value or PopulationGroup.MIGRANT.value
    if "phone" in record:
        value, error = parse_phone(record["phone"])
        if error:
            fail("phone", error)
        else:
            parsed.phone, parsed.phone_as_typed = value, record["phone"].strip()[:40]

    if "admin_pcode" in record:
        pcode = record["admin_pcode"].strip().upper()
        values["admin_unit_id"] = None
        if pcode:
            unit_id = lookups.admin_units.get(pcode)
            if unit_id is None:
                fail("admin_pcode", _("admin_pcode '%(value)s' is not a known P-code") % {"value": pcode})
            else:
                values["admin_unit_id"] = unit_id
    if "site" in record:
        text = record["site"].strip()
        values["site_id"] = None
        if text:
            key = site_key(text)
            if key not in lookups.sites:
                fail(
                    "site",
                    _("site '%(value)s' is not a known site (use its name or its id)") % {"value": text},
                )
            elif lookups.sites[key] is None:
                fail(
                    "site",
                    _("site '%(value)s' names more than one site: use the site's id instead")
                    % {"value": text},
                )
            else:
                values["site_id"] = lookups.sites[key]
                if values.get("admin_unit_id") is None and lookups.site_units.get(values["site_id"]):
                    values["admin_unit_id"] = lookups.site_units[values["site_id"]]

    household_id = record.get("household_id", "").strip()
    if len(household_id) > EXTERNAL_ID_MAX:
        fail("household_id", _("household_id is longer than %(max)s characters") % {"max": EXTERNAL_ID_MAX})
    parsed.household_id = household_id
    if "relationship" in record:
        value, error = parse_choice(record["relationship"], column="relationship", values=RELATIONSHIP_VALUES)
        if error:
            fail("relationship", error)
        elif value and not household_id:
            fail(
                "relationship",
                _("relationship '%(value)s' needs a household_id") % {"value": record["relationship"]},
            )
        else:
            values["relationship"] = value
    return (None if errors else parsed), errors


def check_rows_together(rows: list[ParsedRow]) -> list[RowError]:
    """Rules across rows: unique external_id, one location and at most one head per household."""
    errors: list[RowError] = []
    first_row: dict[str, int] = {}
    households: dict[str, list[ParsedRow]] = {}
    for row in rows:
        if row.external_id in first_row:
            errors.append(
                RowError(
                    row.row,
                    "external_id",
                    row.external_id,
                    _("external_id '%(value)s' is already used in row %(first)s")
                    % {
                        "value": row.external_id,
                        "first": first_row[row.external_id],
                    },
                )
            )
        else:
            first_row[row.external_id] = row.row
        if row.household_id:
            households.setdefault(row.household_id, []).append(row)
    for household_id, members in households.items():
        first = members[0]
        for member in members[1:]:
            for column, key in (("admin_pcode", "admin_unit_id"), ("site", "site_id")):
                if member.values.get(key) != first.values.get(key):
                    errors.append(
                        RowError(
                            member.row,
                            column,
                            household_id,
                            _(
                                "household_id '%(household)s' has a different %(column)s here than in "
                                "row %(first)s: members of a household share one location"
                            )
                            % {"household": household_id, "column": column, "first": first.row},
                        )
                    )
        heads = [m for m in members if m.values.get("relationship") == Relationship.HEAD]
        for extra in heads[1:]:
            errors.append(
                RowError(
                    extra.row,
                    "relationship",
                    "head",
                    _("household_id '%(household)s' already has its head in row %(first)s")
                    % {"household": household_id, "first": heads[0].row},
                )
            )
    return errors


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


def error_report_csv(errors: list[RowError]) -> bytes:
    """The errors as a CSV file through ``core.exports`` (UTF-8 with BOM so Excel shows Arabic
    correctly; the values people uploaded are never run as formulas). Part of the import, which
    is audited on its own."""
    table = Table(
        columns=[Column("row"), Column("column"), Column("value"), Column("error")],
        rows=([error.row, error.column, error.value, error.message] for error in errors),
    )
    return table_render(table, "csv")[0]
