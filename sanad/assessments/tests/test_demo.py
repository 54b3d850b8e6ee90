"""The assessments demo seeder: shipped instruments and a few screenings, idempotent."""

from __future__ import annotations

import pytest

from sanad.assessments.demo import demo_seed_assessments
from sanad.assessments.models import Assessment, Instrument
from sanad.core.services.demo import SeedReport, demo_seed

pytestmark = pytest.mark.django_db


def test_demo_seed_loads_instruments_and_records_screenings():
    demo_seed()
    assert Instrument.objects.filter(code="mrrm_screening").exists()
    screenings = Assessment.objects.filter(instrument__code="mrrm_screening")
    assert screenings.count() == 3
    assert {a.priority for a in screenings} <= {"low", "medium", "high"}
    assert "high" in {a.priority for a in screenings}
    phq9 = Assessment.objects.get(instrument__code="phq9")
    assert phq9.recorded_by.username == "mhpss_officer" and phq9.safety_alert
    assert [u.username for u in phq9.alert.recipients.all()] == ["team-leader-mhpss"]
    report = SeedReport()
    assert demo_seed_assessments(report=report) == 0
    assert Assessment.objects.count() == 4
    assert "instrument versions" not in report.created
