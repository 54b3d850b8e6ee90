"""The one way to run background work: every kind of job and every periodic job goes through here.

Kinds and periodic jobs are declared on the apps' configs (``sanad.core.registration``). A service
starts a job by kind, never by importing a task::

    job = job_create(actor=actor, kind="dtm.import_round", label=..., parameters={...})
    return job_enqueue(job)

``job_enqueue`` hands the job to the single Huey task, ``job_run_task``, once the transaction has
committed. The task loads the ``Job`` row, finds its kind's function and runs it with the audit
channel ``job`` and in the language of the person who started it; progress, success and failure
are recorded on the row (``sanad.core.services.jobs``). A kind nobody declares fails the job with
a message, it does not raise in the worker.

Each declared periodic job becomes a Huey periodic task named ``periodic:<name>``; it runs the
declared function in the channel ``job``. ``periodic_job_run(name)`` runs one now (tests, admins).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_periodic_task, db_task

from sanad.core.context import Origin, origin
from sanad.core.models import Job
from sanad.core.registration import PeriodicJob, declared, job_kind_get, resolve
from sanad.core.services.jobs import job_fail, job_get_for_run, job_language, run_job

logger = logging.getLogger(__name__)


def job_origin(job: Job) -> Origin:
    """Where a job's writes come from: the channel ``job``, traced by the job's id."""
    return Origin(channel="job", request_id=f"job:{job.uuid}")


def job_run(job_id) -> Job | None:
    """Run the job ``job_id`` (pk or uuid) by its kind; see the module's docstring."""
    job = job_get_for_run(job_id)
    if job is None:
        logger.warning("Job %s not found", job_id)
        return None
    kind = job_kind_get(job.kind)
    with origin(job_origin(job)):
        if kind is None:
            logger.error("Job %s has an unknown kind %r", job.uuid, job.kind)
            if job.is_finished:
                return job
            with translation.override(job_language(job)):
                return job_fail(job, error=_("This kind of job is not known: %(kind)s.") % {"kind": job.kind})
        return run_job(job.pk, resolve(kind.run))


@db_task()
def job_run_task(job_id) -> None:
    job_run(job_id)


def job_enqueue(job: Job) -> Job:
    """Hand the job to the job task once the surrounding transaction has committed."""
    transaction.on_commit(lambda: job_run_task(job.pk))
    return job


def periodic_job_get(name: str) -> PeriodicJob | None:
    return next((periodic for periodic in declared("periodic_jobs") if periodic.name == name), None)


def periodic_job_run(name: str) -> Any:
    """Run the declared periodic job ``name`` now, in the channel ``job``; returns what it returns."""
    periodic = periodic_job_get(name)
    if periodic is None:
        raise LookupError(f"No periodic job is declared as {name!r}.")
    with origin(Origin(channel="job", request_id=f"periodic:{name}"[:64])):
        return resolve(periodic.run)()


_PERIODIC_TASKS: dict[str, Any] = {}


def periodic_tasks_register(periodic_jobs: Iterable[PeriodicJob]) -> None:
    """Create the Huey periodic task of each declared periodic job (once per name)."""
    for periodic in periodic_jobs:
        if periodic.name in _PERIODIC_TASKS:
            continue

        def run(name: str = periodic.name) -> Any:
            return periodic_job_run(name)

        _PERIODIC_TASKS[periodic.name] = db_periodic_task(
            periodic.schedule, name=f"periodic:{periodic.name}"
        )(run)
