"""The DTM importer: the real Round 54 file, malformed files, re-import, mapping as configuration."""

from __future__ import annotations

import copy
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.dtm.models import BaladiyaFigure, MuhallaFigure, NationalityFigure, Round
from sanad.dtm.services import DtmImportError, mapping_parse, round_import
from sanad.dtm.services.workbook import _parse_int, period_parse
from sanad.dtm.tests.builders import (
    MAPPING,
    baladiya_row,
    build_workbook,
    default_rows,
    muhalla_row,
)
from sanad.dtm.tests.conftest import R54_FILE

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Round.objects.count(),
        BaladiyaFigure.objects.count(),
        MuhallaFigure.objects.count(),
        NationalityFigure.objects.count(),
        AuditEvent.objects.filter(action__startswith="dtm.").count(),
    )


# ---------------------------------------------------------------------------------------------
# The real file
# ---------------------------------------------------------------------------------------------
def test_round_54_imports_all_three_sheets_and_matches_the_summary(r54):
    round_ = r54.round
    assert round_.status == Round.Status.VERIFIED
    assert round_.total_individuals == 787_326
    assert round_.baladiya_count == 100
    assert round_.muhalla_count == 663
    assert round_.period_label == "August-September 2024"
    assert (round_.period_start.isoformat(), round_.period_end.isoformat()) == ("2024-08-01", "2024-09-30")
    assert BaladiyaFigure.objects.filter(round=round_).count() == 100
    assert MuhallaFigure.objects.filter(round=round_).count() == 663
    assert NationalityFigure.objects.filter(round=round_).count() == 3830
    from django.db.models import Sum

    for model in (BaladiyaFigure, MuhallaFigure, NationalityFigure):
        assert model.objects.filter(round=round_).aggregate(t=Sum("individuals"))["t"] == 787_326
    checks = {c["metric"]: c for c in round_.summary_check}
    assert checks["individuals"] == {
        "metric": "individuals",
        "label": "Individuals (baladiya sheet)",
        "expected": 787_326,
        "imported": 787_326,
        "matches": True,
    }
    assert checks["baladiyas"]["imported"] == 100
    assert checks["muhallas_hosting"]["imported"] == 630
    assert checks["nationality:Sudan"]["imported"] == 207_117
    assert all(c["matches"] for c in round_.summary_check)
    tripoli = BaladiyaFigure.objects.get(round=round_, admin_unit__pcode="LY021104")
    assert tripoli.latitude is not None and tripoli.individuals > 0
    muhalla = MuhallaFigure.objects.get(round=round_, admin_unit__pcode="LY01060207")
    assert muhalla.individuals == 900
    assert muhalla.shelter["rented_self_paid"] == 500
    assert muhalla.arrival["one_to_six_months"] == 450
    assert muhalla.permit["no_permit"] == 270
    assert (muhalla.adult_men, muhalla.adult_women, muhalla.children) == (810, 0, 90)
    assert muhalla.priority_needs[0] == ("Water, Sanitation and Hygiene", "No water network")
    assert muhalla.baladiya.pcode == "LY010602"
    assert (
        NationalityFigure.objects.filter(round=round_, nationality="Sudan").first().nationality_code == "SDN"
    )
    event = AuditEvent.objects.get(action="dtm.round.import")
    assert event.object_uuid == str(round_.uuid)


def test_reimport_replaces_the_round_atomically_and_keeps_its_uuid(r54):
    first = r54.round
    with R54_FILE.open("rb") as handle:
        report = round_import(actor=None, file=handle, number=54, population="migrants")
    assert report.replaced
    assert report.round.uuid == first.uuid
    assert Round.objects.count() == 1
    assert BaladiyaFigure.objects.count() == 100
    assert NationalityFigure.objects.count() == 3830
    assert AuditEvent.objects.filter(action="dtm.round.replace").count() == 1


def test_failed_reimport_keeps_the_previous_round(r54):
    before = _counts()
    rows = default_rows()
    rows["baladiya"][0]["Migrants (IND)"] = "many"
    with pytest.raises(DtmImportError):
        round_import(actor=None, file=build_workbook(rows), number=54, population="migrants")
    assert _counts() == before
    assert Round.objects.get().total_individuals == 787_326


def test_command_imports_the_shipped_file(gazetteer):
    out = StringIO()
    call_command("import_dtm", str(R54_FILE), "--round", "54", "--population", "migrants", stdout=out)
    assert "787,326 individuals in 100 baladiyas" in out.getvalue()
    assert Round.objects.get(number=54).status == Round.Status.VERIFIED


def test_command_refuses_a_bad_file_and_lists_the_problems(gazetteer, tmp_path):
    rows = default_rows()
    rows["muhalla"][0]["Migrant IND"] = "six hundred"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(build_workbook(rows).getvalue())
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_dtm", str(path), "--round", "54", stderr=err)
    assert "Sheet “Muhalla Main”, row 3, column “Migrant IND” (value “six hundred”)" in err.getvalue()
    assert Round.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# Malformed files change nothing
# ---------------------------------------------------------------------------------------------
def _refused(workbook, **kwargs) -> DtmImportError:
    before = _counts()
    with pytest.raises(DtmImportError) as info:
        round_import(
            actor=None, file=workbook, number=kwargs.pop("number", 54), population="migrants", **kwargs
        )
    assert _counts() == before
    return info.value


