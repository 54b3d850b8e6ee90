"""Periodic jobs of case management: thin wrappers around services (idempotent)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sanad.cases.services import followups_mark_overdue, high_risk_escalate
from sanad.cases.services.notes import encryption_rotation_job
from sanad.core.services.jobs import run_job


@db_periodic_task(crontab(minute="15"))
def mark_overdue_followups_task() -> int:
    """Hourly: stamp follow-ups that passed their due time (My work lists them overdue first)."""
    return followups_mark_overdue()


@db_periodic_task(crontab(hour="5", minute="30"))
def escalate_high_risk_without_contact_task() -> int:
    """Daily, 05:30 UTC (07:30 in Tripoli, before the teams go out): a task for the team leader
    for each high-risk case without contact for longer than its unit allows."""
    return high_risk_escalate()


@db_task()
def rotate_encryption_keys_task(job_id: int):
    """Re-encrypt every case note with the current key, as a job with a progress bar."""
    return run_job(job_id, encryption_rotation_job)
