"""Reading jobs: everyone sees the jobs they started; system administrators see all."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sanad.core.models import Job
from sanad.core.scoping import scope_filter


def job_list(*, actor) -> QuerySet[Job]:
    return scope_filter(Job.objects.select_related("created_by"), actor=actor, action="jobs.view")


def job_get(*, actor, uuid) -> Job:
    job = job_list(actor=actor).filter(uuid=uuid).first()
    if job is None:
        raise Http404
    return job
