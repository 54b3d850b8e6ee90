"""The "My work" page, filled by every module that gives people something to do.

A module declares its providers on its app config (``work_providers`` of ``SanadAppConfig``): a
function ``(actor) -> Iterable[WorkItem]`` returning only what is assigned to the actor (or to the
actor's team) and what the actor may see. Follow-ups and tasks, approvals waiting, referrals to
answer and helpline tickets add theirs::

    class CasesConfig(SanadAppConfig):
        work_providers = ("sanad.cases.providers.case_followups", ...)

The page lists overdue items first, then by due time; items without a due time come last.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sanad.core.registration import declared, resolve


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    kind: str  # a short key: "followup", "approval", "referral", "ticket", "alert", …
    kind_label: str  # the same, for people: "Follow-up", "Approval", …
    due: datetime.datetime | None = None
    detail: str = ""
    priority: str = ""  # "high", "medium", "low" or "" — shown as a badge
    reference: str = ""  # a case, referral or ticket reference staff can read out

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < timezone.now()


def _sort_key(item: WorkItem):
    far_future = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    priority_rank = {"high": 0, "medium": 1, "low": 2}.get(item.priority, 3)
    return (not item.overdue, item.due or far_future, priority_rank, item.title)


def work_items_for(actor) -> list[WorkItem]:
    """Every provider's items for ``actor``: overdue first, then by due time."""
    items: list[WorkItem] = []
    for provider in declared("work_providers"):
        items.extend(resolve(provider)(actor))
    items.sort(key=_sort_key)
    return items
