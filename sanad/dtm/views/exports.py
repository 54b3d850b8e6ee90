"""Downloads of a round with HXL hashtags."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views import View

from sanad.core.views.base import ActionRequiredMixin
from sanad.dtm.exports.rounds import round_export_csv, round_export_xlsx
from sanad.dtm.selectors.rounds import round_get

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class RoundExportView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request, uuid, fmt):
        if fmt not in CONTENT_TYPES:
            raise Http404
        round_ = round_get(actor=request.user, uuid=uuid)
        level = "muhalla" if request.GET.get("level") == "muhalla" else "baladiya"
        build = round_export_csv if fmt == "csv" else round_export_xlsx
        response = HttpResponse(
            build(actor=request.user, round=round_, level=level), content_type=CONTENT_TYPES[fmt]
        )
        name = f"dtm_round{round_.number}_{round_.population}_{level}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
