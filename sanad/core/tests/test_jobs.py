"""Jobs: services, run_job, the job pages, the progress partial and the file download."""

import pytest
from django.urls import reverse

from sanad.core.models import AuditEvent, Job
from sanad.core.permissions import ALL_ROLES
from sanad.core.services.jobs import job_create, job_fail, job_progress, job_start, job_succeed, run_job


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def job(users):
    return job_create(actor=users["caseworker"], kind="test.kind", label="Test job", parameters={"n": 3})


def test_job_create_records_owner_and_audit(job, users):
    assert job.status == Job.Status.QUEUED
    assert job.created_by == users["caseworker"]
    assert job.parameters == {"n": 3}
    assert AuditEvent.objects.filter(action="core.job.create", object_uuid=str(job.uuid)).count() == 1


def test_progress_is_one_cheap_update(job, django_assert_num_queries):
    job_start(job, total=10)
    with django_assert_num_queries(1):
        job_progress(job, 4, "Four done")
    job.refresh_from_db()
    assert (job.status, job.progress, job.total, job.message, job.percent) == (
        "running",
        4,
        10,
        "Four done",
        40,
    )


def test_succeed_with_a_file_and_fail(job):
    job_start(job, total=2)
    job_succeed(job, result={"rows": 2}, file_name="out.csv", content="a,b\n")
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.percent == 100 and job.finished_at
    assert job.result == {"rows": 2, "file_name": "out.csv"}
    assert job.result_file.read() == b"a,b\n"
    other = job_create(actor=None, kind="x", label="x")
    job_fail(other, error="Boom")
    other.refresh_from_db()
    assert other.status == Job.Status.FAILED and other.error == "Boom" and other.is_finished


def test_run_job_success_failure_and_idempotence(job):
    calls = []

    def work(j):
        calls.append(j.pk)
        job_start(j, total=3)
        for i in range(1, 4):
            job_progress(j, i)
        return {"summary": "three"}

    run_job(job.pk, work)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result == {"summary": "three"} and job.progress == 3
    run_job(str(job.uuid), work)  # a retried task does not run a finished job again
    assert calls == [job.pk]

    failing = job_create(actor=None, kind="x", label="x")

    def explode(j):
        raise ValueError("bad row 7")

    run_job(failing.uuid, explode)
    failing.refresh_from_db()
    assert failing.status == Job.Status.FAILED and failing.error == "bad row 7"
    assert run_job(999999, work) is None


# --- Pages ----------------------------------------------------------------------------------------
def test_job_pages_role_matrix(users, other_team_users, client_for, job):
    own = client_for(users["caseworker"])
    assert own.get(reverse("core:job_list")).status_code == 200
    assert own.get(reverse("core:job_detail", args=[job.uuid])).status_code == 200
    # Every role may list its own jobs; somebody else's job is a 404, except for the system admin.
    for role in ALL_ROLES:
        client = client_for(other_team_users[role])
        assert client.get(reverse("core:job_list")).status_code == 200, role
        expected = 200 if role == "system_admin" else 404
        assert client.get(reverse("core:job_detail", args=[job.uuid])).status_code == expected, role
        assert client.get(reverse("core:job_progress", args=[job.uuid])).status_code == expected, role


def test_job_list_shows_only_own_jobs(users, client_for, job):
    mine = job_create(actor=users["auditor"], kind="x", label="Auditor job")
    body = client_for(users["auditor"]).get(reverse("core:job_list")).content.decode()
    assert "Auditor job" in body and "Test job" not in body
    body = client_for(users["system_admin"]).get(reverse("core:job_list")).content.decode()
    assert "Auditor job" in body and "Test job" in body
    assert mine.pk


def test_job_list_query_count(users, client_for, django_assert_max_num_queries):
    for i in range(30):
        job_create(actor=users["caseworker"], kind="x", label=f"Job {i}")
    client = client_for(users["system_admin"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:job_list"))
    assert response.content.decode().count("/jobs/") >= 30


def test_progress_partial_polls_while_running_and_stops_when_finished(users, client_for, job):
    client = client_for(users["caseworker"])
    url = reverse("core:job_progress", args=[job.uuid])
    job_start(job, total=4)
    job_progress(job, 1, "Reading rows")
    body = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in body and f'hx-get="{url}"' in body
    assert "25%" in body and "Reading rows" in body
    assert "<html" not in body  # a fragment, not a page
    job_succeed(job, result={"rows": 4}, file_name="r.csv", content="x")
    body = client.get(url).content.decode()
    assert "every 1s" not in body
    assert "100%" in body and reverse("core:job_download", args=[job.uuid]) in body
    # The finished component carries its own start and end times (the page around it is static).
    assert 'data-testid="job-times"' in body and "Finished" in body


def test_failed_job_shows_its_error(users, client_for, job):
    job_fail(job, error="The file has no header row.")
    body = client_for(users["caseworker"]).get(reverse("core:job_progress", args=[job.uuid])).content.decode()
    assert "The file has no header row." in body and "every 1s" not in body


def test_download_is_private(users, other_team_users, client_for, job):
    url = reverse("core:job_download", args=[job.uuid])
    assert client_for(users["caseworker"]).get(url).status_code == 404  # no file yet
    job_succeed(job, file_name="report.csv", content="ذ,1\n")
    response = client_for(users["caseworker"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "ذ,1\n".encode()
    assert 'filename="report.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert client_for(other_team_users["caseworker"]).get(url).status_code == 404
    assert client_for(users["team_leader"]).get(url).status_code == 404
