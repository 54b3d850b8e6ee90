"""Core background tasks: thin wrappers that take a job id and run a service."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from sanad.core.services.audit_export import audit_export_run
from sanad.core.services.jobs import run_job


@db_task()
def audit_export_task(job_id: int) -> None:
    run_job(job_id, audit_export_run)
