"""The gazetteer loader: counts, idempotency, updates audited, local units untouched."""

from __future__ import annotations

import csv
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from sanad.core.errors import DomainError
from sanad.core.jobs import job_run_task
from sanad.core.models import AuditEvent, Job
from sanad.core.services.jobs import job_create
from sanad.geo.models import AdminUnit
from sanad.geo.services import gazetteer_load


def _counts(report):
    return {key: vars(c) for key, c in report.counts.items()}


def test_first_load_creates_every_level_with_parents_and_centroids(db):
    report = gazetteer_load(actor=None)
    assert _counts(report) == {
        "regions": {"created": 3, "updated": 0, "unchanged": 0, "kept_local": 0},
        "mantikas": {"created": 22, "updated": 0, "unchanged": 0, "kept_local": 0},
        "baladiyas": {"created": 100, "updated": 0, "unchanged": 0, "kept_local": 0},
        "muhallas": {"created": 667, "updated": 0, "unchanged": 0, "kept_local": 0},
    }
    assert AdminUnit.objects.count() == 792
    for level, expected in {1: 3, 2: 22, 3: 100, 4: 667}.items():
        assert AdminUnit.objects.filter(level=level, source=AdminUnit.Source.COD_AB).count() == expected
    tripoli = AdminUnit.objects.select_related("parent__parent").get(pcode="LY021104")
    assert tripoli.name_en == "Tripoli"
    assert tripoli.parent.pcode == "LY0211"
    assert tripoli.parent.parent.pcode == "LY02"
    assert tripoli.latitude is not None and 32 < tripoli.latitude < 33.1
    # Every non-region unit's P-code extends its parent's.
    for unit in AdminUnit.objects.filter(level__gt=1).select_related("parent"):
        assert unit.pcode.startswith(unit.parent.pcode)
        assert unit.level == unit.parent.level + 1
    assert AdminUnit.objects.filter(level=3, latitude__isnull=True).count() == 0
    # Runs of whitespace are collapsed ("Qasr  Akhyar" in the file).
    assert AdminUnit.objects.get(pcode="LY021003").name_en == "Qasr Akhyar"
    events = AuditEvent.objects.filter(action="geo.gazetteer.load")
    assert events.count() == 1
    assert events.get().changes["counts"]["muhallas"]["created"] == 667


def test_second_load_changes_nothing(db):
    gazetteer_load(actor=None)
    before = {u.pcode: (u.name_en, u.name_ar, u.parent_id, u.updated_at) for u in AdminUnit.objects.all()}
    report = gazetteer_load(actor=None)
    assert report.total_created == 0 and report.total_updated == 0
    assert [c.unchanged for c in report.counts.values()] == [3, 22, 100, 667]
    assert report.changes == []
    after = {u.pcode: (u.name_en, u.name_ar, u.parent_id, u.updated_at) for u in AdminUnit.objects.all()}
    assert before == after
    assert AuditEvent.objects.filter(action="geo.gazetteer.load").count() == 2


def test_changed_name_is_updated_and_audited(db):
    gazetteer_load(actor=None)
    AdminUnit.objects.filter(pcode="LY021104").update(name_en="Tarabulus", name_ar="طرابلس الغرب")
    report = gazetteer_load(actor=None)
    assert report.counts["baladiyas"].updated == 1
    assert report.counts["baladiyas"].unchanged == 99
    unit = AdminUnit.objects.get(pcode="LY021104")
    assert (unit.name_en, unit.name_ar) == ("Tripoli", "طرابلس")
    event = AuditEvent.objects.filter(action="geo.gazetteer.load").first()
    assert event.changes["counts"]["baladiyas"]["updated"] == 1
    assert event.changes["changes"] == [
        {
            "pcode": "LY021104",
            "level": 3,
            "verb": "updated",
            "changes": {"name_en": ["Tarabulus", "Tripoli"], "name_ar": ["طرابلس الغرب", "طرابلس"]},
        }
    ]


def test_moved_parent_is_restored(db):
    gazetteer_load(actor=None)
    wrong = AdminUnit.objects.get(pcode="LY0101")
    AdminUnit.objects.filter(pcode="LY021104").update(parent=wrong)
    report = gazetteer_load(actor=None)
    assert report.changes[0]["changes"] == {"parent": ["LY0101", "LY0211"]}
    assert AdminUnit.objects.get(pcode="LY021104").parent.pcode == "LY0211"


def test_local_units_are_left_alone(db):
    gazetteer_load(actor=None)
    parent = AdminUnit.objects.get(pcode="LY0211")
    local = AdminUnit.objects.create(
        pcode="LY021199", level=3, parent=parent, name_en="New municipality", source=AdminUnit.Source.LOCAL
    )
    # A local unit whose P-code the COD also uses keeps its local names.
    AdminUnit.objects.filter(pcode="LY021104").update(source=AdminUnit.Source.LOCAL, name_en="Local Tripoli")
    report = gazetteer_load(actor=None)
    assert report.counts["baladiyas"].kept_local == 1
    local.refresh_from_db()
    assert local.name_en == "New municipality"
    assert AdminUnit.objects.get(pcode="LY021104").name_en == "Local Tripoli"
    assert AdminUnit.objects.count() == 793


def _copy_data(tmp_path):
    for path in settings.SANAD_GAZETTEER_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_bad_file_changes_nothing(db, tmp_path):
    directory = _copy_data(tmp_path)
    rows = list(csv.reader((directory / "lby_admin4_muhalla.csv").open(encoding="utf-8")))
    rows[5][3] = "LY999999"  # an unknown parent baladiya
    with (directory / "lby_admin4_muhalla.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(DomainError, match="line 6"):
        gazetteer_load(actor=None, directory=directory)
    assert AdminUnit.objects.count() == 0
    assert not AuditEvent.objects.filter(action="geo.gazetteer.load").exists()


def test_missing_column_is_named(db, tmp_path):
    directory = _copy_data(tmp_path)
    (directory / "lby_admin1_regions.csv").write_text("code,name\nLY01,East\n", encoding="utf-8")
    with pytest.raises(DomainError, match="ADM1_Geo_2"):
        gazetteer_load(actor=None, directory=directory)


def test_refused_actor_loads_nothing(users):
    with pytest.raises(DomainError):
        gazetteer_load(actor=users["caseworker"])
    assert AdminUnit.objects.count() == 0


def test_command_prints_counts_and_is_safe_to_rerun(db):
    out = StringIO()
    call_command("load_gazetteer", stdout=out)
    text = out.getvalue()
    assert "regions: 3 created, 0 updated, 0 unchanged" in text
    assert "muhallas: 667 created, 0 updated, 0 unchanged" in text
    out = StringIO()
    call_command("load_gazetteer", stdout=out)
    assert "baladiyas: 0 created, 0 updated, 100 unchanged" in out.getvalue()
    assert AdminUnit.objects.count() == 792


def test_command_reports_a_bad_directory(db, tmp_path):
    with pytest.raises(CommandError, match="missing"):
        call_command("load_gazetteer", "--dir", str(tmp_path), stdout=StringIO())


def test_job_runs_the_load_and_records_the_result(users):
    actor = users["system_admin"]
    job = job_create(actor=actor, kind="geo.load_gazetteer", label="Reload", parameters={})
    job_run_task(job.pk)  # Huey runs tasks immediately in tests
    job = Job.objects.get(pk=job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["counts"]["muhallas"]["created"] == 667
    assert job.progress == job.total == 4
    assert AdminUnit.objects.count() == 792
    event = AuditEvent.objects.get(action="geo.gazetteer.load")
    assert event.actor == actor
    assert event.channel == "job"
