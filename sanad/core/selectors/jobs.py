"""Reading jobs: everyone sees the jobs they started; system administrators see all."""

from __future__ import annotations

from django.db.models import QuerySet

from sanad.core.models import Job
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404


def job_list(*, actor) -> QuerySet[Job]:
    return scope_filter(Job.objects.select_related("created_by"), actor=actor, action="jobs.view")


def job_get(*, actor, uuid) -> Job:
    return get_by_uuid_or_404(job_list(actor=actor), uuid)


def recent_jobs(*, actor, kind: str, mine: bool = False, limit: int = 5) -> list[Job]:
    """The latest jobs of ``kind`` the actor sees (``mine``: only those the actor started)."""
    jobs = job_list(actor=actor).filter(kind=kind)
    if mine:
        jobs = jobs.filter(created_by=actor)
    return list(jobs[:limit])
