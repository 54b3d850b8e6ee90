"""Reads of flow monitoring: points, daily counts, weekly and monthly aggregates.

Aggregates are computed by the database (``TruncWeek`` / ``TruncMonth``), the same on SQLite
and PostgreSQL. Weeks start on Monday.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek

from sanad.core.lists import filtered
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.dtm.models.counts import SEX_AGE_FIELDS
from sanad.dtm.models.flows import FlowCount, FlowNationality
from sanad.geo.models import Site
from sanad.geo.selectors import site_list

ACTION = "dtm.view"
PERIODS = {"week": TruncWeek, "month": TruncMonth}


def flow_point_list(*, actor, active_only: bool = False) -> QuerySet[Site]:
    return site_list(actor=actor, data={"type": Site.Type.FLOW_MONITORING_POINT}, active_only=active_only)


def flow_point_get(*, actor, uuid) -> Site:
    return get_by_uuid_or_404(flow_point_list(actor=actor), uuid)


def flow_count_list(
    *, actor, data=None, point: Site | None = None, with_nationalities: bool = False
) -> QuerySet[FlowCount]:
    """Daily counts the actor may see, newest first, narrowed by the flow filters
    (``dtm.filters.FlowFilterSet``) that ``data`` names: the pages, the API and the exports alike;
    ``point``: the one a point's page is about; ``with_nationalities``: those prefetched."""
    from sanad.dtm.filters import FlowFilterSet

    qs = scope_filter(FlowCount.objects.all(), actor=actor, action=ACTION)
    if point is not None:
        qs = qs.filter(point=point)
    qs = filtered(qs, FlowFilterSet, data, user=actor)
    if with_nationalities:
        qs = qs.prefetch_related("nationalities")
    return qs.select_related("point__admin_unit__parent__parent", "route_admin_unit", "recorded_by").order_by(
        "-date", "point__name_en", "direction", "route_key"
    )


def flow_count_get(*, actor, uuid) -> FlowCount:
    return get_by_uuid_or_404(flow_count_list(actor=actor), uuid)


def flow_aggregates(*, actor, period: str = "week", data=None, point=None) -> list[dict[str, Any]]:
    """One row per period (Monday of the week, or first of the month) and direction, oldest first.

    Each row: ``period`` (a date), ``direction``, ``days`` (distinct days counted), ``total`` and
    the four sex/age groups.
    """
    trunc = PERIODS.get(period)
    if trunc is None:
        raise ValueError(f"Unknown period {period!r}")
    qs = flow_count_list(actor=actor, data=data, point=point).select_related(None).order_by()
    rows = (
        qs.annotate(period=trunc("date"))
        .values("period", "direction")
        .annotate(
            total=Sum("total"),
            days=Count("date", distinct=True),
            **{name: Sum(name) for name in SEX_AGE_FIELDS},
        )
        .order_by("period", "direction")
    )
    out = []
    for row in rows:
        value = row["period"]
        # SQLite hands back a datetime for TruncWeek/TruncMonth of a date on some versions.
        row["period"] = value.date() if isinstance(value, datetime.datetime) else value
        out.append(row)
    return out


def flow_nationality_totals(*, actor, data=None, point=None, limit: int | None = None):
    counts = flow_count_list(actor=actor, data=data, point=point).order_by().values("pk")
    qs = scope_filter(FlowNationality.objects.all(), actor=actor, action=ACTION).filter(flow__in=counts)
    rows = list(
        qs.values("nationality")
        .annotate(individuals=Sum("individuals"))
        .order_by("-individuals", "nationality")
    )
    return rows[:limit] if limit else rows


def flow_point_summaries(*, actor, data=None, point=None) -> list[dict[str, Any]]:
    """Every flow-monitoring point with its inflow, outflow and last day counted (two queries)."""
    points = list(flow_point_list(actor=actor))
    sums = (
        flow_count_list(actor=actor, data=data, point=point)
        .select_related(None)
        .order_by()
        .values("point_id", "direction")
        .annotate(total=Sum("total"), last=Max("date"))
    )
    by_point: dict[int, dict[str, Any]] = {}
    for row in sums:
        entry = by_point.setdefault(row["point_id"], {"inflow": 0, "outflow": 0, "last": None})
        entry[row["direction"]] = row["total"] or 0
        if entry["last"] is None or (row["last"] and row["last"] > entry["last"]):
            entry["last"] = row["last"]
    return [{"point": p, **by_point.get(p.pk, {"inflow": 0, "outflow": 0, "last": None})} for p in points]
