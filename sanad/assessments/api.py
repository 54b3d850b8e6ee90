"""The assessments API: instruments (with their definitions) and assessments (list, record, read).

Same selectors and services as the pages, so the same scope: a sensitive assessment the actor may
not see is listed as ``restricted`` (no person, no result) and answers 404 on its own URL.
``POST /api/v1/assessments/`` honours ``Idempotency-Key``; invalid answers answer 400 with one
error per question path (``name`` or ``repeat.index.name``).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from sanad.assessments import flag_services, selectors
from sanad.assessments.case_link import case_for
from sanad.assessments.filters import AssessmentFilterSet
from sanad.assessments.models import FlagProposal
from sanad.assessments.services import assessment_record
from sanad.core.api_base import (
    ERROR_RESPONSE,
    IDEMPOTENCY_HEADER,
    ActionApiView,
    paginated,
)
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListApiMixin
from sanad.core.selectors.organisation import team_get
from sanad.registry.selectors import person_get

# --- instruments -------------------------------------------------------------------------------


class VersionSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    version = serializers.CharField()
    filename = serializers.CharField()
    is_active = serializers.BooleanField()
    uploaded_at = serializers.DateTimeField(source="created_at")


class InstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_ar = serializers.CharField()
    name_fr = serializers.CharField()
    domain = serializers.CharField()
    sensitive = serializers.BooleanField()
    is_active = serializers.BooleanField()
    active_version = serializers.SerializerMethodField()

    def get_active_version(self, instrument) -> str | None:
        version = instrument.active_version
        return version.version if version else None


class InstrumentDetailSerializer(InstrumentSerializer):
    versions = VersionSerializer(many=True, source="versions.all")
    definition = serializers.SerializerMethodField()

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_definition(self, instrument) -> dict | None:
        version = instrument.active_version
        return version.definition if version else None


@extend_schema(tags=["assessments"])
class InstrumentListApi(ActionApiView):
    required_actions = {"GET": "instruments.view"}

    @extend_schema(responses={200: InstrumentSerializer(many=True)})
    def get(self, request):
        return paginated(self, selectors.instrument_list(actor=request.user), InstrumentSerializer)


@extend_schema(tags=["assessments"])
class InstrumentDetailApi(ActionApiView):
    required_actions = {"GET": "instruments.view"}

    @extend_schema(responses={200: InstrumentDetailSerializer, 404: ERROR_RESPONSE})
    def get(self, request, code):
        return Response(
            InstrumentDetailSerializer(selectors.instrument_get(actor=request.user, code=code)).data
        )


# --- assessments -------------------------------------------------------------------------------


class PersonRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    name = serializers.CharField(source="display_name")


class AssessmentListItemSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    instrument = serializers.CharField(source="instrument.code")
    version = serializers.CharField(source="instrument_version.version")
    recorded_at = serializers.DateTimeField()
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    restricted = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()
    band = serializers.SerializerMethodField()
    priority = serializers.SerializerMethodField()
    safety_alert = serializers.SerializerMethodField()

    def _visible(self, obj) -> bool:
        return bool(getattr(obj, "visible", False))

    def get_restricted(self, obj) -> bool:
        return not self._visible(obj)

    @extend_schema_field(PersonRefSerializer(allow_null=True))
    def get_person(self, obj) -> dict | None:
        return PersonRefSerializer(obj.person).data if self._visible(obj) else None

    def get_score(self, obj) -> str | None:
        return str(obj.score) if self._visible(obj) and obj.score is not None else None

    def get_band(self, obj) -> str | None:
        return obj.band if self._visible(obj) else None

    def get_priority(self, obj) -> str | None:
        return obj.priority if self._visible(obj) else None

    def get_safety_alert(self, obj) -> bool | None:
        return obj.safety_alert if self._visible(obj) else None


class FlagProposalSerializer(serializers.Serializer):
    flag = serializers.CharField()
    status = serializers.ChoiceField(choices=FlagProposal.Status.choices)
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()


class AssessmentSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    person = PersonRefSerializer()
    instrument = serializers.CharField(source="instrument.code")
    version = serializers.CharField(source="instrument_version.version")
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField(source="recorded_by.username")
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    answers = serializers.JSONField()
    values = serializers.JSONField()
    score = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    scores = serializers.DictField(child=serializers.CharField())
    band = serializers.CharField()
    priority = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())
    suggested_referrals = serializers.ListField(child=serializers.CharField())
    suggested_assistance = serializers.ListField(child=serializers.CharField())
    safety_alert = serializers.BooleanField()
    sensitive = serializers.BooleanField()
    flag_proposals = FlagProposalSerializer(many=True, source="flag_proposals.all")
    case = serializers.UUIDField(source="case.uuid", allow_null=True, default=None)


class AssessmentCreateSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    instrument = serializers.SlugField(help_text="The instrument code, e.g. mrrm_screening, phq9.")
    answers = serializers.JSONField(help_text="Question name -> answer; a repeat is a list of such objects.")
    team = serializers.UUIDField(required=False, allow_null=True)
    case = serializers.UUIDField(required=False, allow_null=True)

    def validate_answers(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Send the answers as an object: question name -> answer."))
        return value


@extend_schema(tags=["assessments"])
class AssessmentListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "assessments.view", "POST": "assessments.record"}

    filterset_class = AssessmentFilterSet
    serializer_class = AssessmentListItemSerializer

    def get_items(self, data):
        return selectors.assessment_list(actor=self.request.user, data=data)

    @extend_schema(responses={200: AssessmentListItemSerializer(many=True), 400: ERROR_RESPONSE})
    def get(self, request):
        return self.list(request)

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=AssessmentCreateSerializer,
        responses={201: AssessmentSerializer, 400: ERROR_RESPONSE, 409: ERROR_RESPONSE},
    )
    def post(self, request):
        body = AssessmentCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            person = person_get(actor=request.user, uuid=data["person"])
        except Http404:
            raise serializers.ValidationError(
                {"person": [_("No person you may see has this uuid.")]}
            ) from None
        team = None
        if data.get("team"):
            try:
                team = team_get(actor=request.user, uuid=data["team"], action="assessments.record")
            except Http404:
                raise serializers.ValidationError({"team": [_("Choose one of your teams.")]}) from None
        case = None
        if data.get("case"):
            case = _case_for(request.user, data["case"])
        assessment = assessment_record(
            actor=request.user,
            person=person,
            instrument_code=data["instrument"],
            answers=data["answers"],
            team=team,
            case=case,
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        assessment = selectors.assessment_get(actor=request.user, uuid=assessment.uuid, log_read=False)
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


def _case_for(actor, uuid):
    """The case named in the body, if the actor may see it; whether the assessment may be filed
    under it (the same person, a case the actor works on) is ``assessment_record``'s rule."""
    try:
        return case_for(actor=actor, uuid=uuid)
    except Http404:
        raise serializers.ValidationError({"case": [_("No case you may see has this uuid.")]}) from None


