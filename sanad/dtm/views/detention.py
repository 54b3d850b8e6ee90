"""Detention-centre pages: centres with their latest snapshot, a centre's trend, the snapshot form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.dtm.forms.detention import DetentionSnapshotForm
from sanad.dtm.models.detention import CONDITIONS
from sanad.dtm.selectors.detention import (
    detention_centre_get,
    detention_centre_list,
    detention_centre_summaries,
    detention_trend,
)
from sanad.dtm.services.detention import detention_snapshot_record

WIDTH, HEIGHT, PAD = 600, 220, 40


def occupancy_chart(snapshots) -> dict | None:
    """Occupancy and official capacity per snapshot, scaled into an SVG box (None if empty)."""
    if not snapshots:
        return None
    top = max(max(s.occupancy, s.capacity or 0) for s in snapshots) or 1
    step = (WIDTH - 2 * PAD) / max(1, len(snapshots) - 1)

    def x(i):
        return round(PAD + (i * step if len(snapshots) > 1 else (WIDTH - 2 * PAD) / 2), 1)

    def y(value):
        return round(HEIGHT - PAD - value / top * (HEIGHT - 2 * PAD), 1)

    points = [
        {"x": x(i), "y": y(s.occupancy), "value": s.occupancy, "label": s.date, "capacity": s.capacity}
        for i, s in enumerate(snapshots)
    ]
    capacity = " ".join(f"{x(i)},{y(s.capacity)}" for i, s in enumerate(snapshots) if s.capacity)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": HEIGHT - PAD,
        "left": PAD,
        "right": WIDTH - PAD,
        "top_y": PAD,
        "top_value": top,
        "points": points,
        "occupancy": " ".join(f"{p['x']},{p['y']}" for p in points),
        "capacity": capacity,
    }


class DetentionCentreListView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request):
        return render(
            request,
            "dtm/detention/centre_list.html",
            {
                "rows": detention_centre_summaries(actor=request.user),
                "can_manage": has_permission(request.user, "dtm.manage"),
            },
        )


class DetentionCentreDetailView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request, uuid):
        centre = detention_centre_get(actor=request.user, uuid=uuid)
        snapshots = detention_trend(actor=request.user, centre=centre)
        return render(
            request,
            "dtm/detention/centre_detail.html",
            {
                "centre": centre,
                "snapshots": list(reversed(snapshots)),
                "latest": snapshots[-1] if snapshots else None,
                "chart": occupancy_chart(snapshots),
                "can_manage": has_permission(request.user, "dtm.manage"),
            },
        )


class DetentionSnapshotCreateView(ActionRequiredMixin, View):
    required_action = "dtm.manage"

    def _form(self, request, data=None):
        form = DetentionSnapshotForm(data, centres=list(detention_centre_list(actor=request.user)))
        if data is None and request.GET.get("centre"):
            form.initial["centre"] = request.GET["centre"]
        return form

    def get(self, request):
        return render(request, "dtm/detention/snapshot_form.html", {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = detention_snapshot_record(
                    actor=request.user,
                    centre=detention_centre_get(actor=request.user, uuid=data["centre"]),
                    date=data["date"],
                    occupancy=data["occupancy"],
                    capacity=data["capacity"],
                    adult_men=data["adult_men"],
                    adult_women=data["adult_women"],
                    boys=data["boys"],
                    girls=data["girls"],
                    conditions={key: data[key] for key in CONDITIONS},
                    condition_notes={key: data[f"{key}_note"] for key in CONDITIONS},
                    nationality_counts=form.nationality_rows(),
                    notes=data["notes"],
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The snapshot was saved."))
                return redirect("dtm:detention_centre_detail", uuid=item.centre.uuid)
        return render(request, "dtm/detention/snapshot_form.html", {"form": form}, status=400)
