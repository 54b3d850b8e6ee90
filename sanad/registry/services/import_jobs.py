"""The people import as a job (the import page): keep the upload, run it in a Huey task."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from sanad.core.context import Origin, origin
from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.jobs import job_enqueue
from sanad.core.models import Job
from sanad.core.permissions import has_permission
from sanad.core.services.jobs import job_create, job_succeed
from sanad.registry.services.import_rows import error_report_csv
from sanad.registry.services.importing import (
    ERROR_REPORT_NAME,
    JOB_KIND,
    MAX_UPLOAD_BYTES,
    START_ACTION,
    people_import,
)

ALLOWED_EXTENSIONS = (".csv", ".xlsx")


@transaction.atomic
def people_import_start(
    *, actor, uploaded_file, dry_run: bool = False, idempotency_key: str | None = None
) -> Job:
    """Keep the uploaded file and start a job that imports it; returns the Job to follow."""
    if not has_permission(actor, "persons.import"):
        raise DomainError(_("You may not import people."), code="forbidden")
    existing = idempotent_lookup(actor=actor, action=START_ACTION, key=idempotency_key, model=Job)
    if existing is not None:
        return existing
    name = get_valid_filename(getattr(uploaded_file, "name", "") or "import.csv")[:100] or "import.csv"
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise DomainError(_("Upload a .csv or an .xlsx file."), code="invalid_file")
    if getattr(uploaded_file, "size", 0) > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("The file is larger than %(size)s MB: split it in parts.")
            % {"size": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="invalid_file",
        )
    path = default_storage.save(f"imports/{uuid.uuid4().hex}/{name}", uploaded_file)
    label = (_("Check %(name)s (dry run)") if dry_run else _("Import people from %(name)s")) % {"name": name}
    job = job_create(
        actor=actor,
        kind=JOB_KIND,
        label=label,
        parameters={
            "path": path,
            "file_name": name,
            "dry_run": bool(dry_run),
            "language": translation.get_language() or "en",
        },
    )
    idempotent_remember(actor=actor, action=START_ACTION, key=idempotency_key, obj=job)
    return job_enqueue(job)


def people_import_job(job: Job) -> dict | None:
    """Run the import of a job started by ``people_import_start`` (called by the Huey task)."""
    parameters = job.parameters
    path = parameters.get("path", "")
    actor = job.created_by
    if actor is None:
        raise DomainError(_("The job has no user to import as."))
    language = parameters.get("language") or actor.preferred_language
    try:
        with translation.override(language), origin(Origin(channel="job", request_id=str(job.uuid))):
            with default_storage.open(path, "rb") as handle:
                data = handle.read()
            report = people_import(
                actor=actor,
                source=data,
                file_name=parameters.get("file_name", ""),
                dry_run=bool(parameters.get("dry_run")),
                job=job,
            )
            job_succeed(
                job,
                result=report.as_result(),
                file_name=ERROR_REPORT_NAME if report.errors else None,
                content=error_report_csv(report.errors) if report.errors else None,
            )
    finally:
        # The uploaded file holds personal data: it is not kept once read.
        if path and default_storage.exists(path):
            default_storage.delete(path)
    return None
