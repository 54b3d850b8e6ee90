"""Jobs: the ``Job`` row of long work run by a Huey consumer, whose progress the UI shows.

A kind of job is declared on its app's config (``JobKind`` in ``sanad.core.registration``) and
run by ``sanad.core.jobs``; this module keeps the row. A kind's function ``fn(job)`` calls
``job_start(job, total=n)``, then ``job_progress(job, i)`` as it goes, and returns a result dict
(or calls ``job_succeed`` itself, e.g. to attach a file).

``run_job`` marks the job running, records success with the returned result, and records any
exception as the job's error instead of losing it in the worker's log. It runs ``fn`` in the
language the job was started in, so what the job writes for people (progress messages, summary
lines, errors) is in their language.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from sanad.core.audit import audit_record
from sanad.core.models import Job

logger = logging.getLogger(__name__)

MESSAGE_MAX = 300


@transaction.atomic
def job_create(
    *, actor, kind: str, label: str, parameters: dict | None = None, language: str | None = None
) -> Job:
    """``language``: what the job writes for people is in it; by default the active language."""
    job = Job.objects.create(
        kind=kind[:60],
        label=str(label)[:200],
        created_by=actor if getattr(actor, "pk", None) else None,
        language=(language or translation.get_language() or "")[:10],
        parameters=parameters or {},
    )
    audit_record(actor=actor, action="core.job.create", obj=job, changes={"kind": [None, job.kind]})
    return job


def job_start(job: Job, *, total: int) -> Job:
    now = timezone.now()
    job.status = Job.Status.RUNNING
    job.total = max(0, int(total))
    job.progress = 0
    job.started_at = job.started_at or now
    Job.objects.filter(pk=job.pk).update(
        status=job.status, total=job.total, progress=0, started_at=job.started_at, updated_at=now
    )
    return job


def job_progress(job: Job, progress: int, message: str = "") -> Job:
    """Cheap: one UPDATE of the row, no audit event (the job's outcome is what matters)."""
    job.progress = max(0, int(progress))
    job.message = str(message)[:MESSAGE_MAX]
    Job.objects.filter(pk=job.pk).update(
        progress=job.progress, message=job.message, updated_at=timezone.now()
    )
    return job


def job_succeed(
    job: Job, *, result: dict | None = None, file_name: str | None = None, content: bytes | str | None = None
) -> Job:
    job.status = Job.Status.SUCCEEDED
    job.result = result or {}
    job.finished_at = timezone.now()
    if job.total:
        job.progress = job.total
    job.error = ""
    if file_name and content is not None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        # The stored name is unguessable; the download view serves it under ``file_name``.
        job.result_file.save(f"{uuid.uuid4().hex}-{file_name}", ContentFile(data), save=False)
        job.result = {**job.result, "file_name": file_name}
    job.save(
        update_fields=["status", "result", "finished_at", "progress", "error", "result_file", "updated_at"]
    )
    return job


def job_fail(job: Job, *, error: str) -> Job:
    job.status = Job.Status.FAILED
    job.error = str(error)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "updated_at"])
    return job


def job_get_for_run(job_id) -> Job | None:
    """The job ``job_id`` (pk or uuid) with its requester, for the worker that runs it."""
    lookup = (
        {"uuid": job_id}
        if isinstance(job_id, uuid.UUID | str) and not str(job_id).isdigit()
        else {"pk": job_id}
    )
    return Job.objects.select_related("created_by").filter(**lookup).first()


def job_language(job: Job) -> str | None:
    """What the job writes for people is in the language it was started in (else its requester's)."""
    return job.language or getattr(job.created_by, "preferred_language", "") or None


def run_job(job_id, fn: Callable[[Job], dict | None]) -> Job | None:
    """Run ``fn(job)`` for the job ``job_id`` (pk or uuid), recording its progress and outcome.

    Idempotent: a job that already finished is not run again (a retried task is harmless).
    Failures are recorded on the job (``status=failed``, ``error``), not re-raised.
    """
    job = job_get_for_run(job_id)
    if job is None:
        logger.warning("Job %s not found", job_id)
        return None
    if job.is_finished:
        return job
    if job.status == Job.Status.QUEUED:
        job_start(job, total=job.total)
    with translation.override(job_language(job)):
        try:
            result = fn(job)
        except Exception as exc:  # noqa: BLE001 — any failure belongs on the job, where the user sees it
            logger.exception("Job %s (%s) failed", job.uuid, job.kind)
            job.refresh_from_db()
            return job_fail(job, error=str(exc) or type(exc).__name__)
    job.refresh_from_db()
    if not job.is_finished:
        job_succeed(job, result=result if isinstance(result, dict) else None)
    return job
