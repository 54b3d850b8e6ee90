"""DTM pages: rounds, a round with its Summary comparison, a baladiya, map, trends, planning, import."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.dtm.forms.rounds import PlanningForm, RoundFilterForm, RoundImportForm
from sanad.dtm.models import Population
from sanad.dtm.selectors.rounds import (
    RECENT_ARRIVAL_KEYS,
    WITHOUT_SHELTER_KEYS,
    baladiya_figure_get,
    baladiya_figure_list,
    muhalla_figure_list,
    nationality_totals,
    need_choices,
    outreach_plan,
    priority_need_ranking,
    round_breakdowns,
    round_get,
    round_list,
    round_pick,
    round_trend,
)
from sanad.dtm.services.jobs import round_import_start
from sanad.dtm.views.charts import trend_chart
from sanad.dtm.views.labels import BREAKDOWN_LABELS, labelled
from sanad.geo.validation import LIBYA_BOUNDS


class RoundListView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request):
        population = request.GET.get("population", "")
        if population not in Population.values:
            population = ""
        return render(
            request,
            "dtm/round_list.html",
            {
                "rounds": round_list(actor=request.user, population=population),
                "population": population,
                "populations": Population.choices,
                "can_import": has_permission(request.user, "dtm.import"),
            },
        )


class RoundDetailView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request, uuid):
        round_ = round_get(actor=request.user, uuid=uuid)
        breakdowns = round_breakdowns(actor=request.user, round=round_)
        return render(
            request,
            "dtm/round_detail.html",
            {
                "round": round_,
                "checks": round_.summary_check,
                "baladiyas": baladiya_figure_list(actor=request.user, round=round_),
                "nationalities": nationality_totals(actor=request.user, round=round_, limit=10),
                "needs": priority_need_ranking(actor=request.user, round=round_),
                "demography": labelled(breakdowns["demography"]),
                "shelter": labelled(breakdowns["shelter"]),
                "arrival": labelled(breakdowns["arrival"]),
                "can_import": has_permission(request.user, "dtm.import"),
            },
        )


class BaladiyaDetailView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request, uuid, pcode):
        round_ = round_get(actor=request.user, uuid=uuid)
        figure = baladiya_figure_get(actor=request.user, round=round_, pcode=pcode)
        unit = figure.admin_unit
        breakdowns = round_breakdowns(actor=request.user, round=round_, baladiya=unit)
        return render(
            request,
            "dtm/baladiya_detail.html",
            {
                "round": round_,
                "figure": figure,
                "unit": unit,
                "muhallas": muhalla_figure_list(actor=request.user, round=round_, baladiya=unit),
                "nationalities": nationality_totals(actor=request.user, round=round_, baladiya=unit),
                "needs": priority_need_ranking(actor=request.user, round=round_, baladiya=unit),
                "demography": labelled(breakdowns["demography"]),
                "shelter": labelled(breakdowns["shelter"]),
                "arrival": labelled(breakdowns["arrival"]),
                "permit": labelled(breakdowns["permit"]),
            },
        )


def _round_from_get(request):
    rounds = list(round_list(actor=request.user))
    form = RoundFilterForm(request.GET or None, rounds=rounds)
    population = request.GET.get("population", "")
    population = population if population in Population.values else ""
    chosen = request.GET.get("round") if form.is_bound and form.is_valid() else None
    return form, round_pick(actor=request.user, uuid=chosen or None, population=population)


class MapView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request):
        form, round_ = _round_from_get(request)
        config = {
            "dataUrl": reverse("dtm:map_data", kwargs={"uuid": round_.uuid})
            + f"?lang={get_language() or 'en'}"
            if round_
            else "",
            "bounds": LIBYA_BOUNDS,
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "loadError": _("The figures could not be loaded. Check the connection and reload the page."),
            "individuals": _("individuals"),
        }
        return render(request, "dtm/map.html", {"form": form, "round": round_, "map_config": config})


class MapDataView(ActionRequiredMixin, View):
    """GeoJSON of one round's baladiyas with their figures, for the proportional circles."""

    required_action = "dtm.view"

    def get(self, request, uuid):
        round_ = round_get(actor=request.user, uuid=uuid)
        features = []
        for figure in baladiya_figure_list(actor=request.user, round=round_):
            lat = figure.latitude if figure.latitude is not None else figure.admin_unit.latitude
            lon = figure.longitude if figure.longitude is not None else figure.admin_unit.longitude
            if lat is None or lon is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                    "properties": {
                        "pcode": figure.admin_unit.pcode,
                        "name": figure.admin_unit.name,
                        "individuals": figure.individuals,
                        "url": reverse(
                            "dtm:baladiya_detail",
                            kwargs={"uuid": round_.uuid, "pcode": figure.admin_unit.pcode},
                        ),
                    },
                }
            )
        return JsonResponse({"type": "FeatureCollection", "features": features})


class TrendsView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request):
        population = request.GET.get("population", Population.MIGRANTS)
        if population not in Population.values:
            population = Population.MIGRANTS
        rounds = round_trend(actor=request.user, population=population)
        latest = rounds[-1] if rounds else None
        return render(
            request,
            "dtm/trends.html",
            {
                "population": population,
                "populations": Population.choices,
                "rounds": rounds,
                "chart": trend_chart([(r.number, r.total_individuals) for r in rounds]),
                "latest": latest,
                "nationalities": nationality_totals(actor=request.user, round=latest, limit=15)
                if latest
                else [],
                "needs": priority_need_ranking(actor=request.user, round=latest) if latest else [],
            },
        )


class PlanningView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request):
        rounds = list(round_list(actor=request.user))
        chosen = request.GET.get("round") or None
        round_ = round_pick(actor=request.user, uuid=chosen, population=Population.MIGRANTS)
        choices = need_choices(actor=request.user, round=round_) if round_ else []
        form = PlanningForm(request.GET or None, rounds=rounds, need_choices=choices)
        valid = form.is_valid() if form.is_bound else False
        weights = form.weights()
        needs = set(form.cleaned_data.get("needs") or []) if valid else set()
        level = (form.cleaned_data.get("level") if valid else "") or "muhalla"
        plan = (
            outreach_plan(actor=request.user, round=round_, weights=weights, needs=needs or None, level=level)
            if round_
            else []
        )
        return render(
            request,
            "dtm/planning.html",
            {
                "form": form,
                "round": round_,
                "plan": plan,
                "weights": weights,
                "level": level,
                "needs": sorted(needs),
                "shelter_keys": [BREAKDOWN_LABELS.get(k, k) for k in WITHOUT_SHELTER_KEYS],
                "arrival_keys": [BREAKDOWN_LABELS.get(k, k) for k in RECENT_ARRIVAL_KEYS],
            },
        )


class RoundImportView(ActionRequiredMixin, View):
    required_action = "dtm.import"

    def get(self, request):
        return self._render(request, RoundImportForm())

    def post(self, request):
        form = RoundImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = round_import_start(
                    actor=request.user,
                    file=upload,
                    number=form.cleaned_data["number"],
                    population=form.cleaned_data["population"],
                    file_name=upload.name,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.info(request, _("The import has started; its progress shows below."))
                return redirect("core:job_detail", uuid=job.uuid)
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(request, "dtm/round_import.html", {"form": form}, status=status)
