"""core/exports.py: injection-safe cells, BOM, HXL row, numbers kept, one audit event, the job."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sanad.core import exports
from sanad.core.exports import (
    Column,
    ExportSpec,
    Table,
    csv_bytes,
    export_deliver,
    export_write,
    exporter,
    neutralise,
    xlsx_bytes,
)
from sanad.core.models import AuditEvent, Job

# What people typed, and what a spreadsheet cell must show so that it is never a formula.
TYPED = {
    '=HYPERLINK("http://x","y")': '\'=HYPERLINK("http://x","y")',
    "+1": "'+1",
    "-2+3": "'-2+3",
    "@SUM(A1)": "'@SUM(A1)",
    "\t=1+1": "'\t=1+1",
    "\r=1+1": "'\r=1+1",
    "Amina": "Amina",
    "محمد": "محمد",
    "a=b": "a=b",
    "": "",
}


def _table(values, **kwargs) -> Table:
    return Table(
        columns=[Column("Name", "#beneficiary+name"), Column("Amount", "#value", number_format="0.000")],
        rows=[[value, Decimal("-12.5")] for value in values],
        **kwargs,
    )


@pytest.mark.parametrize(("typed", "shown"), TYPED.items())
def test_neutralise(typed, shown):
    assert neutralise(typed) == shown


def test_e164_phone_numbers_are_left_alone_short_plus_numbers_are_not():
    assert neutralise("+218912345678") == "+218912345678"
    assert neutralise("+218 91 234 5678") == "'+218 91 234 5678"
    assert neutralise("+123") == "'+123"


def test_csv_has_a_bom_an_hxl_row_neutralised_text_and_plain_numbers():
    content, rows = csv_bytes(_table(TYPED))
    assert content.startswith(b"\xef\xbb\xbf") and rows == len(TYPED)
    read = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert read[0] == ["Name", "Amount"] and read[1] == ["#beneficiary+name", "#value"]
    assert [r[0] for r in read[2:]] == list(TYPED.values())
    assert {r[1] for r in read[2:]} == {"-12.5"}  # a negative number is a number, not quoted text


def test_xlsx_text_is_string_cells_and_numbers_are_number_cells():
    content, rows = xlsx_bytes(_table(TYPED, sheet="People"))
    assert rows == len(TYPED)
    sheet = load_workbook(io.BytesIO(content))["People"]
    assert [c.value for c in sheet[2]] == ["#beneficiary+name", "#value"]
    names = [row[0] for row in sheet.iter_rows(min_row=3)]
    for cell, shown in zip(names, TYPED.values(), strict=True):
        # XML reads a carriage return back as a line feed (XML 1.0 end-of-line handling).
        assert cell.value == (shown.replace("\r", "\n") or None)
        if shown:
            assert cell.data_type == "s"
    amounts = [row[1] for row in sheet.iter_rows(min_row=3)]
    assert all(c.data_type == "n" and c.value == -12.5 and c.number_format == "0.000" for c in amounts)


def test_no_hxl_row_without_tags_and_dates_and_empty_values():
    table = Table(
        columns=[Column("When"), Column("Note")],
        rows=[[datetime.date(2026, 1, 2), None]],
    )
    read = list(csv.reader(io.StringIO(csv_bytes(table)[0].decode("utf-8-sig"))))
    assert read == [["When", "Note"], ["2026-01-02", ""]]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(table)[0])).active
    assert sheet.max_row == 2 and sheet["A2"].is_date and sheet["B2"].value is None


def test_characters_xlsx_cannot_hold_are_dropped_not_fatal():
    content, _rows = xlsx_bytes(Table(columns=[Column("Name")], rows=[["A\x01b"]]))
    assert load_workbook(io.BytesIO(content)).active["A2"].value == "Ab"


def test_export_write_records_one_event_without_the_exported_values(users):
    actor = users["me_officer"]
    spec = ExportSpec(
        table=_table(['=HYPERLINK("http://x","y")', "Amina"]),
        file_stem="people",
        action="core.test.export",
        details={"level": "all"},
    )
    before = AuditEvent.objects.count()
    file = export_write(actor=actor, spec=spec, fmt="xlsx")
    assert file.name == "people.xlsx" and file.rows == 2 and file.content_type.startswith("application/vnd")
    events = AuditEvent.objects.order_by("pk")[before:]
    assert len(events) == 1
    event = events[0]
    assert event.action == "core.test.export" and event.actor == actor
    assert event.changes == {
        "level": [None, "all"],
        "file": [None, "people.xlsx"],
        "format": [None, "xlsx"],
        "rows": [None, 2],
    }
    assert "HYPERLINK" not in json.dumps(event.changes) and "Amina" not in json.dumps(event.changes)


@exporter
def numbers_export(*, actor, count: int) -> ExportSpec:
    return ExportSpec(
        table=Table(columns=[Column("n")], rows=([i] for i in range(count)), total=count),
        file_stem=f"numbers-{count}",
        action="core.test.export",
        label="Numbers",
    )


def test_small_export_is_written_now_large_one_by_a_job(
    users, monkeypatch, django_capture_on_commit_callbacks
):
    actor = users["me_officer"]
    monkeypatch.setattr(exports, "EXPORT_JOB_ROWS", 3)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    now = export_deliver(actor=actor, build=numbers_export, fmt="csv", parameters={"count": 3})
    assert now.rows == 3 and now.content.decode("utf-8-sig").splitlines() == ["n", "0", "1", "2"]

    with django_capture_on_commit_callbacks(execute=True):
        job = export_deliver(actor=actor, build=numbers_export, fmt="csv", parameters={"count": 5})
    assert isinstance(job, Job) and job.kind == "core.export"
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["rows"] == 5 and job.progress == 5
    assert job.result["file_name"] == "numbers-5.csv"
    assert job.result_file.read().decode("utf-8-sig").splitlines()[-1] == "4"
    assert AuditEvent.objects.filter(action="core.test.export").count() == 2


def test_a_job_runs_only_marked_exporters(users, django_capture_on_commit_callbacks):
    def unmarked(*, actor):
        return numbers_export(actor=actor, count=1)

    with pytest.raises(ValueError):
        exports._exporter_path(unmarked)
    with pytest.raises(ValueError):
        exports._exporter_load("sanad.core.exports.neutralise")
