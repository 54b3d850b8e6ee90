"""The people importer: validation, all-or-nothing, idempotency, updates, CSV/XLSX, dry run."""

from __future__ import annotations

import codecs
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.core.tests.factories import AdminUnitFactory, SiteFactory
from sanad.names.keys import person_name_keys
from sanad.registry.models import Household, NameKey, Person, Phone, Registration
from sanad.registry.services.importing import PERSON_ACTION, RUN_ACTION, people_import

HEADER = (
    "external_id,given_name,father_name,grandfather_name,family_name,name_ar,sex,date_of_birth,"
    "nationality,phone,admin_pcode,site,population_group,household_id,relationship"
)
GOOD_ROWS = [
    "A-1,Mohamed,Ali,Hassan,Abdallah,محمد علي حسن عبدالله,M,1990-05-01,SDN,091 234 5678,LY010304,Al Sabri Shelter,migrant,HH-1,head",  # noqa: E501
    "A-2,Fatima,Omar,,Abdallah,فاطمة عمر عبدالله,F,1992,SDN,,LY010304,Al Sabri Shelter,migrant,HH-1,spouse",
    "A-3,Amina,Mohamed,Ali,Abdallah,,F,2015-02-03,SDN,,LY010304,Al Sabri Shelter,migrant,HH-1,child",
    "B-1,Chinedu,,,Okafor,,M,1988,NGA,+234 803 123 4567,LY010304,,refugee,,",
]


def csv_bytes(rows, *, header=HEADER, delimiter=",", bom=False) -> bytes:
    text = "\n".join([header, *rows]) + "\n"
    if delimiter != ",":
        text = text.replace(",", delimiter)
    data = text.encode("utf-8")
    return codecs.BOM_UTF8 + data if bom else data


