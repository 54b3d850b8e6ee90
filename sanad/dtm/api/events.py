"""Emergency events API: list / create events, an event with its assessments and clock,
add an assessment, publish the baseline."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from sanad.core.api_base import ERROR_RESPONSE, IDEMPOTENCY_HEADER, ActionApiView
from sanad.core.lists import ScopedListApiMixin
from sanad.dtm.api.flows import body_reference
from sanad.dtm.clock import event_clock
from sanad.dtm.filters import EventFilterSet
from sanad.dtm.models.events import EmergencyEvent
from sanad.dtm.selectors.events import (
    assessment_list,
    event_admin_units,
    event_get,
    event_list,
    event_location_totals,
)
from sanad.dtm.services.events import assessment_create, event_create, event_publish
from sanad.geo.selectors import admin_unit_get_by_pcode, site_get

UNKNOWN_UNIT = _("No administrative unit has this P-code.")


class ClockSerializer(serializers.Serializer):
    status = serializers.CharField()
    hours = serializers.IntegerField()
    deadline = serializers.DateTimeField()
    label = serializers.CharField()


class EventOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    title = serializers.CharField()
    event_type = serializers.CharField()
    started_at = serializers.DateTimeField()
    admin_units = serializers.SerializerMethodField()
    description = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    assessment_count = serializers.IntegerField(default=0)
    total_households = serializers.IntegerField(allow_null=True, default=None)
    total_individuals = serializers.IntegerField(allow_null=True, default=None)
    baseline_clock = serializers.SerializerMethodField()

    def get_admin_units(self, obj) -> list[str]:
        return sorted(unit.pcode for unit in event_admin_units(event=obj))

    @extend_schema(responses=ClockSerializer)
    def get_baseline_clock(self, obj) -> dict:
        clock = event_clock(obj, now=self.context["now"])
        return ClockSerializer(
            {"status": clock.status, "hours": clock.hours, "deadline": clock.deadline, "label": clock.label}
        ).data


class AssessmentOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    admin_unit = serializers.CharField(source="admin_unit.pcode")
    site = serializers.UUIDField(source="site.uuid", allow_null=True, default=None)
    assessed_on = serializers.DateField()
    households = serializers.IntegerField()
    individuals = serializers.IntegerField()
    priority_needs = serializers.SerializerMethodField()
    notes = serializers.CharField()

    def get_priority_needs(self, obj) -> list[str]:
        return [n for n in (obj.priority_need_1, obj.priority_need_2, obj.priority_need_3) if n]


class EventInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    event_type = serializers.ChoiceField(choices=EmergencyEvent.Type.choices)
    started_at = serializers.DateTimeField()
    admin_units = serializers.ListField(child=serializers.CharField(max_length=20), allow_empty=False)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentInputSerializer(serializers.Serializer):
    admin_unit = serializers.CharField(max_length=20)
    site = serializers.UUIDField(required=False, allow_null=True, default=None)
    assessed_on = serializers.DateField()
    households = serializers.IntegerField()
    individuals = serializers.IntegerField()
    priority_needs = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class EventListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "dtm.view", "POST": "dtm.manage"}
    filterset_class = EventFilterSet
    serializer_class = EventOutputSerializer

    def get_items(self, data):
        return event_list(actor=self.request.user, data=data)

    def get_serializer_context(self, page) -> dict:
        return {"now": timezone.now()}

    @extend_schema(responses={200: EventOutputSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)

    @extend_schema(
        request=EventInputSerializer, parameters=[IDEMPOTENCY_HEADER], responses={201: EventOutputSerializer}
    )
    def post(self, request):
        serializer = EventInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        units = [
            body_reference(
                "admin_units", UNKNOWN_UNIT, admin_unit_get_by_pcode, actor=request.user, pcode=pcode
            )
            for pcode in data["admin_units"]
        ]
        event = event_create(
            actor=request.user,
            title=data["title"],
            event_type=data["event_type"],
            started_at=data["started_at"],
            admin_units=units,
            description=data["description"],
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        event = event_get(actor=request.user, uuid=event.uuid)
        return Response(
            EventOutputSerializer(event, context={"now": timezone.now()}).data, status=status.HTTP_201_CREATED
        )


class EventDetailApi(ActionApiView):
    required_actions = {"GET": "dtm.view"}

    @extend_schema(responses=EventOutputSerializer)
    def get(self, request, uuid):
        event = event_get(actor=request.user, uuid=uuid)
        data = EventOutputSerializer(event, context={"now": timezone.now()}).data
        data["assessments"] = AssessmentOutputSerializer(
            assessment_list(actor=request.user, event=event), many=True
        ).data
        data["locations"] = event_location_totals(actor=request.user, event=event)
        return Response(data)


class EventAssessmentApi(ActionApiView):
    required_actions = {"POST": "dtm.manage"}

    @extend_schema(
        request=AssessmentInputSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={201: AssessmentOutputSerializer},
    )
    def post(self, request, uuid):
        event = event_get(actor=request.user, uuid=uuid)
        serializer = AssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = assessment_create(
            actor=request.user,
            event=event,
            admin_unit=body_reference(
                "admin_unit",
                UNKNOWN_UNIT,
                admin_unit_get_by_pcode,
                actor=request.user,
                pcode=data["admin_unit"],
            ),
            site=body_reference(
                "site", _("No site has this uuid."), site_get, actor=request.user, uuid=data["site"]
            )
            if data["site"]
            else None,
            assessed_on=data["assessed_on"],
            households=data["households"],
            individuals=data["individuals"],
            priority_needs=data["priority_needs"],
            notes=data["notes"],
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        return Response(AssessmentOutputSerializer(assessment).data, status=status.HTTP_201_CREATED)


class EventPublishApi(ActionApiView):
    required_actions = {"POST": "dtm.manage"}

    @extend_schema(request=None, responses=EventOutputSerializer)
    def post(self, request, uuid):
        event = event_publish(actor=request.user, event=event_get(actor=request.user, uuid=uuid))
        event = event_get(actor=request.user, uuid=event.uuid)
        return Response(EventOutputSerializer(event, context={"now": timezone.now()}).data)
