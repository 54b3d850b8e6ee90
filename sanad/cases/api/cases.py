"""Case endpoints: list, open, read, update, transitions, plan, notes, consent, transfer, BID,
follow-ups."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from sanad.cases import services
from sanad.cases.access import may_read_notes
from sanad.cases.api.serializers import (
    WRITE_ERRORS,
    CaseDetailSerializer,
    CaseFollowUpOutSerializer,
    CaseListItemSerializer,
    CaseNoteOutSerializer,
    _team,
    _user,
)
from sanad.cases.filters import CaseFilterSet
from sanad.cases.models import (
    BestInterestsDetermination,
    CaseConsent,
    CaseType,
    ClosureReason,
    FollowUp,
    OpenedFrom,
    RiskLevel,
)
from sanad.cases.selectors import (
    case_action_get,
    case_followup_get,
    case_followups,
    case_get,
    case_goal_get,
    case_list,
    case_notes,
)
from sanad.core.api_base import ERROR_RESPONSE, IDEMPOTENCY_HEADER, ActionApiView, paginated
from sanad.core.lists import ScopedListApiMixin
from sanad.core.needs import Need
from sanad.registry.selectors import person_get


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------
class CaseOpenSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    opened_from = serializers.ChoiceField(choices=OpenedFrom.choices, default=OpenedFrom.OTHER)
    team = serializers.UUIDField(required=False, allow_null=True)
    owner = serializers.UUIDField(required=False, allow_null=True)
    sensitive = serializers.BooleanField(default=False)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=20000, help_text="Encrypted.")
    assessment = serializers.UUIDField(required=False, allow_null=True)


@extend_schema(tags=["cases"])
class CaseListApi(ScopedListApiMixin, ActionApiView):
    required_actions = {"GET": "cases.view", "POST": "cases.open"}

    filterset_class = CaseFilterSet
    serializer_class = CaseListItemSerializer

    def get_items(self, data):
        return case_list(actor=self.request.user, data=data)

    @extend_schema(
        responses={200: CaseListItemSerializer(many=True), 400: ERROR_RESPONSE, 404: ERROR_RESPONSE}
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=CaseOpenSerializer,
        responses={201: CaseDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        body = CaseOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            person = person_get(actor=request.user, uuid=data["person"])
        except Http404:
            raise serializers.ValidationError(
                {"person": [_("No person you may see has this uuid.")]}
            ) from None
        assessment = None
        if data.get("assessment"):
            from sanad.assessments.selectors import assessment_get

            try:
                assessment = assessment_get(actor=request.user, uuid=data["assessment"], log_read=False)
            except Http404:
                raise serializers.ValidationError(
                    {"assessment": [_("No assessment you may see has this uuid.")]}
                ) from None
        case = services.case_open(
            actor=request.user,
            person=person,
            case_type=data["case_type"],
            team=_team(data.get("team")),
            owner=_user(data.get("owner"), "owner"),
            risk_level=data["risk_level"],
            opened_from=data["opened_from"],
            reason=data.get("reason", ""),
            sensitive=data["sensitive"],
            source_assessment=assessment,
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        case = case_get(actor=request.user, uuid=case.uuid, log_read=False)
        return Response(
            CaseDetailSerializer(case, context={"detail": True, "request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class CaseUpdateSerializer(serializers.Serializer):
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    sensitive = serializers.BooleanField(required=False)
    owner = serializers.UUIDField(required=False)
    caseworkers = serializers.ListField(child=serializers.UUIDField(), required=False)


@extend_schema(tags=["cases"])
class CaseDetailApi(ActionApiView):
    required_actions = {"GET": "cases.view", "PATCH": "cases.manage"}

    @extend_schema(responses={200: CaseDetailSerializer, 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid)
        return Response(CaseDetailSerializer(case, context={"detail": True, "request": request}).data)

    @extend_schema(request=CaseUpdateSerializer, responses={200: CaseDetailSerializer, **WRITE_ERRORS})
    def patch(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid, action="cases.manage", log_read=False)
        body = CaseUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.case_update(
            actor=request.user,
            case=case,
            risk_level=data.get("risk_level"),
            sensitive=data.get("sensitive"),
            owner=_user(data.get("owner"), "owner"),
            caseworkers=[_user(u, "caseworkers") for u in data["caseworkers"]]
            if "caseworkers" in data
            else None,
        )
        case = case_get(actor=request.user, uuid=uuid, log_read=False)
        return Response(CaseDetailSerializer(case, context={"detail": True, "request": request}).data)


class _CaseActionApi(ActionApiView):
    """POST one transition or action on a case; answers the case as it is afterwards."""

    required_actions = {"POST": "cases.manage"}
    case_action = "cases.manage"
    input_serializer = None

    def perform(self, request, case, data):
        raise NotImplementedError

    def post(self, request, uuid, **url_kwargs):
        case = case_get(actor=request.user, uuid=uuid, action=self.case_action, log_read=False)
        self.url_kwargs = url_kwargs  # the goal or action named in the URL, if any
        data = {}
        if self.input_serializer is not None:
            body = self.input_serializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
        self.perform(request, case, data)
        try:
            case = case_get(actor=request.user, uuid=uuid, log_read=False)
        except Http404:  # e.g. transferred away: the caller no longer sees it
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(CaseDetailSerializer(case, context={"detail": True, "request": request}).data)


def _action_schema(request=None, summary=""):
    return extend_schema(
        tags=["cases"],
        request=request,
        summary=summary,
        responses={200: CaseDetailSerializer, 204: None, **WRITE_ERRORS},
    )


@_action_schema(summary="Start the assessment")
class CaseStartAssessmentApi(_CaseActionApi):
    def perform(self, request, case, data):
        services.case_start_assessment(actor=request.user, case=case)


class CaseCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=20000)


@_action_schema(CaseCloseSerializer, "Close, or request closure when the unit requires approval")
class CaseCloseApi(_CaseActionApi):
    input_serializer = CaseCloseSerializer

    def perform(self, request, case, data):
        services.case_close_request(
            actor=request.user, case=case, reason=data["reason"], note=data.get("note", "")
        )


class CaseDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300)


@_action_schema(CaseDecisionSerializer, "Approve or reject a requested closure")
class CaseClosureDecisionApi(_CaseActionApi):
    required_actions = {"POST": "cases.approve"}
    case_action = "cases.approve"
    input_serializer = CaseDecisionSerializer

    def perform(self, request, case, data):
        services.case_closure_decide(
            actor=request.user, case=case, approve=data["approve"], comment=data.get("comment", "")
        )


class CaseReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


@_action_schema(CaseReasonSerializer, "Reopen a closed case")
class CaseReopenApi(_CaseActionApi):
    input_serializer = CaseReasonSerializer

    def perform(self, request, case, data):
        services.case_reopen(actor=request.user, case=case, reason=data["reason"])


class CasePlanCreateSerializer(serializers.Serializer):
    review_on = serializers.DateField(required=False, allow_null=True)


@_action_schema(CasePlanCreateSerializer, "Start the case plan or its next version")
class CasePlanCreateApi(_CaseActionApi):
    input_serializer = CasePlanCreateSerializer

    def perform(self, request, case, data):
        services.plan_create(actor=request.user, case=case, review_on=data.get("review_on"))


class CaseGoalInSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    need = serializers.ChoiceField(choices=Need.choices, required=False, allow_blank=True)


@_action_schema(CaseGoalInSerializer, "Add a goal to the draft plan")
class CaseGoalApi(_CaseActionApi):
    input_serializer = CaseGoalInSerializer

    def perform(self, request, case, data):
        services.goal_add(
            actor=request.user, case=case, description=data["description"], need=data.get("need", "")
        )


class CasePlanActionInSerializer(serializers.Serializer):
    goal = serializers.UUIDField()
    description = serializers.CharField(max_length=300)
    responsible = serializers.UUIDField()
    due_on = serializers.DateField()


@_action_schema(CasePlanActionInSerializer, "Add an action to a goal of the draft plan")
class CaseActionApi(_CaseActionApi):
    input_serializer = CasePlanActionInSerializer

    def perform(self, request, case, data):
        try:
            goal = case_goal_get(user=request.user, case=case, uuid=data["goal"])
        except Http404:
            raise serializers.ValidationError(
                {"goal": [_("Choose a goal of the current case plan.")]}
            ) from None
        services.action_add(
            actor=request.user,
            case=case,
            goal=goal,
            description=data["description"],
            responsible=_user(data["responsible"], "responsible"),
            due_on=data["due_on"],
        )


@_action_schema(summary="Remove a goal (and its actions) from the draft plan")
class CaseGoalRemoveApi(_CaseActionApi):
    def perform(self, request, case, data):
        goal = case_goal_get(user=request.user, case=case, uuid=self.url_kwargs["goal_uuid"])
        services.goal_remove(actor=request.user, case=case, goal=goal)


@_action_schema(summary="Mark a goal of the current plan achieved")
class CaseGoalAchieveApi(_CaseActionApi):
    def perform(self, request, case, data):
        goal = case_goal_get(user=request.user, case=case, uuid=self.url_kwargs["goal_uuid"])
        services.goal_achieve(actor=request.user, case=case, goal=goal)


@_action_schema(summary="Remove an action from the draft plan")
class CaseActionRemoveApi(_CaseActionApi):
    def perform(self, request, case, data):
        action = case_action_get(user=request.user, case=case, uuid=self.url_kwargs["action_uuid"])
        services.action_remove(actor=request.user, case=case, action=action)


@_action_schema(summary="Submit the draft plan (approved at once unless the unit requires approval)")
class CasePlanSubmitApi(_CaseActionApi):
    def perform(self, request, case, data):
        services.plan_submit(actor=request.user, case=case)


@_action_schema(CaseDecisionSerializer, "Approve or return a submitted plan")
class CasePlanDecisionApi(_CaseActionApi):
    required_actions = {"POST": "cases.approve"}
    case_action = "cases.approve"
    input_serializer = CaseDecisionSerializer

    def perform(self, request, case, data):
        services.plan_decide(
            actor=request.user, case=case, approve=data["approve"], comment=data.get("comment", "")
        )


class CaseConsentInSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=CaseConsent.Purpose.choices)
    given_by = serializers.CharField(max_length=150)
    given_on = serializers.DateField(required=False)


@_action_schema(CaseConsentInSerializer, "Record the person's consent (e.g. to a transfer)")
class CaseConsentApi(_CaseActionApi):
    input_serializer = CaseConsentInSerializer

    def perform(self, request, case, data):
        services.case_consent_record(actor=request.user, case=case, **data)


class CaseTransferInSerializer(serializers.Serializer):
    to_owner = serializers.UUIDField()
    to_team = serializers.UUIDField(required=False, allow_null=True)


@_action_schema(CaseTransferInSerializer, "Transfer to another caseworker or agency (needs recorded consent)")
class CaseTransferApi(_CaseActionApi):
    input_serializer = CaseTransferInSerializer

    def perform(self, request, case, data):
        services.case_transfer(
            actor=request.user,
            case=case,
            to_owner=_user(data["to_owner"], "to_owner"),
            to_team=_team(data.get("to_team")),
        )


class CaseBidInSerializer(serializers.Serializer):
    panel_date = serializers.DateField()
    panel_members = serializers.ListField(child=serializers.CharField(max_length=150))
    recommendation = serializers.ChoiceField(choices=BestInterestsDetermination.Recommendation.choices)
    decision = serializers.CharField(max_length=20000)


@_action_schema(CaseBidInSerializer, "Record the best-interests determination panel's decision")
class CaseBidApi(_CaseActionApi):
    input_serializer = CaseBidInSerializer

    def perform(self, request, case, data):
        services.bid_record(actor=request.user, case=case, **data)


class CaseNoteInSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


@extend_schema(tags=["cases"])
class CaseNotesApi(ActionApiView):
    required_actions = {"GET": "cases.view", "POST": "cases.manage"}

    @extend_schema(
        responses={200: CaseNoteOutSerializer(many=True), 403: ERROR_RESPONSE, 404: ERROR_RESPONSE}
    )
    def get(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid)
        if not may_read_notes(request.user, case):
            raise PermissionDenied(
                _("Case notes are visible only to the caseworkers and the team leader of the case.")
            )
        return paginated(self, case_notes(user=request.user, case=case), CaseNoteOutSerializer)

    @extend_schema(request=CaseNoteInSerializer, responses={201: CaseNoteOutSerializer, **WRITE_ERRORS})
    def post(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid, action="cases.manage", log_read=False)
        body = CaseNoteInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        note = services.note_add(actor=request.user, case=case, text=body.validated_data["text"])
        return Response(CaseNoteOutSerializer(note).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Follow-ups
# ---------------------------------------------------------------------------------------------
class CaseFollowUpInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(FollowUp.Kind.FOLLOW_UP, "follow_up"), (FollowUp.Kind.TASK, "task")],
        default=FollowUp.Kind.FOLLOW_UP,
    )
    title = serializers.CharField(max_length=200)
    due_at = serializers.DateTimeField()
    assigned_to = serializers.UUIDField(required=False, allow_null=True)


class CaseFollowUpDoneSerializer(serializers.Serializer):
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=300)


@extend_schema(tags=["cases"])
class CaseFollowUpListApi(ActionApiView):
    required_actions = {"GET": "cases.view", "POST": "cases.manage"}

    @extend_schema(responses={200: CaseFollowUpOutSerializer(many=True), 404: ERROR_RESPONSE})
    def get(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid)
        return paginated(self, case_followups(user=request.user, case=case), CaseFollowUpOutSerializer)

    @extend_schema(
        request=CaseFollowUpInSerializer, responses={201: CaseFollowUpOutSerializer, **WRITE_ERRORS}
    )
    def post(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid, action="cases.manage", log_read=False)
        body = CaseFollowUpInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        followup = services.followup_create(
            actor=request.user,
            case=case,
            kind=data["kind"],
            title=data["title"],
            due_at=data["due_at"],
            assigned_to=_user(data.get("assigned_to"), "assigned_to"),
        )
        return Response(CaseFollowUpOutSerializer(followup).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["cases"])
class CaseFollowUpCompleteApi(ActionApiView):
    required_actions = {"POST": "cases.manage"}

    @extend_schema(
        request=CaseFollowUpDoneSerializer, responses={200: CaseFollowUpOutSerializer, **WRITE_ERRORS}
    )
    def post(self, request, uuid, followup_uuid):
        case = case_get(actor=request.user, uuid=uuid, action="cases.manage", log_read=False)
        followup = case_followup_get(user=request.user, case=case, uuid=followup_uuid)
        body = CaseFollowUpDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        followup = services.followup_complete(
            actor=request.user, case=case, followup=followup, outcome=body.validated_data.get("outcome", "")
        )
        return Response(CaseFollowUpOutSerializer(followup).data)
