"""The referrals API: service providers, directory services and referrals with their status
transitions as actions. Same selectors and services as the pages; a referral outside the
actor's scope is a 404; the receiving side gets the shared snapshot only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from sanad.core.api_base import (
    ERROR_RESPONSE,
    IDEMPOTENCY_HEADER,
    ActionApiView,
    paginated,
)
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListApiMixin
from sanad.core.needs import Need
from sanad.core.permissions import has_permission
from sanad.referrals.filters import DirectoryFilterSet, ReferralFilterSet
from sanad.referrals.models import Referral, SharedField, Urgency
from sanad.referrals.selectors import (
    referral_get,
    referral_list,
    referral_sender_ids,
    referral_service_get,
    referral_service_list,
    service_provider_get,
    service_provider_list,
)
from sanad.referrals.services import (
    actor_is_sender,
    referral_accept,
    referral_cancel,
    referral_complete,
    referral_decline,
    referral_receive,
    referral_send,
    referral_start_service,
)
from sanad.registry.selectors import person_get


class ServiceProviderOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    kind = serializers.CharField()
    organisation_type = serializers.CharField()
    agency = serializers.UUIDField(source="agency.uuid", allow_null=True, default=None)
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    is_active = serializers.BooleanField()


class ReferralServiceOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    need = serializers.CharField()
    provider = serializers.UUIDField(source="provider.uuid")
    provider_name = serializers.CharField(source="provider.name")
    unit = serializers.UUIDField(source="unit.uuid", allow_null=True, default=None)
    admin_unit = serializers.CharField(source="admin_unit.pcode")
    description = serializers.CharField()
    population_groups = serializers.ListField(child=serializers.CharField())
    eligible_sex = serializers.CharField()
    age_min = serializers.IntegerField(allow_null=True)
    age_max = serializers.IntegerField(allow_null=True)
    languages = serializers.ListField(child=serializers.CharField())
    opening_hours = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)


class ReferralEventOutput(serializers.Serializer):
    status = serializers.CharField()
    at = serializers.DateTimeField()
    who = serializers.CharField()
    agency = serializers.CharField(source="by_agency")
    note = serializers.CharField()


class ReferralOutput(serializers.Serializer):
    """What every side sees: the referral and the shared snapshot. ``person`` (the sender's
    record) is given to the sending side only."""

    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.CharField()
    urgency = serializers.CharField()
    needs = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField()
    service = serializers.UUIDField(source="service.uuid")
    service_name = serializers.CharField(source="service.name")
    sending_agency = serializers.CharField(source="sending_agency.name")
    is_external = serializers.BooleanField()
    sent_at = serializers.DateTimeField()
    acknowledge_due_at = serializers.DateTimeField()
    decline_reason = serializers.CharField()
    outcome = serializers.CharField()
    shared = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField()

    def get_shared(self, referral) -> dict:
        # The sender's registration number is not part of what a referral shares (snapshots taken
        # before it was dropped still hold it).
        return {k: v for k, v in (referral.shared_snapshot or {}).items() if k != "person_reference"}

    def get_person(self, referral) -> str | None:
        sender_ids = self.context.get("sender_ids")
        if sender_ids is not None:
            return str(referral.person.uuid) if referral.pk in sender_ids else None
        actor = self.context.get("actor")
        if actor is not None and actor_is_sender(actor, referral):
            return str(referral.person.uuid)
        return None


class ReferralDetailOutput(ReferralOutput):
    events = ReferralEventOutput(many=True, source="events.all")


class ReferralInput(serializers.Serializer):
    person = serializers.UUIDField()
    service = serializers.UUIDField()
    reason = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices), min_length=1)
    shared_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedField.choices), required=False
    )
    case_summary = serializers.CharField(required=False, allow_blank=True, default="")
    consent_given = serializers.BooleanField(required=False, default=False)
    consent_given_by = serializers.CharField(required=False, allow_blank=True, default="")
    consent_purpose = serializers.CharField(required=False, allow_blank=True, default="")
    emergency_override = serializers.BooleanField(required=False, default=False)
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")
    ticket = serializers.UUIDField(required=False, allow_null=True, default=None)
    case = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The person's case it is made from."
    )
    assessment = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The person's screening it is made from."
    )
    external_contact_email = serializers.EmailField(required=False, allow_blank=True, default="")


class ReferralActionInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")


class ServiceProviderListApi(ActionApiView):
    required_actions = {"GET": "directory.view"}

    @extend_schema(responses=ServiceProviderOutput(many=True), operation_id="service_providers_list")
    def get(self, request):
        return paginated(self, service_provider_list(actor=request.user), ServiceProviderOutput)


class ServiceProviderDetailApi(ActionApiView):
    required_actions = {"GET": "directory.view"}

    @extend_schema(responses=ServiceProviderOutput, operation_id="service_providers_retrieve")
    def get(self, request, uuid):
        return Response(ServiceProviderOutput(service_provider_get(actor=request.user, uuid=uuid)).data)


class ReferralServiceListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "directory.view"}
    filterset_class = DirectoryFilterSet
    serializer_class = ReferralServiceOutput

    def get_items(self, data):
        return referral_service_list(actor=self.request.user, data=data)

    @extend_schema(
        responses={200: ReferralServiceOutput(many=True), 400: ERROR_RESPONSE},
        operation_id="referral_services_list",
    )
    def get(self, request):
        return self.list(request)


class ReferralServiceDetailApi(ActionApiView):
    required_actions = {"GET": "directory.view"}

    @extend_schema(responses=ReferralServiceOutput, operation_id="referral_services_retrieve")
    def get(self, request, uuid):
        return Response(ReferralServiceOutput(referral_service_get(actor=request.user, uuid=uuid)).data)


class ReferralListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "referrals.view", "POST": "referrals.create"}
    filterset_class = ReferralFilterSet
    serializer_class = ReferralOutput

    def get_items(self, data):
        return referral_list(actor=self.request.user, data=data, with_person=True)

    def get_serializer_context(self, page) -> dict:
        # Which of the page's referrals the actor sees as the sender: one query for the page.
        sender_ids = referral_sender_ids(actor=self.request.user, ids=[r.pk for r in page])
        return {"actor": self.request.user, "sender_ids": sender_ids}

    @extend_schema(
        responses={200: ReferralOutput(many=True), 400: ERROR_RESPONSE}, operation_id="referrals_list"
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        request=ReferralInput,
        responses={201: ReferralOutput},
        parameters=[IDEMPOTENCY_HEADER],
        operation_id="referrals_create",
    )
    def post(self, request):
        data = ReferralInput(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        person = person_get(actor=request.user, uuid=v["person"])
        try:
            service = referral_service_get(actor=request.user, uuid=v["service"])
        except Http404:
            raise ValidationError({"service": "Unknown service."}) from None
        # The references are resolved in the actor's scope (unseen = unknown); whether they may be
        # the referral's origin (about the same person) is referral_send's rule, as for the page.
        ticket = case = assessment = None
        if v.get("ticket") and has_permission(request.user, "tickets.view"):
            from sanad.feedback.selectors import ticket_get

            try:
                ticket = ticket_get(actor=request.user, uuid=v["ticket"])
            except Http404:
                raise ValidationError({"ticket": "Unknown ticket."}) from None
        if v.get("case"):
            from sanad.cases.selectors import case_get

            try:
                case = case_get(actor=request.user, uuid=v["case"], log_read=False)
            except Http404:
                raise ValidationError({"case": _("No case you may see has this uuid.")}) from None
        if v.get("assessment"):
            from sanad.assessments.selectors import assessment_get

            try:
                assessment = assessment_get(actor=request.user, uuid=v["assessment"], log_read=False)
            except Http404:
                raise ValidationError({"assessment": _("No assessment you may see has this uuid.")}) from None
        if case is not None:
            source = Referral.Source.CASE
        elif assessment is not None:
            source = Referral.Source.SCREENING
        else:
            source = Referral.Source.HELPLINE if v.get("ticket") else Referral.Source.PERSON
        referral = referral_send(
            actor=request.user,
            person=person,
            ticket=ticket,
            case=case,
            assessment=assessment,
            service=service,
            reason=v["reason"],
            urgency=v["urgency"],
            needs=v["needs"],
            shared_fields=v.get("shared_fields") or [],
            case_summary=v["case_summary"],
            consent_given=v["consent_given"],
            consent_given_by=v["consent_given_by"],
            consent_purpose=v["consent_purpose"],
            emergency_override=v["emergency_override"],
            override_reason=v["override_reason"],
            source=source,
            ticket_uuid=v.get("ticket"),
            external_contact_email=v["external_contact_email"],
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return Response(
            ReferralOutput(referral, context={"actor": request.user}).data, status=status.HTTP_201_CREATED
        )


class ReferralDetailApi(ActionApiView):
    required_actions = {"GET": "referrals.view"}

    @extend_schema(responses=ReferralDetailOutput, operation_id="referrals_retrieve")
    def get(self, request, uuid):
        referral = referral_get(actor=request.user, uuid=uuid)
        return Response(ReferralDetailOutput(referral, context={"actor": request.user}).data)


def _action_api(name: str, run, summary: str):
    class ReferralActionApi(ActionApiView):
        required_actions = {"POST": "referrals.view"}

        @extend_schema(
            request=ReferralActionInput,
            responses=ReferralOutput,
            operation_id=f"referrals_{name}",
            summary=summary,
        )
        def post(self, request, uuid):
            referral = referral_get(actor=request.user, uuid=uuid, log_read=False)
            body = ReferralActionInput(data=request.data)
            body.is_valid(raise_exception=True)
            try:
                referral = run(request.user, referral, body.validated_data["text"])
            except DomainError as exc:
                if exc.code == "forbidden":
                    from rest_framework.exceptions import PermissionDenied

                    raise PermissionDenied(exc.message) from None
                raise
            return Response(ReferralOutput(referral, context={"actor": request.user}).data)

    ReferralActionApi.__name__ = f"Referral{name.title().replace('_', '')}Api"
    return ReferralActionApi


ReferralReceiveApi = _action_api(
    "receive", lambda a, r, t: referral_receive(actor=a, referral=r), "Acknowledge receipt"
)
ReferralAcceptApi = _action_api(
    "accept", lambda a, r, t: referral_accept(actor=a, referral=r, note=t), "Accept"
)
ReferralDeclineApi = _action_api(
    "decline", lambda a, r, t: referral_decline(actor=a, referral=r, reason=t), "Decline (text: the reason)"
)
ReferralStartApi = _action_api(
    "start_service", lambda a, r, t: referral_start_service(actor=a, referral=r, note=t), "Service started"
)
ReferralCompleteApi = _action_api(
    "complete",
    lambda a, r, t: referral_complete(actor=a, referral=r, outcome=t),
    "Completed (text: the outcome)",
)
ReferralCancelApi = _action_api(
    "cancel",
    lambda a, r, t: referral_cancel(actor=a, referral=r, reason=t),
    "Cancel (sender; text: the reason)",
)
