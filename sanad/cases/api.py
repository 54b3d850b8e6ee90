"""The case management API: cases (list, open, read, update, transitions), their plan, notes,
follow-ups, consent and transfer; services delivered.

Endpoints read through the same selectors and write through the same services as the pages, so
they are scoped exactly like the UI: a case the caller may not see (a sensitive case included)
answers 404, and reading a sensitive case is audited. POSTs that create honour ``Idempotency-Key``.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.cases import services
from sanad.cases.access import may_read_notes
from sanad.cases.models import (
    BestInterestsDetermination,
    CaseConsent,
    CaseStatus,
    CaseType,
    ClosureReason,
    FollowUp,
    Modality,
    OpenedFrom,
    RiskLevel,
    ServiceType,
)
from sanad.cases.selectors import (
    CaseFilters,
    ServiceFilters,
    active_team_by_uuid,
    active_user_by_uuid,
    case_current_plan,
    case_followup_get,
    case_followups,
    case_get,
    case_goal_get,
    case_list,
    case_notes,
    case_pending_approval,
    case_status_history,
    service_get,
    service_list,
)
from sanad.core.api_base import ActionPermission, ApiViewMixin, Pagination
from sanad.core.needs import Need
from sanad.geo.selectors import site_get
from sanad.registry.selectors import person_get

ERROR = inline_serializer(
    name="CaseError",
    fields={
        "error": inline_serializer(
            name="CaseErrorBody",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
            },
        )
    },
)
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="A retried request with the same key returns the first result instead of creating again.",
)
WRITE_ERRORS = {400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR}


class _Api(ApiViewMixin, APIView):
    permission_classes = [IsAuthenticated, ActionPermission]


def _paginated(view: APIView, queryset, serializer_class, context=None):
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, view.request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)


def _user(value, field: str):
    if value is None:
        return None
    user = active_user_by_uuid(value)
    if user is None:
        raise serializers.ValidationError({field: [_("No active user has this uuid.")]})
    return user


def _team(value):
    if value is None:
        return None
    team = active_team_by_uuid(value)
    if team is None:
        raise serializers.ValidationError({"team": [_("No active team has this uuid.")]})
    return team


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------
class CaseRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    name = serializers.CharField(source="__str__")


class CaseUserRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")


class CasePersonRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()


class CaseListItemSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    person = CasePersonRefSerializer()
    person_name = serializers.SerializerMethodField(help_text="Empty for sensitive cases in lists.")
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    sensitive = serializers.BooleanField(source="is_sensitive")
    opened_from = serializers.ChoiceField(choices=OpenedFrom.choices)
    unit = CaseRefSerializer()
    team = CaseRefSerializer(allow_null=True)
    owner = CaseUserRefSerializer(allow_null=True)
    opened_at = serializers.DateTimeField()
    last_contact_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    closure_reason = serializers.CharField()
    has_overdue = serializers.BooleanField(required=False, default=False)

    def get_person_name(self, case) -> str:
        if case.is_sensitive and not self.context.get("detail"):
            return ""
        return case.person.display_name


class CasePlanActionOutSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    description = serializers.CharField()
    responsible = CaseUserRefSerializer()
    due_on = serializers.DateField()
    status = serializers.CharField()


class CaseGoalOutSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    description = serializers.CharField()
    need = serializers.CharField()
    achieved = serializers.BooleanField()
    actions = CasePlanActionOutSerializer(many=True, source="actions.all")


class CasePlanOutSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    review_on = serializers.DateField(allow_null=True)
    goals = CaseGoalOutSerializer(many=True, source="goals.all")


class CaseStatusChangeSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    transition = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()
    actor = serializers.CharField(source="actor.username")


class CaseApprovalSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField()
    closure_reason = serializers.CharField()
    requested_by = serializers.CharField(source="requested_by.username")
    created_at = serializers.DateTimeField()


class CaseDetailSerializer(CaseListItemSerializer):
    caseworkers = CaseUserRefSerializer(many=True, source="caseworkers.all")
    reopened_count = serializers.IntegerField()
    plan = serializers.SerializerMethodField()
    status_history = serializers.SerializerMethodField()
    pending_approvals = serializers.SerializerMethodField()

    @extend_schema_field(CasePlanOutSerializer(allow_null=True))
    def get_plan(self, case):
        plan = case_current_plan(case=case)
        return CasePlanOutSerializer(plan).data if plan else None

    @extend_schema_field(CaseStatusChangeSerializer(many=True))
    def get_status_history(self, case):
        return CaseStatusChangeSerializer(case_status_history(case=case), many=True).data

    @extend_schema_field(CaseApprovalSerializer(many=True))
    def get_pending_approvals(self, case):
        found = [case_pending_approval(case=case, kind=k) for k in ("plan", "closure")]
        return CaseApprovalSerializer([a for a in found if a], many=True).data


class CaseNoteOutSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    kind = serializers.CharField()
    author = serializers.CharField(source="author.username")
    created_at = serializers.DateTimeField()
    text = serializers.CharField(source="readable_body", allow_null=True, help_text="null: not decryptable")


class CaseFollowUpOutSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=FollowUp.Kind.choices)
    title = serializers.CharField()
    due_at = serializers.DateTimeField()
    assigned_to = CaseUserRefSerializer()
    status = serializers.ChoiceField(choices=FollowUp.Status.choices)
    done_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()


class ServiceDeliveryOutSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    person = CasePersonRefSerializer()
    case = serializers.SerializerMethodField()
    service_type = serializers.ChoiceField(choices=ServiceType.choices)
    need = serializers.ChoiceField(choices=Need.choices)
    delivered_at = serializers.DateTimeField()
    delivered_by = CaseUserRefSerializer()
    modality = serializers.ChoiceField(choices=Modality.choices)
    site = CaseRefSerializer(allow_null=True)
    admin_unit = CaseRefSerializer(allow_null=True)
    duration_minutes = serializers.IntegerField(allow_null=True)

    def get_case(self, service) -> str | None:
        return service.case.reference if service.case_id else None


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
class CaseListApi(_Api):
    required_actions = {"GET": "cases.view", "POST": "cases.open"}

    class FilterSerializer(serializers.Serializer):
        case_type = serializers.ChoiceField(choices=CaseType.choices, required=False)
        status = serializers.ChoiceField(choices=[("active", "active"), *CaseStatus.choices], required=False)
        risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
        overdue = serializers.BooleanField(required=False, default=False)
        person = serializers.UUIDField(required=False)

    @extend_schema(
        parameters=[
            OpenApiParameter("case_type", str, enum=CaseType.values),
            OpenApiParameter("status", str, enum=["active", *CaseStatus.values]),
            OpenApiParameter("risk_level", str, enum=RiskLevel.values),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("person", str, description="A person's uuid"),
        ],
        responses={200: CaseListItemSerializer(many=True), 400: ERROR},
    )
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        person = person_get(actor=request.user, uuid=data["person"]) if data.get("person") else None
        filters = CaseFilters(
            case_type=data.get("case_type", ""),
            status=data.get("status", ""),
            risk_level=data.get("risk_level", ""),
            overdue=data.get("overdue", False),
            person=person,
        )
        return _paginated(self, case_list(actor=request.user, filters=filters), CaseListItemSerializer)

    @extend_schema(
        parameters=[IDEMPOTENCY],
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
            CaseDetailSerializer(case, context={"detail": True}).data, status=status.HTTP_201_CREATED
        )


class CaseUpdateSerializer(serializers.Serializer):
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    sensitive = serializers.BooleanField(required=False)
    owner = serializers.UUIDField(required=False)
    caseworkers = serializers.ListField(child=serializers.UUIDField(), required=False)


@extend_schema(tags=["cases"])
class CaseDetailApi(_Api):
    required_actions = {"GET": "cases.view", "PATCH": "cases.manage"}

    @extend_schema(responses={200: CaseDetailSerializer, 404: ERROR})
    def get(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid)
        return Response(CaseDetailSerializer(case, context={"detail": True}).data)

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
        return Response(CaseDetailSerializer(case, context={"detail": True}).data)


class _CaseActionApi(_Api):
    """POST one transition or action on a case; answers the case as it is afterwards."""

    required_actions = {"POST": "cases.manage"}
    case_action = "cases.manage"
    input_serializer = None

    def perform(self, request, case, data):
        raise NotImplementedError

    def post(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid, action=self.case_action, log_read=False)
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
        return Response(CaseDetailSerializer(case, context={"detail": True}).data)


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
            goal = case_goal_get(case=case, uuid=data["goal"])
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
class CaseNotesApi(_Api):
    required_actions = {"GET": "cases.view", "POST": "cases.manage"}

    @extend_schema(responses={200: CaseNoteOutSerializer(many=True), 403: ERROR, 404: ERROR})
    def get(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid)
        if not may_read_notes(request.user, case):
            raise PermissionDenied(
                _("Case notes are visible only to the caseworkers and the team leader of the case.")
            )
        return _paginated(self, case_notes(case=case), CaseNoteOutSerializer)

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
class CaseFollowUpListApi(_Api):
    required_actions = {"GET": "cases.view", "POST": "cases.manage"}

    @extend_schema(responses={200: CaseFollowUpOutSerializer(many=True), 404: ERROR})
    def get(self, request, uuid):
        case = case_get(actor=request.user, uuid=uuid)
        return _paginated(self, case_followups(case=case), CaseFollowUpOutSerializer)

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
class CaseFollowUpCompleteApi(_Api):
    required_actions = {"POST": "cases.manage"}

    @extend_schema(
        request=CaseFollowUpDoneSerializer, responses={200: CaseFollowUpOutSerializer, **WRITE_ERRORS}
    )
    def post(self, request, uuid, followup_uuid):
        case = case_get(actor=request.user, uuid=uuid, action="cases.manage", log_read=False)
        followup = case_followup_get(case=case, uuid=followup_uuid)
        body = CaseFollowUpDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        followup = services.followup_complete(
            actor=request.user, case=case, followup=followup, outcome=body.validated_data.get("outcome", "")
        )
        return Response(CaseFollowUpOutSerializer(followup).data)


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


@extend_schema(tags=["services"])
class ServiceListApi(_Api):
    required_actions = {"GET": "services.view", "POST": "services.record"}

    class FilterSerializer(serializers.Serializer):
        service_type = serializers.ChoiceField(choices=ServiceType.choices, required=False)
        modality = serializers.ChoiceField(choices=Modality.choices, required=False)
        since = serializers.DateField(required=False)
        until = serializers.DateField(required=False)

    @extend_schema(
        parameters=[
            OpenApiParameter("service_type", str, enum=ServiceType.values),
            OpenApiParameter("modality", str, enum=Modality.values),
            OpenApiParameter("since", str, description="YYYY-MM-DD"),
            OpenApiParameter("until", str, description="YYYY-MM-DD"),
        ],
        responses={200: ServiceDeliveryOutSerializer(many=True), 400: ERROR},
    )
    def get(self, request):
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = ServiceFilters(**params.validated_data)
        return _paginated(
            self, service_list(actor=request.user, filters=filters), ServiceDeliveryOutSerializer
        )

    @extend_schema(
        parameters=[IDEMPOTENCY],
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
                case = case_get(actor=request.user, uuid=data["case"], action="cases.manage", log_read=False)
            except Http404:
                raise serializers.ValidationError(
                    {"case": [_("No case you work on has this uuid.")]}
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
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return Response(
            ServiceDeliveryOutSerializer(service_get(actor=request.user, uuid=service.uuid)).data, status=201
        )


@extend_schema(tags=["services"])
class ServiceDetailApi(_Api):
    required_actions = {"GET": "services.view"}

    @extend_schema(responses={200: ServiceDeliveryOutSerializer, 404: ERROR})
    def get(self, request, uuid):
        return Response(ServiceDeliveryOutSerializer(service_get(actor=request.user, uuid=uuid)).data)
