"""Exports: the one way Sanad writes CSV and XLSX files of its records.

A writer describes its file as a ``Table`` (columns with a header, an optional HXL hashtag and an
XLSX number format; rows of plain values) and hands it here. What every file gets:

- **CSV**: UTF-8 with a byte-order mark, so spreadsheet programs read Arabic names right.
- **No formulas from data** (CSV/formula injection): text that begins with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is written with a single quote in front, and every text cell
  of an XLSX file is a string cell (data type ``s``), never a formula. A phone number in E.164
  form (``+`` and 7 to 15 digits) is left as it is: it holds no formula and the payment
  providers match on it. Numbers stay numbers (a negative amount is a number, not text); the
  database keeps exactly what people typed: only the file is changed.
- **HXL**: when the columns carry hashtags (https://hxlstandard.org), row 2 holds them.
- **Audited**: ``export_write`` records one audit event per file — what was exported, its
  format and row count, never the exported values.
- **Jobs**: ``export_deliver`` writes a small file in the request; above ``EXPORT_JOB_ROWS`` rows it
  queues a job whose progress the jobs page shows, and the file is downloaded from there.

An exporter for ``export_deliver`` is a function decorated with ``@exporter`` that takes the
actor and JSON-able parameters and returns an ``ExportSpec``; it reads through scoped selectors,
so a job run later sees only what its requester may still see.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from sanad.core.audit import audit_record
from sanad.core.services.jobs import job_create, job_progress, job_start, job_succeed

EXPORT_JOB_KIND = "core.export"  # declared on the core app's config
# Above this many rows a file is written by a job, not in the request.
EXPORT_JOB_ROWS = 5000
PROGRESS_EVERY = 500
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_E164_PHONE = re.compile(r"\+[0-9]{7,15}")


def neutralise(text: str) -> str:
    """``text`` as it must appear in a spreadsheet cell so that it is never run as a formula."""
    if text.startswith(FORMULA_TRIGGERS) and not _E164_PHONE.fullmatch(text):
        return "'" + text
    return text


@dataclass(frozen=True)
class Column:
    header: Any
    tag: str = ""  # HXL hashtag, e.g. "#adm1+code"
    number_format: str = ""  # XLSX format of the column's cells, e.g. "0.000" or "@" (text)
    width: float | None = None  # XLSX column width, in characters


@dataclass
class Table:
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    sheet: str = "Data"
    total: int | None = None  # the number of rows when known in advance (job progress)
    blank_rows: int = 0  # XLSX: empty rows formatted like the columns (an import template)


@dataclass(frozen=True)
class ExportFile:
    name: str
    content: bytes
    rows: int

    @property
    def format(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.format, "application/octet-stream")


@dataclass
class ExportSpec:
    """What an exporter gives: the table, the file's name without its extension, and what the
    audit event says (``action``, the record exported from and non-personal ``details``)."""

    table: Table
    file_stem: str
    action: str
    label: str = ""
    obj: models.Model | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _is_number(value) -> bool:
    return isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)


def csv_value(value) -> Any:
    if value is None:
        return ""
    if _is_number(value):
        return value
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(str(value))


def _header_rows(columns: Sequence[Column]) -> list[list[str]]:
    rows = [[str(c.header) for c in columns]]
    if any(c.tag for c in columns):
        rows.append([c.tag for c in columns])
    return rows


def _counted(rows: Iterable, progress: Callable[[int], None] | None):
    for count, row in enumerate(rows, start=1):
        yield row
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)


def csv_write(stream, table: Table, *, progress: Callable[[int], None] | None = None) -> int:
    """Write ``table`` to a text stream; returns the number of data rows."""
    writer = csv.writer(stream)
    for header in _header_rows(table.columns):
        writer.writerow([neutralise(h) for h in header])
    count = 0
    for row in _counted(table.rows, progress):
        writer.writerow([csv_value(v) for v in row])
        count += 1
    return count


def csv_bytes(table: Table, *, progress: Callable[[int], None] | None = None) -> tuple[bytes, int]:
    buffer = io.StringIO()
    count = csv_write(buffer, table, progress=progress)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def _xlsx_cell(sheet, value, column: Column | None = None, *, bold: bool = False):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)
    if isinstance(value, bool):
        value = "yes" if value else "no"
    is_text = not (value is None or _is_number(value) or isinstance(value, datetime.date))
    if is_text:
        # XLSX cannot hold control characters other than tab, line feed and carriage return.
        value = ILLEGAL_CHARACTERS_RE.sub("", neutralise(str(value)))
    cell = WriteOnlyCell(sheet, value=value)
    if is_text:
        cell.data_type = "s"  # openpyxl would otherwise make text that starts with "=" a formula
    if column is not None and column.number_format:
        cell.number_format = column.number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(*tables: Table, progress: Callable[[int], None] | None = None) -> tuple[bytes, int]:
    """One sheet per table (the first is the data); returns the content and its data rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    counts = []
    for position, table in enumerate(tables):
        sheet = workbook.create_sheet(str(table.sheet)[:31])
        for index, column in enumerate(table.columns, start=1):
            if column.width:
                sheet.column_dimensions[get_column_letter(index)].width = column.width
        header, *tags = _header_rows(table.columns)
        sheet.append([_xlsx_cell(sheet, h, bold=True) for h in header])
        for row in tags:
            sheet.append([_xlsx_cell(sheet, t) for t in row])
        count = 0
        rows = _counted(table.rows, progress if position == 0 else None)
        for row in rows:
            sheet.append(
                [
                    _xlsx_cell(sheet, v, table.columns[i] if i < len(table.columns) else None)
                    for i, v in enumerate(row)
                ]
            )
            count += 1
        for _blank in range(table.blank_rows):
            cells = []
            for column in table.columns:
                cell = WriteOnlyCell(sheet, value=None)
                if column.number_format:
                    cell.number_format = column.number_format
                cells.append(cell)
            sheet.append(cells)
        counts.append(count)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), counts[0] if counts else 0


