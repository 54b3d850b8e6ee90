"""The helpline dashboard: volumes, SLA compliance, top issues, response times.

Sensitive categories (PSEA, fraud / corruption, data breach) never appear on their own: they
count in one "sensitive" row only, and that count is suppressed when it is small (1–4 shows as
"<5"). They are left out of every other breakdown (channel, location, week, SLA, response times,
top issues), so nothing can be worked out by subtraction.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.scoping import scope_filter
from sanad.feedback.models import OPEN_STATUSES, Category, Channel, Ticket
from sanad.feedback.selectors import SENSITIVE
from sanad.geo.models import AdminUnit

SMALL = 5
TOP = 5


def suppress(count: int) -> str:
    """A count shown publicly: 1–4 becomes "<5"."""
    return "<5" if 0 < count < SMALL else str(count)


@dataclass
class Bar:
    label: str
    count: int
    shown: str
    percent: int


def _bars(pairs: list[tuple[str, int]]) -> list[Bar]:
    top = max((c for _l, c in pairs), default=0) or 1
    return [Bar(str(label), count, str(count), round(100 * count / top)) for label, count in pairs]


def _median_hours(deltas: list[datetime.timedelta]) -> float | None:
    if not deltas:
        return None
    return round(statistics.median(d.total_seconds() for d in deltas) / 3600, 1)


def _baladiya_labels(ids: set[int]) -> dict[int, tuple[int | None, str]]:
    """admin unit id -> (baladiya id, baladiya name); a muhalla counts as its baladiya."""
    units = AdminUnit.objects.filter(pk__in=ids).select_related("parent")
    out = {}
    for unit in units:
        baladiya = unit.parent if unit.level == AdminUnit.Level.MUHALLA and unit.parent else unit
        out[unit.pk] = (baladiya.pk, baladiya.name)
    return out


def ticket_dashboard(*, actor, since: datetime.date, until: datetime.date) -> dict:
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    end = timezone.make_aware(datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time()))
    # Aggregates only (sensitive tickets are counted, never read): the matrix alone decides.
    base = scope_filter(
        Ticket.objects.all(), actor=actor, action="tickets.dashboard", sensitive="count"
    ).filter(received_at__gte=start, received_at__lt=end)
    general = base.exclude(category__in=SENSITIVE)
    sensitive_count = base.filter(category__in=SENSITIVE).count()

    by_channel = dict(general.values_list("channel").annotate(n=Count("pk")).order_by())
    by_category = dict(general.values_list("category").annotate(n=Count("pk")).order_by())
    total = sum(by_category.values())
    channels = _bars(
        [(label, by_channel.get(value, 0)) for value, label in Channel.choices if by_channel.get(value)]
    )
    categories = _bars(
        [(label, by_category.get(value, 0)) for value, label in Category.choices if by_category.get(value)]
    )

    by_unit = dict(
        general.exclude(admin_unit=None).values_list("admin_unit").annotate(n=Count("pk")).order_by()
    )
    labels = _baladiya_labels(set(by_unit))
    places: Counter = Counter()
    for unit_id, count in by_unit.items():
        places[labels[unit_id][1]] += count
    no_place = general.filter(admin_unit=None).count()
    location_pairs = places.most_common()
    if no_place:
        location_pairs.append((_("Location not given"), no_place))
    locations = _bars(location_pairs)

    weeks_raw = (
        general.annotate(week=TruncWeek("received_at"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .order_by("week")
    )
    weeks = []
    for week, count in weeks_raw:
        year, number, _day = week.isocalendar()
        weeks.append((f"{year}-W{number:02d}", count))
    week_bars = _bars(weeks)

    rows = list(
        general.values_list(
            "received_at",
            "acknowledged_at",
            "response_due_at",
            "resolved_at",
            "resolution_due_at",
            "status",
            "satisfaction",
            "category",
            "admin_unit",
        )
    )
    now = timezone.now()
    acknowledged_on_time = acknowledged_late = acknowledge_overdue = 0
    answered_on_time = answered_late = answer_overdue = 0
    to_acknowledge, to_answer, satisfaction = [], [], []
    issues: Counter = Counter()
    more_labels = _baladiya_labels({r[8] for r in rows if r[8]} - set(labels))
    labels.update(more_labels)
    for received, acknowledged, response_due, resolved, resolution_due, status, score, category, unit in rows:
        if acknowledged is not None:
            to_acknowledge.append(acknowledged - received)
            if response_due is not None:
                if acknowledged <= response_due:
                    acknowledged_on_time += 1
                else:
                    acknowledged_late += 1
        elif response_due is not None and response_due < now and status in OPEN_STATUSES:
            acknowledge_overdue += 1
        if resolved is not None:
            to_answer.append(resolved - received)
            if resolution_due is not None:
                if resolved <= resolution_due:
                    answered_on_time += 1
                else:
                    answered_late += 1
        elif resolution_due is not None and resolution_due < now and status in OPEN_STATUSES:
            answer_overdue += 1
        if score:
            satisfaction.append(score)
        place = labels[unit][1] if unit in labels else _("Location not given")
        issues[(Category(category).label, place)] += 1

    def rate(on_time: int, late: int, overdue: int) -> int | None:
        measured = on_time + late + overdue
        return round(100 * on_time / measured) if measured else None

    return {
        "since": since,
        "until": until,
        "total": total,
        "channels": channels,
        "categories": categories,
        "sensitive_shown": suppress(sensitive_count),
        "sensitive_count": sensitive_count,
        "locations": locations,
        "weeks": week_bars,
        "acknowledge_rate": rate(acknowledged_on_time, acknowledged_late, acknowledge_overdue),
        "answer_rate": rate(answered_on_time, answered_late, answer_overdue),
        "acknowledged_on_time": acknowledged_on_time,
        "acknowledged_late": acknowledged_late,
        "acknowledge_overdue": acknowledge_overdue,
        "answered_on_time": answered_on_time,
        "answered_late": answered_late,
        "answer_overdue": answer_overdue,
        "median_acknowledge_hours": _median_hours(to_acknowledge),
        "median_answer_hours": _median_hours(to_answer),
        "satisfaction_average": round(statistics.mean(satisfaction), 1) if satisfaction else None,
        "satisfaction_count": len(satisfaction),
        "top_issues": [
            {"category": str(category), "place": place, "count": count}
            for (category, place), count in issues.most_common(TOP)
        ],
    }
