"""The gazetteer API: admin units (read) and sites (read, create, update).

Endpoints read through the same selectors and write through the same services as the pages.
Identifiers are UUIDs and P-codes, never integer keys. POST honours ``Idempotency-Key``.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from sanad.core.api_base import (
    ERROR_RESPONSE,
    ActionApiView,
)
from sanad.core.lists import ScopedListApiMixin
from sanad.geo.filters import AdminUnitFilterSet, SiteFilterSet
from sanad.geo.models import AdminUnit, Site
from sanad.geo.selectors import (
    admin_unit_get,
    admin_unit_get_by_pcode,
    admin_unit_list,
    site_get,
    site_list,
)
from sanad.geo.services import site_create, site_update


def _admin_unit_from(actor, value: str, field: str) -> AdminUnit:
    """An admin unit named by uuid or P-code in a filter or a body; unknown → a field error."""
    try:
        if len(value) == 36 or len(value) == 32:
            return admin_unit_get(actor=actor, uuid=value)
        return admin_unit_get_by_pcode(actor=actor, pcode=value)
    except Http404:
        raise serializers.ValidationError(
            {field: [_("No administrative unit has this uuid or P-code.")]}
        ) from None


class AdminUnitSummarySerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    pcode = serializers.CharField()
    level = serializers.IntegerField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()


# ---------------------------------------------------------------------------------------------
# Admin units
# ---------------------------------------------------------------------------------------------
class AdminUnitOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    pcode = serializers.CharField()
    level = serializers.IntegerField(help_text="1 region, 2 mantika, 3 baladiya, 4 muhalla")
    level_label = serializers.CharField(source="get_level_display")
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    parent = AdminUnitSummarySerializer(allow_null=True)
    source = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    is_active = serializers.BooleanField()


@extend_schema(tags=["gazetteer"])
class AdminUnitListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "geo.view"}

    filterset_class = AdminUnitFilterSet
    serializer_class = AdminUnitOutputSerializer

    def get_items(self, data):
        return admin_unit_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: AdminUnitOutputSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)


@extend_schema(tags=["gazetteer"])
class AdminUnitDetailApi(ActionApiView):
    required_actions = {"GET": "geo.view"}

    @extend_schema(responses={200: AdminUnitOutputSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        unit = admin_unit_get(actor=request.user, uuid=uuid)
        return Response(AdminUnitOutputSerializer(unit).data)


# ---------------------------------------------------------------------------------------------
# Sites
# ---------------------------------------------------------------------------------------------
class SiteOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    site_type = serializers.CharField()
    site_type_label = serializers.CharField(source="get_site_type_display")
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    admin_unit = AdminUnitSummarySerializer()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    is_active = serializers.BooleanField()
    notes = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class SiteInputSerializer(serializers.Serializer):
    site_type = serializers.ChoiceField(choices=Site.Type.choices)
    name_en = serializers.CharField(max_length=200)
    name_ar = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    admin_unit = serializers.CharField(help_text="uuid or P-code of the administrative unit")
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class SiteUpdateSerializer(SiteInputSerializer):
    is_active = serializers.BooleanField(required=False)


def _site_data(request, serializer) -> dict:
    data = dict(serializer.validated_data)
    if "admin_unit" in data:
        data["admin_unit"] = _admin_unit_from(request.user, data["admin_unit"], "admin_unit")
    return data


@extend_schema(tags=["gazetteer"])
class SiteListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "sites.view", "POST": "sites.manage"}

    filterset_class = SiteFilterSet
    serializer_class = SiteOutputSerializer

    def get_items(self, data):
        return site_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: SiteOutputSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)

    @extend_schema(
        request=SiteInputSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="A retried request with the same key returns the site the first one created.",
            )
        ],
        responses={201: SiteOutputSerializer, 400: ERROR_RESPONSE, 403: ERROR_RESPONSE},
    )
    def post(self, request):
        serializer = SiteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        site = site_create(
            actor=request.user,
            idempotency_key=request.headers.get("Idempotency-Key") or None,
            **_site_data(request, serializer),
        )
        site = site_get(actor=request.user, uuid=site.uuid)
        return Response(SiteOutputSerializer(site).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["gazetteer"])
class SiteDetailApi(ActionApiView):
    required_actions = {"GET": "sites.view", "PATCH": "sites.manage"}

    @extend_schema(responses={200: SiteOutputSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        return Response(SiteOutputSerializer(site_get(actor=request.user, uuid=uuid)).data)

    @extend_schema(
        request=SiteUpdateSerializer,
        responses={200: SiteOutputSerializer, 400: ERROR_RESPONSE, 404: ERROR_RESPONSE},
    )
    def patch(self, request, uuid):
        site = site_get(actor=request.user, uuid=uuid)
        serializer = SiteUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        site_update(actor=request.user, site=site, data=_site_data(request, serializer))
        return Response(SiteOutputSerializer(site_get(actor=request.user, uuid=uuid)).data)
