"""The DTM API (read-only): rounds, their locations and indicators.

Reads go through the same selectors as the pages. Identifiers are UUIDs and P-codes.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.core.api_base import ERROR_RESPONSE, ActionPermission, ApiViewMixin, paginated
from sanad.core.lists import ScopedListApiMixin
from sanad.dtm.filters import RoundFilterSet
from sanad.dtm.selectors.rounds import (
    baladiya_figure_list,
    muhalla_figure_list,
    nationality_totals,
    priority_need_ranking,
    round_breakdowns,
    round_get,
    round_list,
)


class _Api(ApiViewMixin, APIView):
    permission_classes = [IsAuthenticated, ActionPermission]
    required_actions = {"GET": "dtm.view"}


class RoundSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    number = serializers.IntegerField()
    population = serializers.CharField()
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    period_label = serializers.CharField()
    source_file_name = serializers.CharField()
    imported_at = serializers.DateTimeField()
    status = serializers.CharField()
    total_individuals = serializers.IntegerField()
    baladiya_count = serializers.IntegerField()
    muhalla_count = serializers.IntegerField()
    summary_check = serializers.JSONField()


class LocationSerializer(serializers.Serializer):
    pcode = serializers.CharField(source="admin_unit.pcode")
    level = serializers.IntegerField(source="admin_unit.level")
    name_en = serializers.CharField(source="admin_unit.name_en")
    name_ar = serializers.CharField(source="admin_unit.name_ar")
    parent_pcode = serializers.SerializerMethodField()
    individuals = serializers.IntegerField()
    households = serializers.IntegerField(allow_null=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)

    def get_parent_pcode(self, obj) -> str | None:
        parent = obj.admin_unit.parent
        return parent.pcode if parent else None


class MuhallaLocationSerializer(LocationSerializer):
    adult_men = serializers.IntegerField()
    adult_women = serializers.IntegerField()
    children = serializers.IntegerField()
    shelter = serializers.JSONField()
    arrival = serializers.JSONField()
    permit = serializers.JSONField()
    priority_needs = serializers.SerializerMethodField()

    def get_priority_needs(self, obj) -> list[dict[str, str]]:
        return [{"need": n, "problem": p} for n, p in obj.priority_needs]


class RoundListApi(ScopedListApiMixin, _Api):
    filterset_class = RoundFilterSet
    serializer_class = RoundSerializer

    def get_items(self, data):
        return round_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: RoundSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)


class RoundDetailApi(_Api):
    @extend_schema(responses=RoundSerializer)
    def get(self, request, uuid):
        return Response(RoundSerializer(round_get(actor=request.user, uuid=uuid)).data)


class RoundLocationListApi(_Api):
    @extend_schema(
        parameters=[OpenApiParameter("level", str, enum=["baladiya", "muhalla"])],
        responses=LocationSerializer(many=True),
    )
    def get(self, request, uuid):
        round_ = round_get(actor=request.user, uuid=uuid)
        if request.query_params.get("level") == "muhalla":
            qs, serializer = muhalla_figure_list(actor=request.user, round=round_), MuhallaLocationSerializer
        else:
            qs, serializer = baladiya_figure_list(actor=request.user, round=round_), LocationSerializer
        return paginated(self, qs, serializer)


class RoundIndicatorsApi(_Api):
    """Totals, demography, shelter, arrival, permits, nationalities and priority needs of a round."""

    @extend_schema(
        parameters=[OpenApiParameter("baladiya", str, description="A baladiya P-code to narrow to.")],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, uuid):
        round_ = round_get(actor=request.user, uuid=uuid)
        baladiya = None
        if request.query_params.get("baladiya"):
            from sanad.dtm.selectors.rounds import baladiya_figure_get

            baladiya = baladiya_figure_get(
                actor=request.user, round=round_, pcode=request.query_params["baladiya"]
            ).admin_unit
        breakdowns = round_breakdowns(actor=request.user, round=round_, baladiya=baladiya)
        needs = priority_need_ranking(actor=request.user, round=round_, baladiya=baladiya)
        return Response(
            {
                "round": str(round_.uuid),
                "baladiya": baladiya.pcode if baladiya else None,
                **breakdowns,
                "nationalities": nationality_totals(actor=request.user, round=round_, baladiya=baladiya),
                "priority_needs": [
                    {k: v for k, v in n.items() if k != "bar"}
                    | {"problems": [list(p) for p in n["problems"]]}
                    for n in needs
                ],
            }
        )
