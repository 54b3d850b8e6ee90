"""Background tasks of the DTM module: thin wrappers that take a job id and call a service."""

from huey.contrib.djhuey import db_task

from sanad.core.services.jobs import run_job
from sanad.dtm.services.jobs import round_import_job


@db_task()
def round_import_task(job_id):
    """Import the workbook of ``job_id``; idempotent (a finished job is not run again)."""
    return run_job(job_id, round_import_job)