def table_render(
    table: Table, fmt: str, *, progress: Callable[[int], None] | None = None
) -> tuple[bytes, int]:
    """The file's content and its number of data rows, not audited: for files that hold no
    records (an import template) or are part of an operation audited on its own."""
    if fmt == "csv":
        return csv_bytes(table, progress=progress)
    if fmt == "xlsx":
        return xlsx_bytes(table, progress=progress)
    raise ValueError(f"unknown export format {fmt!r}")


def export_write(
    *, actor, spec: ExportSpec, fmt: str, progress: Callable[[int], None] | None = None
) -> ExportFile:
    """Write the file and record its audit event: what was exported, format and row count."""
    content, rows = table_render(spec.table, fmt, progress=progress)
    name = f"{spec.file_stem}.{fmt}"
    audit_record(
        actor=actor,
        action=spec.action,
        obj=spec.obj,
        changes={
            key: [None, value]
            for key, value in {**spec.details, "file": name, "format": fmt, "rows": rows}.items()
        },
    )
    return ExportFile(name=name, content=content, rows=rows)


# --------------------------------------------------------------------------------------------
# Exporters and the export job
# --------------------------------------------------------------------------------------------
def exporter(fn: Callable[..., ExportSpec]) -> Callable[..., ExportSpec]:
    """Mark ``fn(*, actor, **parameters) -> ExportSpec`` as one an export job may run."""
    fn.is_exporter = True
    return fn


def _exporter_path(fn) -> str:
    if not getattr(fn, "is_exporter", False):
        raise ValueError(f"{fn!r} is not marked @exporter")
    return f"{fn.__module__}.{fn.__qualname__}"


def _exporter_load(path: str) -> Callable[..., ExportSpec]:
    fn = import_string(path)
    if not getattr(fn, "is_exporter", False):
        raise ValueError(f"{path} is not an exporter")
    return fn


def export_deliver(*, actor, build: Callable[..., ExportSpec], fmt: str, parameters: dict):
    """The file now (``ExportFile``), or a queued ``Job`` that writes it when it has more than
    ``EXPORT_JOB_ROWS`` rows. ``parameters`` must be JSON-able: the job rebuilds the table."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    spec = build(actor=actor, **parameters)
    if spec.table.total is not None and spec.table.total > EXPORT_JOB_ROWS:
        from sanad.core.jobs import job_enqueue

        job = job_create(
            actor=actor,
            kind=EXPORT_JOB_KIND,
            label=spec.label or spec.file_stem,
            parameters={"exporter": _exporter_path(build), "format": fmt, "parameters": parameters},
        )
        return job_enqueue(job)
    return export_write(actor=actor, spec=spec, fmt=fmt)


def export_run(job) -> dict:
    """The export job: rebuild the table with the requester's current rights, write, attach."""
    build = _exporter_load(job.parameters["exporter"])
    spec = build(actor=job.created_by, **job.parameters.get("parameters", {}))
    total = spec.table.total or 0
    job_start(job, total=total)

    def progress(done: int) -> None:
        job_progress(
            job, done, gettext("%(done)d of %(total)d rows written") % {"done": done, "total": total}
        )

    file = export_write(actor=job.created_by, spec=spec, fmt=job.parameters["format"], progress=progress)
    job_succeed(job, result={"rows": file.rows}, file_name=file.name, content=file.content)
    return job.result
