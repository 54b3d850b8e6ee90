"""The 72-hour clock of an emergency event: from its start to the publication of its baseline.

Pure: the caller passes ``now`` (``django.utils.timezone.now()`` in views), so tests fix time.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanad.dtm.models.events import BASELINE_HOURS

HOUR = 3600


@dataclass(frozen=True)
class BaselineClock:
    # on_time: published within 72 h; late: published after; pending: not published, time left;
    # overdue: not published and the 72 hours are over.
    status: str
    hours: int
    deadline: datetime.datetime

    @property
    def published(self) -> bool:
        return self.status in ("on_time", "late")

    @property
    def label(self) -> str:
        if self.status == "on_time":
            return _("Published within %(limit)s h") % {"limit": BASELINE_HOURS}
        if self.status == "pending":
            return ngettext("%(hours)s h left", "%(hours)s h left", self.hours) % {"hours": self.hours}
        if self.status == "late":
            return ngettext("Published late by %(hours)s h", "Published late by %(hours)s h", self.hours) % {
                "hours": self.hours
            }
        return ngettext("Late by %(hours)s h", "Late by %(hours)s h", self.hours) % {"hours": self.hours}

    @property
    def css(self) -> str:
        return {"on_time": "success", "pending": "info", "late": "warning", "overdue": "danger"}[self.status]


def baseline_clock(
    *, started_at: datetime.datetime, published_at: datetime.datetime | None, now: datetime.datetime
) -> BaselineClock:
    """Where an event stands against its 72 hours.

    Hours left are rounded down (never promise time that is not there); hours late are rounded
    up (half an hour late is "late by 1 h").
    """
    deadline = started_at + datetime.timedelta(hours=BASELINE_HOURS)
    if published_at is not None:
        if published_at <= deadline:
            return BaselineClock(
                "on_time", math.floor((published_at - started_at).total_seconds() / HOUR), deadline
            )
        return BaselineClock("late", math.ceil((published_at - deadline).total_seconds() / HOUR), deadline)
    if now <= deadline:
        return BaselineClock("pending", math.floor((deadline - now).total_seconds() / HOUR), deadline)
    return BaselineClock("overdue", math.ceil((now - deadline).total_seconds() / HOUR), deadline)


def event_clock(event, *, now: datetime.datetime) -> BaselineClock:
    return baseline_clock(started_at=event.started_at, published_at=event.published_at, now=now)
