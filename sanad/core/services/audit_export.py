"""Exporting the audit trail as CSV, in a job."""

from __future__ import annotations

import datetime
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.exports import Column, Table, table_render
from sanad.core.jobs import job_enqueue
from sanad.core.models import Job
from sanad.core.permissions import has_permission
from sanad.core.selectors.audit import audit_event_list
from sanad.core.services.jobs import job_create, job_progress, job_start, job_succeed

JOB_KIND = "core.audit_export"
FILTER_KEYS = ("actor", "action", "object_type", "object_id", "date_from", "date_to", "sensitive_only")
COLUMNS = (
    "time",
    "actor",
    "action",
    "object_type",
    "object_id",
    "object",
    "changes",
    "sensitive_read",
    "channel",
    "ip_address",
    "request_id",
)


def _plain_filters(filters: dict) -> dict:
    out = {}
    for key in FILTER_KEYS:
        value = filters.get(key)
        if value in (None, "", False):
            continue
        out[key] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


@transaction.atomic
def audit_export_start(*, actor, filters: dict) -> Job:
    """Queue a CSV export of the events ``filters`` selects; the request itself is audited."""
    if not has_permission(actor, "audit.export"):
        raise DomainError(_("You may not export the audit trail."), code="forbidden")
    parameters = {"filters": _plain_filters(filters)}
    job = job_create(actor=actor, kind=JOB_KIND, label=_("Audit trail export"), parameters=parameters)
    audit_record(
        actor=actor, action="core.audit.export", obj=job, changes={"filters": [None, parameters["filters"]]}
    )
    return job_enqueue(job)


def audit_export_run(job: Job) -> dict:
    """Write the CSV through ``core.exports`` (UTF-8 with a byte-order mark, so spreadsheet
    programs read Arabic right; no cell a spreadsheet would run as a formula)."""
    actor = job.created_by
    # Permissions are checked again at run time: a role removed meanwhile stops the export.
    if not has_permission(actor, "audit.export"):
        raise DomainError(_("You may not export the audit trail."), code="forbidden")
    events = audit_event_list(actor=actor, filters=job.parameters.get("filters", {}), action="audit.export")
    total = events.count()
    job_start(job, total=total)
    tz = timezone.get_current_timezone()
    rows = (
        [
            event.at.astimezone(tz).isoformat(timespec="seconds"),
            event.actor_username,
            event.action,
            event.object_type,
            event.object_uuid,
            event.object_repr,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True) if event.changes else "",
            "yes" if event.is_sensitive_read else "no",
            event.channel,
            event.ip_address or "",
            event.request_id,
        ]
        for event in events.iterator(chunk_size=1000)
    )

    def progress(done: int) -> None:
        job_progress(job, done, _("%(done)d of %(total)d events written") % {"done": done, "total": total})

    # The request was audited by ``audit_export_start`` (one event per export, with its filters).
    content, _rows = table_render(
        Table(columns=[Column(name) for name in COLUMNS], rows=rows, total=total), "csv", progress=progress
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    job_succeed(job, result={"rows": total}, file_name=f"audit-trail-{stamp}.csv", content=content)
    return job.result