@extend_schema(tags=["assessments"])
class AssessmentDetailApi(ActionApiView):
    required_actions = {"GET": "assessments.view"}

    @extend_schema(responses={200: AssessmentSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        return Response(AssessmentSerializer(selectors.assessment_get(actor=request.user, uuid=uuid)).data)


class FlagDecisionSerializer(serializers.Serializer):
    flag = serializers.CharField(max_length=30, help_text="The proposed flag, e.g. vot or gbv_survivor.")
    decision = serializers.ChoiceField(choices=[flag_services.CONFIRM, flag_services.DISMISS])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


@extend_schema(tags=["assessments"])
class FlagDecisionApi(ActionApiView):
    """Confirm (the flag is added to the person) or dismiss (with a reason) a proposed flag."""

    required_actions = {"POST": "assessments.confirm_flags"}

    @extend_schema(
        request=FlagDecisionSerializer,
        responses={
            200: FlagProposalSerializer(many=True),
            400: ERROR_RESPONSE,
            403: ERROR_RESPONSE,
            404: ERROR_RESPONSE,
        },
    )
    def post(self, request, uuid):
        assessment = selectors.assessment_get(actor=request.user, uuid=uuid)
        body = FlagDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            flag_services.flag_proposal_decide(
                actor=request.user,
                assessment=assessment,
                flag=data["flag"],
                decision=data["decision"],
                reason=data.get("reason", ""),
            )
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(
            FlagProposalSerializer(selectors.flag_proposals_for(assessment=assessment), many=True).data
        )
