"""Reads of detention-centre profiles: centres with their latest snapshot, a centre's trend."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from sanad.core.lists import filtered
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.dtm.models.detention import DetentionSnapshot
from sanad.geo.models import Site
from sanad.geo.selectors import site_list

ACTION = "dtm.view"


def detention_centre_list(*, actor) -> QuerySet[Site]:
    return site_list(actor=actor, data={"type": Site.Type.DETENTION_CENTRE})


def detention_centre_get(*, actor, uuid) -> Site:
    return get_by_uuid_or_404(detention_centre_list(actor=actor), uuid)


def detention_snapshot_list(
    *, actor, data=None, centre: Site | None = None, with_nationalities: bool = False
) -> QuerySet[DetentionSnapshot]:
    """Snapshots, newest first, narrowed by the list's filters
    (``dtm.filters.DetentionSnapshotFilterSet``) that ``data`` names, or to ``centre``
    (``with_nationalities``: those prefetched)."""
    from sanad.dtm.filters import DetentionSnapshotFilterSet

    qs = scope_filter(DetentionSnapshot.objects.all(), actor=actor, action=ACTION)
    if centre is not None:
        qs = qs.filter(centre=centre)
    qs = filtered(qs, DetentionSnapshotFilterSet, data, user=actor)
    if with_nationalities:
        qs = qs.prefetch_related("nationalities")
    return qs.select_related("centre__admin_unit", "recorded_by").order_by("-date", "centre__name_en")


def detention_snapshot_get(*, actor, uuid) -> DetentionSnapshot:
    return get_by_uuid_or_404(detention_snapshot_list(actor=actor), uuid)


def detention_centre_summaries(*, actor) -> list[dict[str, Any]]:
    """Every detention centre with its latest snapshot (or None), in three queries."""
    centres = list(detention_centre_list(actor=actor))
    visible = detention_snapshot_list(actor=actor)
    latest_pk = visible.filter(centre=OuterRef("pk")).order_by("-date").values("pk")[:1]
    latest_ids = [
        pk
        for pk in detention_centre_list(actor=actor)
        .order_by()
        .annotate(latest=Subquery(latest_pk))
        .values_list("latest", flat=True)
        if pk
    ]
    latest = {s.centre_id: s for s in visible.filter(pk__in=latest_ids).prefetch_related("nationalities")}
    return [{"centre": c, "latest": latest.get(c.pk)} for c in centres]


def detention_trend(*, actor, centre: Site) -> list[DetentionSnapshot]:
    """A centre's snapshots, oldest first."""
    return list(
        detention_snapshot_list(actor=actor, centre=centre).prefetch_related("nationalities").order_by("date")
    )
