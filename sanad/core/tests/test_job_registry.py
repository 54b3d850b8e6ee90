"""The job registry: kinds and periodic jobs declared on the apps' configs, one Huey task for every
kind, the audit channel ``job``, the requester's language, and a clean failure for an unknown kind."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY

from sanad.core.audit import audit_record
from sanad.core.jobs import job_enqueue, job_run, job_run_task, periodic_job_run
from sanad.core.models import AuditEvent, Job
from sanad.core.registration import JobKind, PeriodicJob, SanadAppConfig, declared, job_kind_get, resolve
from sanad.core.services.jobs import job_create, job_progress, job_start

SANAD = Path(__file__).resolve().parents[2]


def summary_job(job: Job) -> dict:
    """A kind for the tests: writes an audit row and a summary for people."""
    job_start(job, total=1)
    audit_record(actor=job.created_by, action="test.job.step", obj=job, changes={"step": [None, 1]})
    job_progress(job, 1, _("Audit trail export"))
    return {"summary": [_("Audit trail export")]}


def failing_job(job: Job) -> None:
    raise ValueError("The file has no sheet named Round.")


@pytest.fixture
def test_kinds(monkeypatch):
    core = apps.get_app_config("core")
    monkeypatch.setattr(
        core,
        "job_kinds",
        (
            *core.job_kinds,
            JobKind("test.summary", summary_job, label="Test summary"),
            JobKind("test.failing", "sanad.core.tests.test_job_registry.failing_job", label="Test failure"),
        ),
    )


def test_every_sanad_app_declares_through_the_base():
    sanad_configs = [c for c in apps.get_app_configs() if c.name.startswith("sanad.")]
    assert sanad_configs and all(isinstance(c, SanadAppConfig) for c in sanad_configs)


def test_every_declared_function_resolves_and_every_kind_is_unique():
    kinds = [kind.kind for kind in declared("job_kinds")]
    assert len(kinds) == len(set(kinds))
    assert {"dtm.import_round", "core.audit_export", "geo.load_gazetteer"} <= set(kinds)
    for declaration in [*declared("job_kinds"), *declared("periodic_jobs")]:
        assert callable(resolve(declaration.run)), declaration


def test_each_periodic_job_is_one_huey_periodic_task():
    names = {task.name for task in HUEY._registry.periodic_tasks}
    assert names == {f"periodic:{periodic.name}" for periodic in declared("periodic_jobs")}
    assert "periodic:feedback.ticket_escalate_overdue" in names


def test_the_job_task_runs_a_kind_with_the_audit_channel_job(users, test_kinds):
    job = job_create(actor=users["caseworker"], kind="test.summary", label="Test", language="en")
    job_run_task(job.pk)  # Huey runs tasks immediately in tests
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result == {"summary": ["Audit trail export"]}
    event = AuditEvent.objects.get(action="test.job.step")
    assert (event.channel, event.request_id) == ("job", f"job:{job.uuid}")
    # The row created in the request keeps the request's channel.
    assert AuditEvent.objects.get(action="core.job.create", object_uuid=str(job.uuid)).channel == "cli"


def test_an_arabic_requester_gets_an_arabic_summary(users, test_kinds, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(actor=users["caseworker"], kind="test.summary", label="T", language="ar")
        job_enqueue(job)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["summary"] == ["تصدير سجل التدقيق"]
    assert job.message == "تصدير سجل التدقيق"


def test_without_a_recorded_language_the_requesters_preference_is_used(users, test_kinds):
    requester = users["caseworker"]
    requester.preferred_language = "fr"
    requester.save(update_fields=["preferred_language"])
    job = job_create(actor=requester, kind="test.summary", label="T")
    Job.objects.filter(pk=job.pk).update(language="")
    job_run_task(job.pk)
    job.refresh_from_db()
    assert job.result["summary"] == ["Export du journal d'audit"]


def test_an_unknown_kind_fails_the_job_cleanly_in_the_requesters_language(users):
    job = job_create(actor=users["caseworker"], kind="nobody.declares", label="T", language="en")
    job_run_task(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at
    assert job.error == "This kind of job is not known: nobody.declares."
    assert job.kind_name == "Background job"
    job_run_task(job.pk)  # run again: still the one failure
    assert Job.objects.get(pk=job.pk).error == job.error


def test_a_failing_kind_records_its_error_on_the_job(users, test_kinds):
    job = job_create(actor=users["caseworker"], kind="test.failing", label="T")
    job_run_task(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "The file has no sheet named Round.")


def test_a_missing_job_is_logged_not_raised(db, caplog):
    assert job_run(987654) is None
    assert "Job 987654 not found" in caplog.text


def test_a_kind_is_shown_by_its_declared_label(users):
    job = job_create(actor=users["dtm_officer"], kind="dtm.import_round", label="T")
    assert job.kind_name == "DTM round import" == str(job_kind_get("dtm.import_round").label)


def test_a_periodic_job_runs_in_the_channel_job(db, monkeypatch):
    calls = []

    def tick():
        calls.append(1)
        audit_record(actor=None, action="test.periodic.tick", obj=None, changes={})
        return 7

    core = apps.get_app_config("core")
    monkeypatch.setattr(core, "periodic_jobs", (*core.periodic_jobs, PeriodicJob("test.tick", tick, None)))
    assert periodic_job_run("test.tick") == 7
    assert AuditEvent.objects.get(action="test.periodic.tick").channel == "job"
    with pytest.raises(LookupError):
        periodic_job_run("nobody.declares")


def test_no_module_imports_a_tasks_module():
    """Services start jobs by kind (``job_enqueue``): nothing imports a ``tasks`` module, so no
    service ↔ task import circle can come back."""
    offenders = []
    for path in SANAD.rglob("*.py"):
        if ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(name.startswith("sanad.") and name.split(".")[-1] == "tasks" for name in names):
                offenders.append(str(path.relative_to(SANAD.parent)))
    assert offenders == []
    assert not list(SANAD.glob("*/tasks.py"))
