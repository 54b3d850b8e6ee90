"""Reads of the DTM module. Every query passes through ``scope_filter`` with ``dtm.view``.

DTM figures are published aggregates: a user who may view DTM sees every round. An unknown
round or place answers 404.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from sanad.core.lists import filtered
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.dtm.models import BaladiyaFigure, MuhallaFigure, NationalityFigure, Population, Round

ACTION = "dtm.view"
# Shelter settings that count as “without adequate shelter” in planning (keys of the mapping).
WITHOUT_SHELTER_KEYS = ("no_accommodation", "abandoned_buildings", "informal_camp", "squatting")
RECENT_ARRIVAL_KEYS = ("last_month", "one_to_six_months")


# ---------------------------------------------------------------------------------------------
# Rounds
# ---------------------------------------------------------------------------------------------
def round_list(*, actor, data=None, population: str = "") -> QuerySet[Round]:
    """Rounds, newest first, narrowed by the list's filters (``dtm.filters.RoundFilterSet``) that
    ``data`` names, or to ``population``."""
    from sanad.dtm.filters import RoundFilterSet

    qs = scope_filter(Round.objects.select_related("imported_by"), actor=actor, action=ACTION)
    if population:
        qs = qs.filter(population=population)
    return filtered(qs, RoundFilterSet, data, user=actor).order_by("-number", "population")


def round_get(*, actor, uuid) -> Round:
    return get_by_uuid_or_404(round_list(actor=actor), uuid)


def round_latest(*, actor, population: str = Population.MIGRANTS) -> Round | None:
    return round_list(actor=actor, population=population).first()


def round_pick(*, actor, uuid=None, population: str = "") -> Round | None:
    """The round named by ``uuid`` (404 if unknown), else the latest of ``population``."""
    if uuid:
        return round_get(actor=actor, uuid=uuid)
    return round_latest(actor=actor, population=population or Population.MIGRANTS)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------
def baladiya_figure_list(*, actor, round: Round) -> QuerySet[BaladiyaFigure]:
    qs = scope_filter(BaladiyaFigure.objects.all(), actor=actor, action=ACTION)
    return qs.filter(round=round).select_related("admin_unit__parent__parent").order_by("-individuals")


def baladiya_figure_get(*, actor, round: Round, pcode: str) -> BaladiyaFigure:
    found = (
        baladiya_figure_list(actor=actor, round=round).filter(admin_unit__pcode=(pcode or "").upper()).first()
    )
    if found is None:
        raise Http404
    return found


def muhalla_figure_list(*, actor, round: Round, baladiya=None) -> QuerySet[MuhallaFigure]:
    qs = scope_filter(MuhallaFigure.objects.all(), actor=actor, action=ACTION).filter(round=round)
    if baladiya is not None:
        qs = qs.filter(baladiya=baladiya)
    return qs.select_related("admin_unit__parent", "baladiya__parent__parent").order_by(
        "-individuals", "admin_unit__pcode"
    )


def nationality_totals(
    *, actor, round: Round, baladiya=None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Individuals per nationality, largest first, with each one's share of the total."""
    qs = scope_filter(NationalityFigure.objects.all(), actor=actor, action=ACTION).filter(round=round)
    if baladiya is not None:
        qs = qs.filter(baladiya=baladiya)
    rows = list(
        qs.values("nationality", "nationality_code")
        .annotate(individuals=Sum("individuals"), muhallas=Count("muhalla", distinct=True))
        .order_by("-individuals", "nationality")
    )
    total = sum(r["individuals"] for r in rows) or 1
    for r in rows:
        r["share"] = r["individuals"] / total * 100
    return rows[:limit] if limit else rows


def priority_need_ranking(*, actor, round: Round, baladiya=None) -> list[dict[str, Any]]:
    """Needs ranked by a weighted count: named first by a muhalla = 3, second = 2, third = 1.

    Each need also carries how many muhallas (and their migrants) named it first, and the
    problems most often stated with it.
    """
    needs: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"score": 0, "first": 0, "second": 0, "third": 0, "individuals": 0, "problems": Counter()}
    )
    fields = ["individuals"] + [f"priority_{kind}_{i}" for i in (1, 2, 3) for kind in ("need", "problem")]
    for row in muhalla_figure_list(actor=actor, round=round, baladiya=baladiya).values(*fields):
        for rank, weight, slot in ((1, 3, "first"), (2, 2, "second"), (3, 1, "third")):
            need = row[f"priority_need_{rank}"]
            if not need:
                continue
            entry = needs[need]
            entry["score"] += weight
            entry[slot] += 1
            entry["individuals"] += row["individuals"] if rank == 1 else 0
            if row[f"priority_problem_{rank}"]:
                entry["problems"][row[f"priority_problem_{rank}"]] += 1
    out = [
        {
            "need": need,
            **{k: v for k, v in e.items() if k != "problems"},
            "problems": e["problems"].most_common(3),
        }
        for need, e in needs.items()
    ]
    out.sort(key=lambda e: (-e["score"], e["need"]))
    top = out[0]["score"] if out else 1
    for e in out:
        e["bar"] = e["score"] / top * 100
    return out


