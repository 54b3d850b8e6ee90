"""Reads of emergency event tracking."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet, Sum

from sanad.core.lists import filtered
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.dtm.models.events import EmergencyEvent, PriorityNeed, RapidAssessment

ACTION = "dtm.view"


def event_list(*, actor, data=None, event_type: str = "") -> QuerySet[EmergencyEvent]:
    """Events, newest first, each with its assessment count and displaced totals, narrowed by the
    list's filters (``dtm.filters.EventFilterSet``) that ``data`` names, or to ``event_type``."""
    from sanad.dtm.filters import EventFilterSet

    qs = scope_filter(EmergencyEvent.objects.all(), actor=actor, action=ACTION)
    if event_type:
        qs = qs.filter(event_type=event_type)
    qs = filtered(qs, EventFilterSet, data, user=actor)
    return (
        qs.annotate(
            assessment_count=Count("assessments"),
            total_households=Sum("assessments__households"),
            total_individuals=Sum("assessments__individuals"),
        )
        .select_related("created_by", "published_by")
        .prefetch_related("admin_units")
        .order_by("-started_at", "pk")
    )


def event_admin_units(*, event: EmergencyEvent):
    """The units the event struck."""
    return event.admin_units.all()


def event_get(*, actor, uuid) -> EmergencyEvent:
    return get_by_uuid_or_404(event_list(actor=actor), uuid)


def assessment_list(*, actor, event: EmergencyEvent) -> QuerySet[RapidAssessment]:
    qs = scope_filter(RapidAssessment.objects.all(), actor=actor, action=ACTION).filter(event=event)
    return qs.select_related("admin_unit__parent", "site", "recorded_by").order_by(
        "admin_unit__pcode", "-assessed_on", "pk"
    )


def event_location_totals(*, actor, event: EmergencyEvent) -> list[dict[str, Any]]:
    """Displaced households and individuals per location (admin unit and site), largest first."""
    rows = (
        assessment_list(actor=actor, event=event)
        .order_by()
        .values(
            "admin_unit__pcode",
            "admin_unit__name_en",
            "admin_unit__name_ar",
            "site__name_en",
            "site__name_ar",
        )
        .annotate(assessments=Count("pk"), households=Sum("households"), individuals=Sum("individuals"))
        .order_by("-individuals", "admin_unit__pcode")
    )
    return list(rows)


def event_need_ranking(*, actor, event: EmergencyEvent) -> list[dict[str, Any]]:
    """Needs weighted 3 / 2 / 1 by rank across the event's assessments."""
    scores: Counter = Counter()
    qs = assessment_list(actor=actor, event=event).values(
        "priority_need_1", "priority_need_2", "priority_need_3"
    )
    for row in qs:
        for weight, key in ((3, "priority_need_1"), (2, "priority_need_2"), (1, "priority_need_3")):
            if row[key]:
                scores[row[key]] += weight
    return [
        {"need": need, "label": PriorityNeed(need).label, "score": score}
        for need, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
