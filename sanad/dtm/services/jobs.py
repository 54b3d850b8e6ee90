"""The import as a background job: the uploaded file is stored, a Huey task imports it."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.jobs import job_enqueue
from sanad.core.models import Job
from sanad.core.permissions import has_permission
from sanad.core.services.jobs import job_create, job_progress, job_start
from sanad.dtm.models import Population
from sanad.dtm.services.importer import round_import
from sanad.dtm.services.mapping import mapping_load
from sanad.dtm.services.workbook import STEPS

UPLOAD_DIR = "dtm/uploads"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
IDEMPOTENCY_ACTION = "dtm.round.import_start"


@transaction.atomic
def round_import_start(
    *, actor, file, number: int, population: str, file_name: str = "", idempotency_key: str | None = None
):
    """Store the workbook and start a job that imports it; returns the Job to follow.

    A re-submitted form (same ``idempotency_key``) returns the job the first submission started.
    """
    if not has_permission(actor, "dtm.import"):
        raise DomainError(_("You may not import DTM rounds."), code="forbidden")
    previous = idempotent_lookup(actor=actor, action=IDEMPOTENCY_ACTION, key=idempotency_key, model=Job)
    if previous is not None:
        return previous
    if population not in Population.values:
        raise DomainError(_("Unknown population type “%(value)s”.") % {"value": population}, code="invalid")
    mapping_load(population=population)  # fail now, not in the worker, when there is no mapping
    data = file.read()
    if len(data) > MAX_UPLOAD_BYTES:
        raise DomainError(_("The file is larger than 20 MB."), code="invalid")
    name = file_name or getattr(file, "name", "") or "dtm.xlsx"
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    stored = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}{suffix}", ContentFile(data))
    job = job_create(
        actor=actor,
        kind="dtm.import_round",
        label=_("Import DTM round %(number)s (%(population)s)")
        % {"number": number, "population": Population(population).label},
        parameters={"path": stored, "number": number, "population": population, "file_name": name[-200:]},
    )
    idempotent_remember(actor=actor, action=IDEMPOTENCY_ACTION, key=idempotency_key, obj=job)
    return job_enqueue(job)


def round_import_job(job) -> dict[str, Any]:
    params = job.parameters
    job_start(job, total=STEPS)
    try:
        with default_storage.open(params["path"], "rb") as handle:
            report = round_import(
                actor=job.created_by,
                file=handle,
                number=int(params["number"]),
                population=params["population"],
                file_name=params.get("file_name", ""),
                progress=lambda done, total, message: job_progress(job, done, message),
            )
    finally:
        default_storage.delete(params["path"])
    return {
        "round": str(report.round.uuid),
        "summary": report.lines(),
        "checks": report.checks,
    }