def xlsx_bytes(rows, *, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header.split(","))
    for row in rows:
        sheet.append(row.split(","))
    workbook.create_sheet("Notes").append(["this sheet is ignored"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_places() -> SimpleNamespace:
    unit = AdminUnitFactory(pcode="LY010304", name_en="Benghazi", name_ar="بنغازي")
    other = AdminUnitFactory(pcode="LY020101", name_en="Tripoli", name_ar="طرابلس")
    site = SiteFactory(admin_unit=unit, name_en="Al Sabri Shelter", name_ar="مأوى الصابري")
    return SimpleNamespace(unit=unit, other=other, site=site)


@pytest.fixture
def places(db):
    return make_places()


@pytest.fixture
def officer(users):
    return users["me_officer"]


def expected_keys(person) -> set[tuple[str, str]]:
    keys = person_name_keys(
        given=person.given_name,
        father=person.father_name,
        grandfather=person.grandfather_name,
        family=person.family_name,
        given_ar=person.given_name_ar,
        father_ar=person.father_name_ar,
        grandfather_ar=person.grandfather_name_ar,
        family_ar=person.family_name_ar,
    )
    return {(part, key[:60]) for part, key in keys}


def run(actor, data, name="people.csv", **kwargs):
    return people_import(actor=actor, source=data, file_name=name, **kwargs)


def test_valid_file_imports_people_households_relationships_and_name_keys(officer, places, org):
    report = run(officer, csv_bytes(GOOD_ROWS))
    assert report.status == "imported", [e.line() for e in report.errors]
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    assert Person.objects.count() == 4
    mohamed = Person.objects.get(external_id="A-1")
    assert (mohamed.given_name, mohamed.father_name, mohamed.grandfather_name, mohamed.family_name) == (
        "Mohamed",
        "Ali",
        "Hassan",
        "Abdallah",
    )
    assert (
        mohamed.given_name_ar,
        mohamed.father_name_ar,
        mohamed.grandfather_name_ar,
        mohamed.family_name_ar,
    ) == (
        "محمد",
        "علي",
        "حسن",
        "عبدالله",
    )
    assert mohamed.agency == org.agency and mohamed.team == org.team and mohamed.unit == org.unit
    assert mohamed.created_by == officer and mohamed.reference.startswith("LBY-")
    assert mohamed.admin_unit == places.unit and mohamed.site == places.site
    assert str(mohamed.date_of_birth) == "1990-05-01" and mohamed.date_of_birth_precision == "exact"
    assert list(mohamed.phones.values_list("number", "is_primary")) == [("+218912345678", True)]
    fatima = Person.objects.get(external_id="A-2")
    # Three Arabic parts: given, father, family.
    assert (fatima.given_name_ar, fatima.father_name_ar, fatima.family_name_ar) == ("فاطمة", "عمر", "عبدالله")
    assert str(fatima.date_of_birth) == "1992-01-01" and fatima.date_of_birth_precision == "year"

    household = Household.objects.get(external_id="HH-1")
    assert household.head == mohamed and household.admin_unit == places.unit and household.site == places.site
    assert household.agency == org.agency and household.reference.startswith("LBY-H")
    assert {(p.external_id, p.relationship) for p in household.members.all()} == {
        ("A-1", "head"),
        ("A-2", "spouse"),
        ("A-3", "child"),
    }
    chinedu = Person.objects.get(external_id="B-1")
    assert (
        chinedu.household is None and chinedu.population_group == "refugee" and chinedu.nationality == "NGA"
    )
    assert chinedu.admin_unit == places.unit and chinedu.site is None
    assert chinedu.phones.get().number == "+2348031234567"

    for person in Person.objects.all():
        stored = set(NameKey.objects.filter(person=person).values_list("part", "key"))
        assert stored and stored == expected_keys(person)
    assert Registration.objects.filter(channel="import").count() == 4
    assert Registration.objects.get(person=mohamed).registered_by == officer
    events = AuditEvent.objects.filter(action=PERSON_ACTION)
    assert events.count() == 4
    event = events.get(object_uuid=str(mohamed.uuid))
    assert event.changes["given_name"] == [None, "Mohamed"]
    assert event.changes["external_id"] == [None, "A-1"]
    assert event.actor == officer
    summary = AuditEvent.objects.get(action=RUN_ACTION)
    assert summary.changes["created"] == [None, 4]
    assert AuditEvent.objects.filter(action="registry.household.import").count() == 1


def test_errors_import_nothing_and_every_error_is_listed_with_its_row(officer, places):
    rows = [
        *GOOD_ROWS,
        "C-1,Ahmed,,,Musa,,X,1995-13-01,ZZZ,12,LY999999,Nowhere,alien,HH-1,cousin",
        ",Nameless,,,Person,,M,,,,,,,,",
        "A-1,Again,,,Same,,M,,,,,,,,",
        "C-2,Awa,,,Diallo,,F,2090,,,LY020101,,,HH-1,sibling",
        "C-3,Ali,,,Said,,M,,,,,,,,head",
    ]
    before = AuditEvent.objects.count()
    report = run(officer, csv_bytes(rows))
    assert report.status == "rejected"
    assert Person.objects.count() == 0 and Household.objects.count() == 0 and Phone.objects.count() == 0
    assert AuditEvent.objects.count() == before
    lines = [e.line() for e in report.errors]
    expected = [
        "Row 6: sex 'X' must be M or F",
        "Row 6: date_of_birth '1995-13-01' is not a date (use YYYY-MM-DD or YYYY)",
        "Row 6: nationality 'ZZZ' is not a country we know",
        "Row 6: phone '12' is not a phone number",
        "Row 6: admin_pcode 'LY999999' is not a known P-code",
        "Row 6: site 'Nowhere' is not a known site",
        "Row 6: population_group 'alien' is not one of",
        "Row 6: relationship 'cousin' is not one of",
        "Row 7: external_id is missing",
        "Row 8: external_id 'A-1' is already used in row 2",
        "Row 9: date_of_birth '2090' is not a plausible year of birth",
        "Row 10: relationship 'head' needs a household_id",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert len(lines) == len(expected)


def test_household_rows_must_agree_on_location_and_have_one_head(officer, places):
    rows = [
        "H-1,Ali,,,Said,,M,,,,LY010304,,,HH-9,head",
        "H-2,Mona,,,Said,,F,,,,LY020101,,,HH-9,head",
    ]
    report = run(officer, csv_bytes(rows))
    lines = [e.line() for e in report.errors]
    assert any(
        "Row 3: household_id 'HH-9' has a different admin_pcode here than in row 2" in x for x in lines
    )
    assert any("Row 3: household_id 'HH-9' already has its head in row 2" in x for x in lines)
    assert Person.objects.count() == 0


def test_reimport_changes_nothing(officer, places):
    data = csv_bytes(GOOD_ROWS)
    run(officer, data)
    state = list(Person.objects.order_by("pk").values())
    counts = (
        NameKey.objects.count(),
        Phone.objects.count(),
        Household.objects.count(),
        Registration.objects.count(),
    )
    events = AuditEvent.objects.filter(action=PERSON_ACTION).count()

    report = run(officer, data)
    assert report.status == "imported"
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert "0 created, 0 updated, 4 unchanged." in report.summary_lines()
    assert list(Person.objects.order_by("pk").values()) == state
    assert (
        NameKey.objects.count(),
        Phone.objects.count(),
        Household.objects.count(),
        Registration.objects.count(),
    ) == counts
    assert AuditEvent.objects.filter(action=PERSON_ACTION).count() == events


def test_changed_row_updates_the_person_with_an_audited_diff(officer, places):
    run(officer, csv_bytes(GOOD_ROWS))
    person = Person.objects.get(external_id="B-1")
    reference = person.reference
    old_keys = set(NameKey.objects.filter(person=person).values_list("part", "key"))
    changed = [*GOOD_ROWS[:3], "B-1,Chinedu,,,Okafor-Eze,,M,1988-03-04,NGA,092 111 2222,LY020101,,refugee,,"]
    report = run(officer, csv_bytes(changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    person.refresh_from_db()
    assert person.reference == reference and person.family_name == "Okafor-Eze"
    assert str(person.date_of_birth) == "1988-03-04" and person.admin_unit == places.other
    assert set(person.phones.values_list("number", "is_primary")) == {
        ("+2348031234567", False),
        ("+218921112222", True),
    }
    stored = set(NameKey.objects.filter(person=person).values_list("part", "key"))
    assert stored == expected_keys(person) and stored != old_keys
    event = (
        AuditEvent.objects.filter(action=PERSON_ACTION, object_uuid=str(person.uuid)).order_by("id").last()
    )
    assert event.changes["family_name"] == ["Okafor", "Okafor-Eze"]
    assert event.changes["date_of_birth"] == ["1988-01-01", "1988-03-04"]
    assert event.changes["admin_unit"] == [str(places.unit.uuid), str(places.other.uuid)]
    assert event.changes["phones"] == [None, ["+218921112222"]]
    assert Registration.objects.filter(person=person).count() == 1


def test_csv_with_bom_and_semicolons_and_xlsx_both_work(officer, places):
    header = HEADER.upper().replace("_", " ")  # column names are case- and space-insensitive
    report = run(officer, csv_bytes(GOOD_ROWS, header=header, delimiter=";", bom=True))
    assert report.status == "imported", [e.line() for e in report.errors]
    assert Person.objects.get(external_id="A-1").given_name == "Mohamed"

    report = run(officer, xlsx_bytes(GOOD_ROWS), name="people.xlsx")
    assert report.status == "imported", [e.line() for e in report.errors]
    assert (report.created, report.unchanged) == (0, 4)


def test_xlsx_with_date_and_number_cells(officer, places):
    import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["External ID", "Given name", "Family name", "Date of birth", "Phone"])
    sheet.append([1001, "Awa", "Diallo", datetime.datetime(1999, 4, 2), 912345678])
    sheet.append([1002, "Moussa", "Diallo", 1980, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(officer, buffer.getvalue(), name="people.xlsx")
    assert report.status == "imported", [e.line() for e in report.errors]
    awa = Person.objects.get(external_id="1001")
    assert str(awa.date_of_birth) == "1999-04-02" and awa.phones.get().number == "+218912345678"
    assert Person.objects.get(external_id="1002").date_of_birth_precision == "year"


def test_dry_run_writes_nothing(officer, places):
    before = AuditEvent.objects.count()
    report = run(officer, csv_bytes(GOOD_ROWS), dry_run=True)
    assert report.status == "validated" and report.created == 4
    assert Person.objects.count() == 0 and Household.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_unreadable_files_are_refused_clearly(officer, places):
    assert "not UTF-8" in run(officer, "external_id\nA\u00e9".encode("latin-1")).errors[0].line()
    assert "not a readable .xlsx" in run(officer, b"PKnot really", name="x.xlsx").errors[0].line()
    report = run(officer, b"external_id,colour\nA-1,blue\n")
    assert (
        report.errors[0].line()
        == "Row 1: column 'colour' is not a column of the template (see docs/import-template.md)"
    )
    assert "the column 'external_id' is missing" in run(officer, b"given_name\nAli\n").errors[0].line()
    assert run(officer, b"external_id\n").errors[0].line() == "The file has a header but no rows."
    assert Person.objects.count() == 0


def test_errors_in_arabic(officer, places):
    from django.utils import translation

    with translation.override("ar"):
        report = run(officer, csv_bytes(["A-1,Ali,,,Said,,X,,,,,,,,"]))
    assert report.status == "rejected" and report.errors[0].row == 2


def test_only_importers_may_import(users, places):
    with pytest.raises(DomainError):
        run(users["caseworker"], csv_bytes(GOOD_ROWS))
    assert Person.objects.count() == 0


def test_same_external_id_in_another_agency_is_another_person(officer, other_agency_users, places, org):
    from sanad.core.tests.role_matrix import REVIEWED

    run(officer, csv_bytes(GOOD_ROWS))
    partner = other_agency_users["me_officer"]
    assert "me_officer" in REVIEWED["persons.import"]
    report = run(partner, csv_bytes(GOOD_ROWS))
    assert report.created == 4
    assert Person.objects.filter(external_id="A-1").count() == 2
    assert Person.objects.get(external_id="A-1", agency=org.other_agency).team == org.partner_team


def test_command_imports_and_refuses(officer, places, tmp_path, capsys):
    good = tmp_path / "people.csv"
    good.write_bytes(csv_bytes(GOOD_ROWS))
    call_command("import_people", str(good), "--user", officer.username, "--dry-run")
    assert Person.objects.count() == 0
    call_command("import_people", str(good), "--user", officer.username, "--team", "tripoli-1")
    out = capsys.readouterr().out
    assert "4 created, 0 updated, 0 unchanged." in out
    call_command("import_people", str(good), "--user", officer.username)
    assert "0 created, 0 updated, 4 unchanged." in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(["Z-1,Ali,,,Said,,X,,,,,,,,"]))
    report = tmp_path / "errors.csv"
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_people", str(bad), "--user", officer.username, "--errors-csv", str(report))
    assert "Row 2: sex 'X' must be M or F" in capsys.readouterr().err
    assert "sex 'X' must be M or F" in report.read_bytes().decode("utf-8-sig")
    assert not Person.objects.filter(external_id="Z-1").exists()
