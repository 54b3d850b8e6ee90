"""Shared pieces of the case management API: the error shape, helpers, output serializers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sanad.cases.models import (
    CaseStatus,
    CaseType,
    FollowUp,
    Modality,
    OpenedFrom,
    RiskLevel,
    ServiceType,
)
from sanad.cases.selectors import (
    active_team_by_uuid,
    active_user_by_uuid,
    case_current_plan,
    case_pending_approval,
    case_status_history,
)
from sanad.core.api_base import ERROR_RESPONSE
from sanad.core.needs import Need

WRITE_ERRORS = {400: ERROR_RESPONSE, 403: ERROR_RESPONSE, 404: ERROR_RESPONSE, 409: ERROR_RESPONSE}


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
    reason = serializers.CharField(
        help_text="A code when Sanad wrote it (opened from, closure reason, plan:<version>), else words."
    )
    reason_display = serializers.CharField(help_text="The reason in the requested language.")
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

    @property
    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None) or self.context.get("user")

    @extend_schema_field(CasePlanOutSerializer(allow_null=True))
    def get_plan(self, case):
        plan = case_current_plan(user=self._user, case=case)
        return CasePlanOutSerializer(plan).data if plan else None

    @extend_schema_field(CaseStatusChangeSerializer(many=True))
    def get_status_history(self, case):
        return CaseStatusChangeSerializer(case_status_history(user=self._user, case=case), many=True).data

    @extend_schema_field(CaseApprovalSerializer(many=True))
    def get_pending_approvals(self, case):
        found = [case_pending_approval(user=self._user, case=case, kind=k) for k in ("plan", "closure")]
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
    sensitive = serializers.BooleanField()

    def get_case(self, service) -> str | None:
        return service.case.reference if service.case_id else None
