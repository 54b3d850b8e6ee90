"""Flow-monitoring pages: points, a point's daily counts with weekly/monthly totals, entry, export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.exports import FORMATS, export_deliver
from sanad.core.lists import page_of
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin, query_string_without_page
from sanad.core.views.exports import export_response
from sanad.dtm.exports.flows import flow_export, flow_export_parameters
from sanad.dtm.filters import FlowFilterSet
from sanad.dtm.forms.flows import FlowCountForm
from sanad.dtm.selectors.flows import (
    flow_aggregates,
    flow_count_list,
    flow_nationality_totals,
    flow_point_get,
    flow_point_list,
    flow_point_summaries,
)
from sanad.dtm.services.flows import flow_count_record, flow_route_unit


def _filters(request):
    """The page's filter form, the flow filters to apply and how to group the totals.

    Invalid dates are shown on the form and ignored, as the page always did."""
    filterset = FlowFilterSet(request.GET or None, actor=request.user)
    if filterset.is_bound and not filterset.is_valid():
        return filterset.form, {}, "week"
    period = filterset.form.cleaned_data.get("period") if filterset.is_bound else ""
    return filterset.form, request.GET, period or "week"


class FlowPointListView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request):
        form, filters, _period = _filters(request)
        return render(
            request,
            "dtm/flows/point_list.html",
            {
                "form": form,
                "points": flow_point_summaries(actor=request.user, data=filters),
                "can_manage": has_permission(request.user, "dtm.manage"),
                "query": request.GET.urlencode(),
            },
        )


class FlowPointDetailView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request, uuid):
        point = flow_point_get(actor=request.user, uuid=uuid)
        form, filters, period = _filters(request)
        page = page_of(
            request,
            flow_count_list(actor=request.user, data=filters, point=point, with_nationalities=True),
        )
        return render(
            request,
            "dtm/flows/point_detail.html",
            {
                "point": point,
                "form": form,
                "period": period,
                "aggregates": flow_aggregates(actor=request.user, period=period, data=filters, point=point),
                "nationalities": flow_nationality_totals(
                    actor=request.user, data=filters, point=point, limit=10
                ),
                "page": page,
                "can_manage": has_permission(request.user, "dtm.manage"),
                "query": query_string_without_page(request),
                "query_string": query_string_without_page(request),
            },
        )


class FlowCountCreateView(ActionRequiredMixin, View):
    """The daily entry form: one point, one day, one direction."""

    required_action = "dtm.manage"

    def _form(self, request, data=None):
        points = list(flow_point_list(actor=request.user, active_only=True))
        form = FlowCountForm(data, points=points)
        if data is None and request.GET.get("point"):
            form.initial["point"] = request.GET["point"]
        return form

    def get(self, request):
        return render(request, "dtm/flows/count_form.html", {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                point = flow_point_get(actor=request.user, uuid=data["point"])
                unit = flow_route_unit(actor=request.user, pcode=data["route_admin_unit"])
                flow = flow_count_record(
                    actor=request.user,
                    point=point,
                    date=data["date"],
                    direction=data["direction"],
                    total=data["total"],
                    adult_men=data["adult_men"],
                    adult_women=data["adult_women"],
                    boys=data["boys"],
                    girls=data["girls"],
                    route_country=data["route_country"],
                    route_admin_unit=unit,
                    nationality_counts=form.nationality_rows(),
                    notes=data["notes"],
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("The count was saved."))
                return redirect("dtm:flow_point_detail", uuid=flow.point.uuid)
        return render(request, "dtm/flows/count_form.html", {"form": form}, status=400)


class FlowExportView(ActionRequiredMixin, View):
    required_action = "dtm.view"

    def get(self, request, fmt):
        if fmt not in FORMATS:
            raise Http404
        point = (
            flow_point_get(actor=request.user, uuid=request.GET["point"])
            if request.GET.get("point")
            else None
        )
        _form, filters, _period = _filters(request)
        parameters = {**flow_export_parameters(filters), "point": str(point.uuid) if point else ""}
        result = export_deliver(actor=request.user, build=flow_export, fmt=fmt, parameters=parameters)
        return export_response(request, result)
