"""The import job of a DTM round speaks the language of whoever started it: its summary is written
in that language with its number formats, the job's kind is shown by name, and its dates are in
the language's date format."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from sanad.core.models import Job
from sanad.core.registration import job_kind_get
from sanad.dtm.tests.conftest import R54_FILE

pytestmark = pytest.mark.django_db

ARABIC_MONTHS = "يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"


def test_round_import_job_in_arabic(gazetteer, users, client_for, django_capture_on_commit_callbacks):
    client = client_for(users["dtm_officer"])
    client.cookies["django_language"] = "ar"
    upload = SimpleUploadedFile(R54_FILE.name, R54_FILE.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dtm:round_import"),
            {"file": upload, "number": 54, "population": "migrants", "idempotency_key": "k"},
        )
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.language == "ar"
    # 787,326 migrants in 100 baladiyas: the published Round 54 summary (sanad/dtm/data/README.md),
    # grouped as Arabic pages group thousands (sanad/formats/ar).
    assert job.result["summary"][0].startswith("الجولة 54")
    assert "787.326" in job.result["summary"][0]
    assert not any("787326" in line for line in job.result["summary"])
    # The workbook names nationalities in English ("Sudan"); an Arabic reader reads the country's
    # Arabic name (its official UN name), with the published figure.
    sudan = [line for line in job.result["summary"] if "السودان" in line.replace("\u0651", "")]
    assert sudan and "207.117" in sudan[0], "\n".join(job.result["summary"])
    assert not any("Sudan" in line for line in job.result["summary"])

    html = client.get(reverse("core:job_detail", kwargs={"uuid": job.uuid})).content.decode()
    assert "dtm.import_round" not in html
    # The kind is registered under a translatable name, and the Arabic page shows it in Arabic.
    with translation.override("en"):
        assert str(job_kind_get("dtm.import_round").label) == "DTM round import"
    with translation.override("ar"):
        assert str(job_kind_get("dtm.import_round").label) in html
    assert "DTM round import" not in html
    # Dates in Arabic order ("7 ديسمبر، 2026، 21:30"), never English order with an Arabic month.
    times = re.search(r'data-testid="job-times">(.*?)</div>', html, re.S).group(1)
    assert re.search(rf"\d{{1,2}} ({ARABIC_MONTHS})، \d{{4}}، \d\d:\d\d", times), times
    assert not re.search(rf"({ARABIC_MONTHS}) \d{{1,2}},", times), times
