"""Flow-monitoring API: GET lists daily counts, POST records one (create or replace)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.core.api_base import ERROR_RESPONSE, IDEMPOTENCY_HEADER, ActionPermission, ApiViewMixin
from sanad.core.lists import ScopedListApiMixin
from sanad.dtm.filters import FlowFilterSet
from sanad.dtm.models.flows import FlowCount
from sanad.dtm.selectors.flows import (
    flow_aggregates,
    flow_count_get,
    flow_count_list,
    flow_point_get,
)
from sanad.dtm.services.flows import flow_count_record, flow_route_unit


def body_reference(field: str, message: str, getter, **kwargs):
    """The record a body field names, through its selector. A record the actor may not use answers
    exactly as an unknown one: 400 on the field (issue 13, item 2); the service keeps the rules."""
    from django.http import Http404

    try:
        return getter(**kwargs)
    except Http404:
        raise serializers.ValidationError({field: [message]}) from None


class NationalitySerializer(serializers.Serializer):
    nationality = serializers.CharField(max_length=3)
    individuals = serializers.IntegerField(min_value=0)


class FlowCountOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    point = serializers.UUIDField(source="point.uuid")
    point_name = serializers.CharField(source="point.name_en")
    date = serializers.DateField()
    direction = serializers.CharField()
    route_country = serializers.CharField()
    route_admin_unit = serializers.SerializerMethodField()
    total = serializers.IntegerField()
    adult_men = serializers.IntegerField()
    adult_women = serializers.IntegerField()
    boys = serializers.IntegerField()
    girls = serializers.IntegerField()
    nationalities = NationalitySerializer(many=True)
    notes = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True, default=None)
    updated_at = serializers.DateTimeField()

    def get_route_admin_unit(self, obj) -> str | None:
        return obj.route_admin_unit.pcode if obj.route_admin_unit else None


class FlowCountInputSerializer(serializers.Serializer):
    # Ranges are checked by the service so the API and the form give the same messages.
    point = serializers.UUIDField()
    date = serializers.DateField()
    direction = serializers.ChoiceField(choices=FlowCount.Direction.choices)
    route_country = serializers.CharField(required=False, allow_blank=True, default="")
    route_admin_unit = serializers.CharField(required=False, allow_blank=True, default="")
    total = serializers.IntegerField()
    adult_men = serializers.IntegerField(required=False, default=0)
    adult_women = serializers.IntegerField(required=False, default=0)
    boys = serializers.IntegerField(required=False, default=0)
    girls = serializers.IntegerField(required=False, default=0)
    nationalities = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class FlowCountListApi(ScopedListApiMixin, ApiViewMixin, APIView):
    permission_classes = [IsAuthenticated, ActionPermission]
    required_actions = {"GET": "dtm.view", "POST": "dtm.manage"}
    filterset_class = FlowFilterSet
    serializer_class = FlowCountOutputSerializer

    def get_items(self, data):
        return flow_count_list(actor=self.request.user, data=data, with_nationalities=True)

    @extend_schema(responses={200: FlowCountOutputSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)

    @extend_schema(
        request=FlowCountInputSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={201: FlowCountOutputSerializer},
    )
    def post(self, request):
        serializer = FlowCountInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        point = body_reference(
            "point",
            _("No flow-monitoring point has this uuid."),
            flow_point_get,
            actor=request.user,
            uuid=data["point"],
        )
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
            nationality_counts=[
                (n.get("nationality", ""), n.get("individuals")) for n in data["nationalities"]
            ],
            notes=data["notes"],
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        flow = flow_count_get(actor=request.user, uuid=flow.uuid)
        return Response(FlowCountOutputSerializer(flow).data, status=status.HTTP_201_CREATED)


class FlowAggregateRowSerializer(serializers.Serializer):
    period = serializers.DateField(help_text="Monday of the week, or the first day of the month")
    direction = serializers.CharField()
    days = serializers.IntegerField()
    total = serializers.IntegerField()
    adult_men = serializers.IntegerField()
    adult_women = serializers.IntegerField()
    boys = serializers.IntegerField()
    girls = serializers.IntegerField()


class FlowAggregateOutputSerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=["week", "month"])
    results = FlowAggregateRowSerializer(many=True)


class FlowAggregateApi(ApiViewMixin, APIView):
    permission_classes = [IsAuthenticated, ActionPermission]
    required_actions = {"GET": "dtm.view"}

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=["week", "month"]),
            OpenApiParameter("point", str),
            OpenApiParameter("date_from", str),
            OpenApiParameter("date_to", str),
        ],
        responses=FlowAggregateOutputSerializer,
    )
    def get(self, request):
        period = request.query_params.get("period", "week")
        period = period if period in ("week", "month") else "week"
        data = {key: value for key, value in request.query_params.items() if key != "period"}
        rows = flow_aggregates(actor=request.user, period=period, data=data)
        return Response(
            {"period": period, "results": [{**r, "period": r["period"].isoformat()} for r in rows]}
        )
