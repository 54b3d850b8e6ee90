"""Detention-centre profiles API: GET lists snapshots, POST records one (create or replace)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.core.api_base import ERROR_RESPONSE, ActionPermission, ApiViewMixin
from sanad.core.lists import ScopedListApiMixin
from sanad.dtm.api.flows import NationalitySerializer, body_reference
from sanad.dtm.filters import DetentionSnapshotFilterSet
from sanad.dtm.selectors.detention import (
    detention_centre_get,
    detention_snapshot_get,
    detention_snapshot_list,
)
from sanad.dtm.services.detention import detention_snapshot_record


class ConditionSerializer(serializers.Serializer):
    key = serializers.CharField()
    rating = serializers.CharField()
    note = serializers.CharField()


class DetentionSnapshotOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    centre = serializers.UUIDField(source="centre.uuid")
    centre_name = serializers.CharField(source="centre.name_en")
    date = serializers.DateField()
    occupancy = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
    occupancy_rate = serializers.FloatField(allow_null=True)
    overcrowding = serializers.CharField()
    adult_men = serializers.IntegerField()
    adult_women = serializers.IntegerField()
    boys = serializers.IntegerField()
    girls = serializers.IntegerField()
    conditions = ConditionSerializer(many=True)
    nationalities = NationalitySerializer(many=True)
    notes = serializers.CharField()
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True, default=None)
    updated_at = serializers.DateTimeField()


class DetentionSnapshotInputSerializer(serializers.Serializer):
    centre = serializers.UUIDField()
    date = serializers.DateField()
    occupancy = serializers.IntegerField()
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None)
    adult_men = serializers.IntegerField(required=False, default=0)
    adult_women = serializers.IntegerField(required=False, default=0)
    boys = serializers.IntegerField(required=False, default=0)
    girls = serializers.IntegerField(required=False, default=0)
    conditions = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    condition_notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    nationalities = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class DetentionSnapshotListApi(ScopedListApiMixin, ApiViewMixin, APIView):
    permission_classes = [IsAuthenticated, ActionPermission]
    required_actions = {"GET": "dtm.view", "POST": "dtm.manage"}
    filterset_class = DetentionSnapshotFilterSet
    serializer_class = DetentionSnapshotOutputSerializer

    def get_items(self, data):
        return detention_snapshot_list(actor=self.request.user, data=data, with_nationalities=True)

    @extend_schema(
        responses={
            200: DetentionSnapshotOutputSerializer(many=True),
            400: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
        }
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        request=DetentionSnapshotInputSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="A retried request with the same key returns the first snapshot.",
            )
        ],
        responses={201: DetentionSnapshotOutputSerializer},
    )
    def post(self, request):
        serializer = DetentionSnapshotInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = detention_snapshot_record(
            actor=request.user,
            centre=body_reference(
                "centre",
                _("No detention centre has this uuid."),
                detention_centre_get,
                actor=request.user,
                uuid=data["centre"],
            ),
            date=data["date"],
            occupancy=data["occupancy"],
            capacity=data["capacity"],
            adult_men=data["adult_men"],
            adult_women=data["adult_women"],
            boys=data["boys"],
            girls=data["girls"],
            conditions=data["conditions"],
            condition_notes=data["condition_notes"],
            nationality_counts=[
                (n.get("nationality", ""), n.get("individuals")) for n in data["nationalities"]
            ],
            notes=data["notes"],
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        item = detention_snapshot_get(actor=request.user, uuid=item.uuid)
        return Response(DetentionSnapshotOutputSerializer(item).data, status=status.HTTP_201_CREATED)