def test_small_valid_workbook_imports(gazetteer):
    report = round_import(actor=None, file=build_workbook(), number=54, population="migrants")
    assert report.round.status == Round.Status.VERIFIED
    assert report.round.total_individuals == 1000
    assert MuhallaFigure.objects.get(admin_unit__pcode="LY01030401").shelter["no_accommodation"] == 60


def test_missing_sheet(gazetteer):
    error = _refused(build_workbook(drop_sheets=("Muhalla Main",)))
    assert [str(p) for p in error.problems] == [
        "Sheet “Muhalla Main”: the sheet is missing. "
        "The workbook has: “Summary”, “Baladiya Main ”, “Nationalities”."
    ]
    assert "nothing was changed" in error.message


def test_bad_pcode(gazetteer):
    rows = default_rows()
    rows["baladiya"].append(baladiya_row("LY999999", 5))
    rows["muhalla"][1]["Muhalla_pcode"] = "LY010304"  # a baladiya where a muhalla belongs
    error = _refused(build_workbook(rows))
    messages = [str(p) for p in error.problems]
    assert (
        "Sheet “Baladiya Main”, row 4, column “Baladiya PCode” (value “LY999999”): "
        "this P-code is not in the gazetteer." in messages
    )
    assert (
        "Sheet “Muhalla Main”, row 4, column “Muhalla_pcode” (value “LY010304”): "
        "this P-code is not a muhalla." in messages
    )


def test_text_in_a_number_column(gazetteer):
    rows = default_rows()
    rows["muhalla"][0]["Migrants Adult Men"] = "n/a"
    rows["nationality"][1]["Migrant Individuals"] = -4
    error = _refused(build_workbook(rows))
    problems = {(p.sheet, p.row, p.column): p for p in error.problems}
    assert problems[("Muhalla Main", 3, "Migrants Adult Men")].value == "n/a"
    assert (
        "is text where a number of people is expected"
        in problems[("Muhalla Main", 3, "Migrants Adult Men")].message
    )
    assert "negative" in problems[("Nationalities", 3, "Migrant Individuals")].message


def test_missing_column_and_wrong_round_and_duplicates(gazetteer):
    rows = default_rows()
    rows["baladiya"][0]["AssessmentRound"] = 53
    rows["muhalla"].append(muhalla_row("LY01030401", 5))
    error = _refused(build_workbook(rows, rename={"Migrant Nationality": "Nationality"}))
    messages = [str(p) for p in error.problems]
    assert any("round 53, but round 54 is being imported" in m for m in messages)
    assert any("appears twice (also on row 3)" in m for m in messages)
    assert any(
        "column “Migrant Nationality”: this column named in the mapping is not in the header row" in m
        for m in messages
    )


def test_not_a_workbook(gazetteer):
    from io import BytesIO

    before = _counts()
    with pytest.raises(DomainError, match="not an Excel workbook"):
        round_import(actor=None, file=BytesIO(b"name,count\nx,1\n"), number=54, population="migrants")
    assert _counts() == before


def test_summary_mismatch_is_reported_not_hidden(gazetteer):
    report = round_import(actor=None, file=build_workbook(total=999), number=54, population="migrants")
    assert report.round.status == Round.Status.DISCREPANCIES
    check = next(c for c in report.checks if c["metric"] == "individuals")
    assert (check["expected"], check["imported"], check["matches"]) == (999, 1000, False)


def test_renamed_columns_import_by_editing_the_mapping(gazetteer):
    data = copy.deepcopy(MAPPING)
    columns = data["sheets"]["baladiya"]["columns"]
    columns["Migrants IND (R55)"] = columns.pop("Migrants (IND)")
    workbook = build_workbook(rename={"Migrants (IND)": "Migrants IND (R55)"})
    report = round_import(
        actor=None, file=workbook, number=54, population="migrants", mapping=mapping_parse(data, name="r55")
    )
    assert report.round.total_individuals == 1000
    assert report.round.mapping_name == "r55"


def test_mapping_to_an_unknown_field_is_refused():
    data = copy.deepcopy(MAPPING)
    data["sheets"]["baladiya"]["columns"]["Lat"] = "lattitude"
    with pytest.raises(DomainError, match="unknown field “lattitude”"):
        mapping_parse(data)


def test_actor_without_import_right_is_refused(gazetteer, users):
    before = _counts()
    with pytest.raises(DomainError):
        round_import(actor=users["caseworker"], file=build_workbook(), number=54, population="migrants")
    assert _counts() == before


def test_period_parse():
    assert [d.isoformat() for d in period_parse("December-January 2025")] == ["2024-12-01", "2025-01-31"]
    assert period_parse("Q3 2024") == (None, None)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=12), st.none(), st.booleans()))
def test_count_parser_accepts_only_non_negative_whole_numbers(value):
    try:
        parsed = _parse_int(value)
    except ValueError:
        return
    assert parsed is None or (isinstance(parsed, int) and parsed >= 0)
    if parsed is None:
        assert value is None or (isinstance(value, str) and not value.strip())
