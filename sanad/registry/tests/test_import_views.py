"""The import pages: role matrix, upload -> job -> report, error report download, scoping."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sanad.core.models import AuditEvent, Job
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import REVIEWED
from sanad.registry.models import Household, Person
from sanad.registry.services.import_rows import TEMPLATE_COLUMNS
from sanad.registry.services.importing import JOB_KIND
from sanad.registry.tests.test_import_service import GOOD_ROWS, csv_bytes, make_places

IMPORTERS = set(REVIEWED["persons.import"])
REFUSED = sorted(set(ALL_ROLES) - IMPORTERS)


@pytest.fixture
def places(db):
    return make_places()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, data: bytes, name="people.csv", dry_run=False, key=""):
    payload = {"file": SimpleUploadedFile(name, data), "idempotency_key": key}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(reverse("registry_import:upload"), payload)


@pytest.mark.parametrize("role", sorted(IMPORTERS))
def test_importers_see_the_upload_page_and_the_template(role, users, client_for):
    client = client_for(users[role])
    response = client.get(reverse("registry_import:upload"))
    assert response.status_code == 200
    assert reverse("registry_import:template") in response.content.decode()
    template = client.get(reverse("registry_import:template"))
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(TEMPLATE_COLUMNS)


@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_are_refused_and_nothing_changes(
    role, users, client_for, places, django_capture_on_commit_callbacks
):
    client = client_for(users[role])
    before = AuditEvent.objects.count()
    assert client.get(reverse("registry_import:upload")).status_code == 403
    assert client.get(reverse("registry_import:template")).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(client, csv_bytes(GOOD_ROWS)).status_code == 403
    assert Person.objects.count() == 0 and Job.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_upload_runs_the_job_and_shows_the_result(
    users, client_for, places, django_capture_on_commit_callbacks
):
    officer = users["me_officer"]
    client = client_for(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(GOOD_ROWS), key="k-1")
    assert response.status_code == 302
    job = Job.objects.get(uuid=response["X-Sanad-Job"])
    assert response["Location"] == reverse("registry_import:result", args=[job.uuid])
    assert job.kind == JOB_KIND and job.status == Job.Status.SUCCEEDED and job.created_by == officer
    assert job.result["status"] == "imported" and job.result["created"] == 4
    assert Person.objects.count() == 4 and Household.objects.count() == 1
    assert not job.result_file  # no errors, no error report
    # The uploaded file (personal data) is not kept.
    assert "path" in job.parameters
    from django.core.files.storage import default_storage

    assert not default_storage.exists(job.parameters["path"])

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-outcome="imported"' in body and "4 created, 0 updated, 0 unchanged." in body
    partial = client.get(reverse("registry_import:report", args=[job.uuid]))
    assert partial.status_code == 200 and "hx-get" not in partial.content.decode()

    # A re-submitted form (same idempotency key) returns the same job instead of a second import.
    with django_capture_on_commit_callbacks(execute=True):
        again = upload(client, csv_bytes(GOOD_ROWS), key="k-1")
    assert again["X-Sanad-Job"] == str(job.uuid)
    assert Job.objects.filter(kind=JOB_KIND).count() == 1

    # Uploading the same file again (a new form) changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        second = upload(client, csv_bytes(GOOD_ROWS), key="k-2")
    second_job = Job.objects.get(uuid=second["X-Sanad-Job"])
    assert second_job.result["unchanged"] == 4 and Person.objects.count() == 4
    assert "4 unchanged" in client.get(second["Location"]).content.decode()


def test_rejected_upload_lists_every_error_and_offers_the_report(
    users,
    client_for,
    places,
    django_capture_on_commit_callbacks,
):
    client = client_for(users["me_officer"])
    bad = csv_bytes([*GOOD_ROWS, "C-1,Ahmed,,,Musa,,X,1995-13-01,,,,,,,", "C-2,Ali,,,Said,,M,,ZZZ,,,,,,"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, bad)
    job = Job.objects.get(uuid=response["X-Sanad-Job"])
    assert job.result["status"] == "rejected" and job.result["error_count"] == 3
    assert Person.objects.count() == 0
    body = client.get(response["Location"]).content.decode()
    assert 'data-outcome="rejected"' in body
    assert "date_of_birth &#x27;1995-13-01&#x27; is not a date (use YYYY-MM-DD or YYYY)" in body
    assert "sex &#x27;X&#x27; must be M or F" in body
    download = reverse("core:job_download", args=[job.uuid])
    assert download in body
    report = b"".join(client.get(download).streaming_content).decode("utf-8-sig")
    assert report.splitlines()[0] == "row,column,value,error"
    assert "6,date_of_birth,1995-13-01," in report and "7,nationality,ZZZ," in report


def test_dry_run_from_the_page_writes_nothing(users, client_for, places, django_capture_on_commit_callbacks):
    client = client_for(users["me_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(GOOD_ROWS), dry_run=True)
    job = Job.objects.get(uuid=response["X-Sanad-Job"])
    assert job.result["status"] == "validated" and job.result["created"] == 4
    assert Person.objects.count() == 0
    assert 'data-outcome="validated"' in client.get(response["Location"]).content.decode()


def test_a_wrong_file_type_is_refused_on_the_form(users, client_for):
    client = client_for(users["me_officer"])
    response = upload(client, b"hello", name="people.pdf")
    assert response.status_code == 400 and "Upload a .csv or an .xlsx file." in response.content.decode()
    assert Job.objects.count() == 0


def test_others_cannot_see_the_job(
    users,
    other_team_users,
    other_agency_users,
    client_for,
    places,
    django_capture_on_commit_callbacks,
):
    client = client_for(users["me_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, csv_bytes(["Z-1,Ali,,,Said,,X,,,,,,,,"]))
    job = Job.objects.get(uuid=response["X-Sanad-Job"])
    for other in (other_agency_users["me_officer"], other_team_users["me_officer"]):
        other_client = client_for(other)
        assert other_client.get(reverse("registry_import:result", args=[job.uuid])).status_code == 404
        assert other_client.get(reverse("registry_import:report", args=[job.uuid])).status_code == 404
        assert other_client.get(reverse("core:job_download", args=[job.uuid])).status_code == 404
    # A role without the import right is refused outright, even for the job page.
    assert (
        client_for(users["caseworker"]).get(reverse("registry_import:result", args=[job.uuid])).status_code
        == 403
    )


def test_another_kind_of_job_is_not_an_import(users, client_for):
    officer = users["me_officer"]
    job = Job.objects.create(kind="core.audit_export", label="x", created_by=officer)
    assert client_for(officer).get(reverse("registry_import:result", args=[job.uuid])).status_code == 404


def test_recent_imports_list_is_bounded_in_queries(users, client_for, django_assert_max_num_queries):
    officer = users["me_officer"]
    for index in range(5):
        Job.objects.create(kind=JOB_KIND, label=f"Import {index}", created_by=officer)
    client = client_for(officer)
    client.get(reverse("registry_import:upload"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry_import:upload"))
    assert response.content.decode().count(reverse("registry_import:upload")) >= 1
    assert "Import 4" in response.content.decode()
