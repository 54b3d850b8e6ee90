"""Background tasks of the registry: thin wrappers that take a job id and call a service."""

from huey.contrib.djhuey import db_task

from sanad.core.services.jobs import run_job
from sanad.registry.services.import_jobs import people_import_job


@db_task()
def import_people_task(job_id):
    """Import the file of job ``job_id``; idempotent (a finished job is not run again)."""
    return run_job(job_id, people_import_job)