def _breakdown(rows, field: str) -> list[dict[str, Any]]:
    totals: Counter = Counter()
    for row in rows:
        for key, value in (row[field] or {}).items():
            totals[key] += value or 0
    grand = sum(totals.values()) or 1
    return [{"key": k, "individuals": v, "share": v / grand * 100} for k, v in totals.most_common()]


def round_breakdowns(*, actor, round: Round, baladiya=None) -> dict[str, Any]:
    """Demography, shelter, arrival and permit totals of a round or of one baladiya in it."""
    rows = list(
        muhalla_figure_list(actor=actor, round=round, baladiya=baladiya).values(
            "individuals", "adult_men", "adult_women", "children", "shelter", "arrival", "permit"
        )
    )
    total = sum(r["individuals"] for r in rows)
    demography = [
        {
            "key": key,
            "individuals": sum(r[key] for r in rows),
            "share": sum(r[key] for r in rows) / (total or 1) * 100,
        }
        for key in ("adult_men", "adult_women", "children")
    ]
    return {
        "individuals": total,
        "demography": demography,
        "shelter": _breakdown(rows, "shelter"),
        "arrival": _breakdown(rows, "arrival"),
        "permit": _breakdown(rows, "permit"),
    }


def round_trend(*, actor, population: str) -> list[Round]:
    """Rounds of one population, oldest first, for the trend chart."""
    return list(round_list(actor=actor, population=population).order_by("number"))


# ---------------------------------------------------------------------------------------------
# Needs-based planning
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanningWeights:
    migrants: int = 40
    needs: int = 20
    without_shelter: int = 20
    recent_arrivals: int = 20

    @property
    def total(self) -> int:
        return self.migrants + self.needs + self.without_shelter + self.recent_arrivals


def _needs_share(row: dict[str, Any], answered: set[str] | None) -> float:
    """How high the needs a team can answer rank among a place's three priorities (0–1)."""
    score = 0
    for rank, weight in ((1, 3), (2, 2), (3, 1)):
        need = row.get(f"priority_need_{rank}")
        if need and (answered is None or need in answered):
            score += weight
    return score / 6


def outreach_plan(
    *,
    actor,
    round: Round,
    weights: PlanningWeights,
    needs: set[str] | None = None,
    level: str = "muhalla",
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Places ranked for mobile-team outreach; each row carries its indicators and score parts.

    Indicators (each 0–1): migrants relative to the largest place; how high the chosen needs
    rank among the place's priority needs; share of migrants without adequate shelter; share
    who arrived in the last six months. Score = weighted mean × 100.
    """
    rows = []
    for figure in muhalla_figure_list(actor=actor, round=round):
        if figure.individuals <= 0:
            continue
        rows.append(
            {
                "unit": figure.admin_unit,
                "baladiya": figure.baladiya,
                "individuals": figure.individuals,
                "without_shelter": sum((figure.shelter or {}).get(k, 0) or 0 for k in WITHOUT_SHELTER_KEYS),
                "recent": sum((figure.arrival or {}).get(k, 0) or 0 for k in RECENT_ARRIVAL_KEYS),
                "needs_weighted": _needs_share(vars(figure), needs) * figure.individuals,
                "priority_needs": figure.priority_needs,
            }
        )
    if level == "baladiya":
        grouped: dict[int, dict[str, Any]] = {}
        for row in rows:
            entry = grouped.setdefault(
                row["baladiya"].pk,
                {
                    "unit": row["baladiya"],
                    "baladiya": row["baladiya"],
                    "individuals": 0,
                    "without_shelter": 0,
                    "recent": 0,
                    "needs_weighted": 0.0,
                    "needs_counter": Counter(),
                },
            )
            for key in ("individuals", "without_shelter", "recent", "needs_weighted"):
                entry[key] += row[key]
            for need, _problem in row["priority_needs"][:1]:
                entry["needs_counter"][need] += row["individuals"]
        rows = [
            {**e, "priority_needs": [(n, "") for n, _count in e.pop("needs_counter").most_common(3)]}
            for e in grouped.values()
        ]
    largest = max((r["individuals"] for r in rows), default=1) or 1
    total_weight = weights.total or 1
    for row in rows:
        people = row["individuals"] or 1
        parts = {
            "migrants": row["individuals"] / largest,
            "needs": row["needs_weighted"] / people,
            "without_shelter": min(1.0, row["without_shelter"] / people),
            "recent_arrivals": min(1.0, row["recent"] / people),
        }
        row["parts"] = {k: v * 100 for k, v in parts.items()}
        row["score"] = sum(getattr(weights, k) * v for k, v in parts.items()) / total_weight * 100
    rows.sort(key=lambda r: (-r["score"], -r["individuals"], r["unit"].pcode))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows[:limit]


def need_choices(*, actor, round: Round) -> list[str]:
    """Every priority need named in a round, for the planning form."""
    qs = muhalla_figure_list(actor=actor, round=round)
    names = set()
    for i in (1, 2, 3):
        names.update(v for v in qs.order_by().values_list(f"priority_need_{i}", flat=True).distinct() if v)
    return sorted(names)
