"""Downloads of a round with HXL hashtags."""

from __future__ import annotations

from django.http import Http404
from django.views import View

from sanad.core.exports import FORMATS, export_deliver
from sanad.core.views.base import ActionRequiredMixin
from sanad.core.views.exports import export_response
from sanad.dtm.exports.rounds import round_export


class RoundExportView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request, uuid, fmt):
        if fmt not in FORMATS:
            raise Http404
        level = "muhalla" if request.GET.get("level") == "muhalla" else "baladiya"
        result = export_deliver(
            actor=request.user, build=round_export, fmt=fmt, parameters={"round": str(uuid), "level": level}
        )
        return export_response(request, result)
