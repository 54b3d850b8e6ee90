"""Read and check a published DTM mobility-tracking workbook (``workbook_read``).

Every cell that does not fit is collected as a ``RowProblem`` (sheet, row, column, value,
what is wrong); ``sanad.dtm.services.importer`` writes a round only when there is none.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from sanad.core.bidi import isolate
from sanad.core.countries import country_name, country_resolve
from sanad.core.errors import DomainError
from sanad.dtm.models import Round
from sanad.dtm.services.mapping import Mapping, SheetMapping
from sanad.geo.models import AdminUnit

Progress = Callable[[int, int, str], None]
REPORT_LIMIT = 500
STEPS = 5


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int | None
    column: str
    value: Any
    message: str

    def __str__(self) -> str:
        where = [_("Sheet “%(sheet)s”") % {"sheet": self.sheet.strip()}]
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        text = ", ".join(where)
        if self.value not in (None, ""):
            text += " " + _("(value “%(value)s”)") % {"value": self.value}
        return f"{text}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else str(self.value),
            "message": self.message,
        }


class DtmImportError(DomainError):
    """The file does not fit; ``problems`` lists every cell that does not, in plain language."""

    code = "dtm_import_invalid"

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        lines = [str(p) for p in problems[:REPORT_LIMIT]]
        if len(problems) > REPORT_LIMIT:
            lines.append(_("… and %(count)s more problems.") % {"count": len(problems) - REPORT_LIMIT})
        header = _("The file was not imported (nothing was changed): %(count)s problems found.") % {
            "count": len(problems)
        }
        super().__init__("\n".join([header, *lines]))


@dataclass
class ParsedRound:
    baladiyas: list[dict[str, Any]] = field(default_factory=list)
    muhallas: list[dict[str, Any]] = field(default_factory=list)
    nationalities: list[dict[str, Any]] = field(default_factory=list)
    summary_totals: dict[str, int] = field(default_factory=dict)
    summary_nationalities: dict[str, int] = field(default_factory=dict)
    period_label: str = ""
    unread: set[str] = field(default_factory=set)  # sheets missing or without their columns
    problems: list[RowProblem] = field(default_factory=list)


@dataclass
class ImportReport:
    round: Round
    replaced: bool
    checks: list[dict[str, Any]]

    def lines(self) -> list[str]:
        out = [
            _(
                "Round %(number)s (%(population)s): %(individuals)s individuals "
                "in %(baladiyas)s baladiyas and %(muhallas)s muhallas."
            )
            % {
                "number": self.round.number,
                "population": self.round.get_population_display(),
                "individuals": _number(self.round.total_individuals),
                "baladiyas": _number(self.round.baladiya_count),
                "muhallas": _number(self.round.muhalla_count),
            }
        ]
        if self.replaced:
            out.append(_("The round existed and was replaced."))
        for check in self.checks:
            values = {
                "label": check["label"],
                "imported": _number(check["imported"]),
                "expected": _number(check["expected"]),
            }
            if check["matches"]:
                out.append(_("✓ %(label)s: %(imported)s of %(expected)s") % values)
            else:
                out.append(_("✗ %(label)s: %(imported)s of %(expected)s") % values)
        return out


def _number(value) -> str:
    """A count as the reader's language writes it (787.326 in Arabic, 787,326 in English)."""
    return number_format(value, force_grouping=True)


# ---------------------------------------------------------------------------------------------
# Cell parsing
# ---------------------------------------------------------------------------------------------
_YES = {"yes", "y", "true", "1", "نعم", "oui"}
_NO = {"no", "n", "false", "0", "لا", "non"}


class _CellError(ValueError):
    pass


