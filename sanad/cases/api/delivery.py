"""Services delivered: list, record, read."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sanad.cases import services
from sanad.cases.api.serializers import (
    WRITE_ERRORS,
    ServiceDeliveryOutSerializer,
)
from sanad.cases.filters import ServiceFilterSet
from sanad.cases.models import (
    Modality,
    ServiceType,
)
from sanad.cases.selectors import (
    case_get,
    service_get,
    service_list,
)
from sanad.core.api_base import ERROR_RESPONSE, IDEMPOTENCY_HEADER, ActionApiView
from sanad.core.lists import ScopedListApiMixin
from sanad.geo.selectors import site_get
from sanad.registry.selectors import person_get


# ---------------------------------------------------------------------------------------------
# Services delivered
# ---------------------------------------------------------------------------------------------
class ServiceDeliveryInSerializer(serializers.Serializer):
    person = serializers.UUIDField(required=False, help_text="Required unless a case is given.")
    case = serializers.UUIDField(required=False, allow_null=True)
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    delivered_at = serializers.DateTimeField(required=False)
    modality = serializers.ChoiceField(choices=Modality.choices, default=Modality.IN_PERSON)
    site = serializers.UUIDField(required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000, help_text="Encrypted.")
    sensitive = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Seen only by who delivered it, their team leader and those who may see its case. "
        "Psychiatric consultations and services of sensitive cases are always sensitive.",
    )


@extend_schema(tags=["services"])
class ServiceListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "services.view", "POST": "services.record"}

    filterset_class = ServiceFilterSet
    serializer_class = ServiceDeliveryOutSerializer

    def get_items(self, data):
        return service_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: ServiceDeliveryOutSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=ServiceDeliveryInSerializer,
        responses={201: ServiceDeliveryOutSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        body = ServiceDeliveryInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        case = None
        if data.get("case"):
            try:
                # Whether the actor may work on it is service_record's rule (403), as for the page.
                case = case_get(actor=request.user, uuid=data["case"], log_read=False)
            except Http404:
                raise serializers.ValidationError(
                    {"case": [_("No case you may see has this uuid.")]}
                ) from None
            person = case.person
        elif data.get("person"):
            try:
                person = person_get(actor=request.user, uuid=data["person"])
            except Http404:
                raise serializers.ValidationError(
                    {"person": [_("No person you may see has this uuid.")]}
                ) from None
        else:
            raise serializers.ValidationError({"person": [_("Give the person or the case.")]})
        site = None
        if data.get("site"):
            try:
                site = site_get(actor=request.user, uuid=data["site"])
            except Http404:
                raise serializers.ValidationError({"site": [_("No site has this uuid.")]}) from None
        service = services.service_record(
            actor=request.user,
            person=person,
            case=case,
            service_type=data["service_type"],
            delivered_at=data.get("delivered_at"),
            modality=data["modality"],
            site=site,
            admin_unit=site.admin_unit if site else None,
            duration_minutes=data.get("duration_minutes"),
            notes=data.get("notes", ""),
            sensitive=data["sensitive"],
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        created = service_get(actor=request.user, uuid=service.uuid, log_read=False)
        return Response(ServiceDeliveryOutSerializer(created).data, status=201)


@extend_schema(tags=["services"])
class ServiceDetailApi(ActionApiView):
    required_actions = {"GET": "services.view"}

    @extend_schema(responses={200: ServiceDeliveryOutSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        return Response(ServiceDeliveryOutSerializer(service_get(actor=request.user, uuid=uuid)).data)
