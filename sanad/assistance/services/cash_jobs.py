"""Large payment-list exports and reconciliation imports run as jobs with progress.

Small plans export and import within the request. Above ``JOB_THRESHOLD`` payments (or rows) the
page creates a ``Job`` and a Huey consumer runs the same service; the plan page shows the job's
progress bar and, when done, the file to download or the import report.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.assistance.models import CashPlan
from sanad.assistance.services.cash_files import cash_plan_export, cash_plan_reconcile
from sanad.core.jobs import job_enqueue
from sanad.core.models import Job
from sanad.core.services.jobs import job_create, job_progress, job_start, job_succeed

JOB_THRESHOLD = 2000
# A reconciliation file above this size (roughly 2,000 rows) is imported by a job.
IMPORT_JOB_BYTES = 256 * 1024
EXPORT_KIND = "assistance.cash_plan.export"
RECONCILE_KIND = "assistance.cash_plan.reconcile"


@transaction.atomic
def cash_plan_export_start(*, actor, plan: CashPlan) -> Job:
    job = job_create(
        actor=actor,
        kind=EXPORT_KIND,
        label=_("Payment list of %(ref)s") % {"ref": plan.reference},
        parameters={"plan": str(plan.uuid)},
    )
    return job_enqueue(job)


def cash_plan_export_job(job: Job) -> None:
    plan = CashPlan.objects.get(uuid=job.parameters["plan"])
    total = plan.payments.count()
    job_start(job, total=total)
    name, content = cash_plan_export(
        actor=job.created_by,
        plan=plan,
        progress=lambda done: job_progress(
            job, done, _("%(done)d of %(total)d rows written") % {"done": done, "total": total}
        ),
    )
    job_succeed(job, result={"rows": total}, file_name=name, content=content)


@transaction.atomic
def cash_plan_reconcile_start(*, actor, plan: CashPlan, filename: str, content: bytes) -> Job:
    path = default_storage.save(
        f"assistance/reconciliation/{uuid.uuid4().hex}-{filename[-80:]}", ContentFile(content)
    )
    job = job_create(
        actor=actor,
        kind=RECONCILE_KIND,
        label=_("Reconciliation of %(ref)s (%(file)s)") % {"ref": plan.reference, "file": filename[-80:]},
        parameters={"plan": str(plan.uuid), "path": path, "filename": filename[-200:]},
    )
    return job_enqueue(job)


def cash_plan_reconcile_job(job: Job) -> None:
    plan = CashPlan.objects.get(uuid=job.parameters["plan"])
    with default_storage.open(job.parameters["path"], "rb") as handle:
        content = handle.read()
    job_start(job, total=plan.payments.count())
    job_progress(job, 0, _("Checking every row"))
    report = cash_plan_reconcile(
        actor=job.created_by, plan=plan, filename=job.parameters["filename"], content=content
    )
    summary = [
        _("%(updated)d updated, %(unchanged)d unchanged.")
        % {"updated": report.updated, "unchanged": report.unchanged}
    ]
    if report.errors:
        summary = [_("Nothing was applied. Fix these rows and import again:")] + [
            (_("Row %(n)s") % {"n": row} + ": " if row else "") + message
            for row, message in report.errors[:200]
        ]
    job_succeed(job, result={**report.as_dict(), "summary": summary})
    default_storage.delete(job.parameters["path"])


def cash_plan_jobs(*, actor, plan: CashPlan):
    """The actor's recent export and import jobs of this plan, newest first."""
    return Job.objects.filter(
        created_by=actor, kind__in=[EXPORT_KIND, RECONCILE_KIND], parameters__plan=str(plan.uuid)
    ).order_by("-created_at")[:5]
