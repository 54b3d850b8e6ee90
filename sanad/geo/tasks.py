"""Background tasks of the gazetteer: thin wrappers that take a job id and call a service."""

from huey.contrib.djhuey import db_task

from sanad.core.services.jobs import run_job
from sanad.geo.services.gazetteer import gazetteer_load_job


@db_task()
def gazetteer_load_task(job_id):
    """Reload the gazetteer for ``job_id``; idempotent (a finished job is not run again)."""
    return run_job(job_id, gazetteer_load_job)