def _parse_int(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _CellError(_("is not a whole number."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise _CellError(_("is not a whole number."))
        number = int(value)
    else:
        text = str(value).strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
        if not re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            raise _CellError(_("is text where a number of people is expected."))
        number = int(Decimal(text))
    if number < 0:
        raise _CellError(_("is negative; a count of people cannot be."))
    return number


def _parse_coordinate(value: Any, low: int, high: int) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _CellError(_("is not a coordinate (a decimal number).")) from None
    if not number.is_finite() or not (low <= number <= high):
        raise _CellError(_("is outside the range of a coordinate."))
    return number.quantize(Decimal("0.000001"))


def _parse_yesno(value: Any) -> bool | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _CellError(_("should be Yes or No."))


def _parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _parse(kind: str, value: Any) -> Any:
    if kind == "int":
        return _parse_int(value)
    if kind == "latitude":
        return _parse_coordinate(value, -90, 90)
    if kind == "longitude":
        return _parse_coordinate(value, -180, 180)
    if kind == "yesno":
        return _parse_yesno(value)
    if kind == "pcode":
        return _parse_text(value).upper().replace(" ", "")
    return _parse_text(value)


# ---------------------------------------------------------------------------------------------
# Reading the workbook
# ---------------------------------------------------------------------------------------------
class _CsvSheet:
    def __init__(self, rows: list[list[str]]):
        self.rows = rows

    def iter_rows(self, min_row: int = 1, values_only: bool = True):
        yield from (tuple(row) for row in self.rows[min_row - 1 :])


class CsvWorkbook:
    """A CSV file seen as a workbook with one sheet named ``csv`` (for baselines published as CSV)."""

    sheetnames = ["csv"]

    def __init__(self, data: bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("The CSV file is not UTF-8 text."), code="dtm_import_unreadable") from None
        self.sheet = _CsvSheet(list(csv.reader(io.StringIO(text))))

    def __getitem__(self, name: str) -> _CsvSheet:
        return self.sheet

    def close(self) -> None:
        pass


def _open(file, *, expects_csv: bool = False) -> Any:
    if hasattr(file, "seek"):
        file.seek(0)
    head = file.read(4) if hasattr(file, "read") else b""
    if hasattr(file, "seek"):
        file.seek(0)
    if head and not head.startswith(b"PK") and expects_csv:
        # Not a zip container, so not .xlsx: read it as CSV text.
        return CsvWorkbook(file.read())
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise DomainError(
            _("The file is not an Excel workbook (.xlsx) that can be read: %(error)s") % {"error": exc},
            code="dtm_import_unreadable",
        ) from exc


def _read_sheet(workbook, spec: SheetMapping, parsed: ParsedRound) -> list[dict[str, Any]] | None:
    if spec.sheet not in workbook.sheetnames:
        names = ", ".join(f"“{n}”" for n in workbook.sheetnames)
        parsed.problems.append(
            RowProblem(
                spec.sheet,
                None,
                "",
                None,
                _("the sheet is missing. The workbook has: %(names)s.") % {"names": names},
            )
        )
        return None
    rows = workbook[spec.sheet].iter_rows(min_row=spec.header_row, values_only=True)
    header = next(rows, None) or ()
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        if title is not None and str(title) in spec.columns and str(title) not in positions:
            positions[str(title)] = index
    missing = [h for h in spec.columns if h not in positions]
    for title in missing:
        parsed.problems.append(
            RowProblem(
                spec.sheet,
                spec.header_row,
                title,
                None,
                _("this column named in the mapping is not in the header row."),
            )
        )
    if missing:
        return None
    out = []
    for number, values in enumerate(rows, start=spec.header_row + 1):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        record: dict[str, Any] = {"source_row": number}
        for title, index in positions.items():
            target = spec.columns[title]
            raw = values[index] if index < len(values) else None
            try:
                value = _parse(spec.kind(target), raw)
            except _CellError as exc:
                parsed.problems.append(
                    RowProblem(spec.sheet, number, title, raw, _("the value %(what)s") % {"what": exc})
                )
                record.setdefault("_errors", set()).add(target)
                value = None
            if "." in target:
                group, key = target.split(".", 1)
                record.setdefault(group, {})[key] = value or 0
            else:
                record[target] = value
            record.setdefault("_columns", {})[target] = title
        out.append(record)
    return out


def _summary_cells(workbook, mapping: Mapping, parsed: ParsedRound) -> None:
    spec = mapping.summary
    if not spec:
        return
    sheet = spec.get("sheet", "Summary")
    if sheet not in workbook.sheetnames:
        parsed.problems.append(RowProblem(sheet, None, "", None, _("the sheet is missing.")))
        return
    label_col = column_index_from_string(spec.get("label_column", "A")) - 1
    value_col = column_index_from_string(spec.get("value_column", "B")) - 1
    wanted = {label.strip().lower(): metric for metric, label in (spec.get("totals") or {}).items()}
    table = spec.get("nationality_table") or {}
    t_label = column_index_from_string(table["label_column"]) - 1 if table else None
    t_value = column_index_from_string(table["value_column"]) - 1 if table else None
    t_total = str(table.get("total_label", "")).strip().lower()
    period = str(spec.get("period_label", "")).strip().lower()
    table_done = False
    for values in workbook[sheet].iter_rows(values_only=True):
        label = _parse_text(values[label_col]) if label_col < len(values) else ""
        value = values[value_col] if value_col < len(values) else None
        key = label.lower()
        if key in wanted and wanted[key] not in parsed.summary_totals and isinstance(value, int | float):
            parsed.summary_totals[wanted[key]] = int(value)
        if period and key == period and not parsed.period_label:
            parsed.period_label = _parse_text(value)
        if t_label is not None and not table_done and t_value < len(values):
            name = _parse_text(values[t_label])
            number = values[t_value]
            if name and isinstance(number, int | float) and not isinstance(number, bool):
                if name.lower() == t_total:
                    table_done = True
                else:
                    parsed.summary_nationalities[name] = int(number)
    missing = [
        label for metric, label in (spec.get("totals") or {}).items() if metric not in parsed.summary_totals
    ]
    for label in missing:
        parsed.problems.append(
            RowProblem(sheet, None, "", label, _("the published total with this label was not found."))
        )


def _check_round(records: list[dict[str, Any]], spec: SheetMapping, number: int, parsed: ParsedRound) -> None:
    for record in records:
        value = record.get("round")
        if value not in (None, "") and str(value) != str(number):
            parsed.problems.append(
                RowProblem(
                    spec.sheet,
                    record["source_row"],
                    record["_columns"]["round"],
                    value,
                    _("this row belongs to round %(found)s, but round %(number)s is being imported.")
                    % {"found": value, "number": number},
                )
            )


def _resolve_units(
    parsed: ParsedRound, mapping: Mapping, units: dict[str, tuple[int, int, int | None]]
) -> None:
    """Match every P-code to the gazetteer: the right level, no duplicates, parents present."""
    expected_level = {
        "baladiya": AdminUnit.Level.BALADIYA,
        "muhalla": AdminUnit.Level.MUHALLA,
        "nationality": AdminUnit.Level.MUHALLA,
    }
    level_names = {3: _("a baladiya"), 4: _("a muhalla")}
    for key, records in (
        ("baladiya", parsed.baladiyas),
        ("muhalla", parsed.muhallas),
        ("nationality", parsed.nationalities),
    ):
        spec = mapping.sheets.get(key)
        if spec is None:
            continue
        seen: dict[Any, int] = {}
        for record in records:
            pcode = record.get("pcode") or ""
            column = record["_columns"]["pcode"]
            unit = units.get(pcode)
            if not pcode:
                parsed.problems.append(
                    RowProblem(spec.sheet, record["source_row"], column, None, _("the P-code is empty."))
                )
            elif unit is None:
                parsed.problems.append(
                    RowProblem(
                        spec.sheet,
                        record["source_row"],
                        column,
                        pcode,
                        _("this P-code is not in the gazetteer."),
                    )
                )
            elif unit[1] != expected_level[key]:
                parsed.problems.append(
                    RowProblem(
                        spec.sheet,
                        record["source_row"],
                        column,
                        pcode,
                        _("this P-code is not %(level)s.") % {"level": level_names[expected_level[key]]},
                    )
                )
            else:
                record["admin_unit_id"], record["parent_id"] = unit[0], unit[2]
                # The published nationality sheet repeats a muhalla × nationality on several
                # rows (e.g. “Other” per region of origin); those rows add up, so only places
                # of the baladiya and muhalla sheets must be unique.
                identity = pcode
                if key != "nationality" and identity in seen:
                    parsed.problems.append(
                        RowProblem(
                            spec.sheet,
                            record["source_row"],
                            column,
                            pcode,
                            _("this place appears twice (also on row %(row)s).") % {"row": seen[identity]},
                        )
                    )
                seen[identity] = record["source_row"]
            for required in ("individuals", "nationality"):
                if (
                    required in record
                    and record[required] in (None, "")
                    and key != "muhalla"
                    and required not in record.get("_errors", ())
                ):
                    parsed.problems.append(
                        RowProblem(
                            spec.sheet,
                            record["source_row"],
                            record["_columns"][required],
                            None,
                            _("this value is required."),
                        )
                    )


def workbook_read(file, *, mapping: Mapping, number: int, progress: Progress | None = None) -> ParsedRound:
    """Read and check the workbook. Never writes; problems are collected on the result."""
    workbook = _open(file, expects_csv=all(spec.sheet == "csv" for spec in mapping.sheets.values()))
    parsed = ParsedRound()
    try:
        for step, key in enumerate(("baladiya", "muhalla", "nationality"), start=1):
            spec = mapping.sheets.get(key)
            if spec is not None:
                records = _read_sheet(workbook, spec, parsed)
                if records is None:
                    parsed.unread.add(key)
                    records = []
                _check_round(records, spec, number, parsed)
                setattr(
                    parsed,
                    {"baladiya": "baladiyas", "muhalla": "muhallas", "nationality": "nationalities"}[key],
                    records,
                )
            if progress:
                progress(step, STEPS, spec.sheet.strip() if spec else key)
        _summary_cells(workbook, mapping, parsed)
    finally:
        workbook.close()
    units = {
        pcode: (pk, level, parent_id)
        for pk, pcode, level, parent_id in AdminUnit.objects.filter(
            level__in=[AdminUnit.Level.BALADIYA, AdminUnit.Level.MUHALLA]
        ).values_list("pk", "pcode", "level", "parent_id")
    }
    _resolve_units(parsed, mapping, units)
    _check_hierarchy(parsed, mapping)
    if progress:
        progress(4, STEPS, _("Checked against the gazetteer"))
    return parsed


def _check_hierarchy(parsed: ParsedRound, mapping: Mapping) -> None:
    """Muhallas must belong to a baladiya of the file; nationalities to a muhalla of the file."""
    baladiyas = {r.get("admin_unit_id") for r in parsed.baladiyas}
    muhallas = {r.get("admin_unit_id") for r in parsed.muhallas}
    if "muhalla" in mapping.sheets and "baladiya" not in parsed.unread:
        spec = mapping.sheets["muhalla"]
        for record in parsed.muhallas:
            if record.get("parent_id") and record["parent_id"] not in baladiyas:
                parsed.problems.append(
                    RowProblem(
                        spec.sheet,
                        record["source_row"],
                        record["_columns"]["pcode"],
                        record["pcode"],
                        _("the baladiya of this muhalla is not in the baladiya sheet."),
                    )
                )
    if "nationality" in mapping.sheets and "muhalla" in mapping.sheets and "muhalla" not in parsed.unread:
        spec = mapping.sheets["nationality"]
        for record in parsed.nationalities:
            if record.get("admin_unit_id") and record["admin_unit_id"] not in muhallas:
                parsed.problems.append(
                    RowProblem(
                        spec.sheet,
                        record["source_row"],
                        record["_columns"]["pcode"],
                        record["pcode"],
                        _("this muhalla is not in the muhalla sheet."),
                    )
                )


# ---------------------------------------------------------------------------------------------
# Comparison with the published summary
# ---------------------------------------------------------------------------------------------
def _checks(parsed: ParsedRound) -> list[dict[str, Any]]:
    imported_baladiya = sum(r.get("individuals") or 0 for r in parsed.baladiyas)
    checks = []

    def add(metric: str, label: str, expected: int | None, imported: int) -> None:
        if expected is not None:
            checks.append(
                {
                    "metric": metric,
                    "label": label,
                    "expected": expected,
                    "imported": imported,
                    "matches": expected == imported,
                }
            )

    total = parsed.summary_totals.get("individuals")
    add("individuals", _("Individuals (baladiya sheet)"), total, imported_baladiya)
    if parsed.muhallas:
        add(
            "individuals_muhalla",
            _("Individuals (muhalla sheet)"),
            total,
            sum(r.get("individuals") or 0 for r in parsed.muhallas),
        )
    if parsed.nationalities:
        add(
            "individuals_nationality",
            _("Individuals (nationalities sheet)"),
            total,
            sum(r.get("individuals") or 0 for r in parsed.nationalities),
        )
    add(
        "baladiyas",
        _("Baladiyas hosting the population"),
        parsed.summary_totals.get("baladiyas"),
        sum(1 for r in parsed.baladiyas if (r.get("individuals") or 0) > 0),
    )
    add(
        "muhallas_hosting",
        _("Muhallas hosting the population"),
        parsed.summary_totals.get("muhallas_hosting"),
        sum(
            1
            for r in parsed.muhallas
            if r.get("hosts_population") is not False and (r.get("individuals") or 0) > 0
        ),
    )
    if parsed.summary_nationalities and parsed.nationalities:
        imported = Counter()
        for record in parsed.nationalities:
            imported[record.get("nationality") or ""] += record.get("individuals") or 0
        for name, expected in parsed.summary_nationalities.items():
            # The workbook's English name, shown as the country's name in the reader's language
            # when it names a country (else as published, isolated as data).
            code = country_resolve(name)
            shown = country_name(code) if code else isolate(name)
            add(
                f"nationality:{name}",
                _("Nationality: %(name)s") % {"name": shown},
                expected,
                imported.get(name, 0),
            )
    return checks


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}


def period_parse(label: str):
    """“August-September 2024” → (2024-08-01, 2024-09-30); anything else → (None, None)."""
    import datetime

    match = re.fullmatch(r"\s*([A-Za-z]+)\s*[-–]\s*([A-Za-z]+)\s+(\d{4})\s*", label or "")
    single = re.fullmatch(r"\s*([A-Za-z]+)\s+(\d{4})\s*", label or "")
    if match and match[1].lower() in _MONTHS and match[2].lower() in _MONTHS:
        first, last, year = _MONTHS[match[1].lower()], _MONTHS[match[2].lower()], int(match[3])
        start_year = year - 1 if first > last else year
    elif single and single[1].lower() in _MONTHS:
        first = last = _MONTHS[single[1].lower()]
        year = start_year = int(single[2])
    else:
        return None, None
    return (
        datetime.date(start_year, first, 1),
        datetime.date(year, last, calendar.monthrange(year, last)[1]),
    )
