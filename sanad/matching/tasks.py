"""Background tasks of duplicate detection: thin wrappers that take a job id and call a service."""

from huey.contrib.djhuey import db_task

from sanad.core.services.jobs import run_job
from sanad.matching.detection import duplicate_detection_job


@db_task()
def duplicate_detection_task(job_id):
    """Run the batch detection for ``job_id``; idempotent (a finished job is not run again)."""
    return run_job(job_id, duplicate_detection_job)
