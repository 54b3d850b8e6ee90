"""Writes of case management. Every service checks the actor's right on the very case, refuses
illegal transitions with a clear message, writes the status history and records an audit event."""

from sanad.cases.services.cases import (
    case_close_request,
    case_closure_decide,
    case_consent_record,
    case_consent_withdraw,
    case_open,
    case_reopen,
    case_source_check,
    case_start_assessment,
    case_transfer,
    case_update,
)
from sanad.cases.services.config import case_setting_save, focal_point_assign, focal_point_remove
from sanad.cases.services.delivery import service_record
from sanad.cases.services.followups import (
    followup_cancel,
    followup_complete,
    followup_create,
    followups_mark_overdue,
    high_risk_escalate,
)
from sanad.cases.services.notes import bid_record, encrypted_tokens_rotate, note_add
from sanad.cases.services.plans import (
    action_add,
    action_complete,
    action_remove,
    goal_achieve,
    goal_add,
    goal_remove,
    plan_create,
    plan_decide,
    plan_submit,
)

__all__ = [
    "action_add",
    "action_complete",
    "action_remove",
    "bid_record",
    "case_close_request",
    "case_closure_decide",
    "case_consent_record",
    "case_consent_withdraw",
    "case_open",
    "case_reopen",
    "case_setting_save",
    "case_source_check",
    "case_start_assessment",
    "case_transfer",
    "case_update",
    "encrypted_tokens_rotate",
    "focal_point_assign",
    "focal_point_remove",
    "followup_cancel",
    "followup_complete",
    "followup_create",
    "followups_mark_overdue",
    "goal_achieve",
    "goal_add",
    "goal_remove",
    "high_risk_escalate",
    "note_add",
    "plan_create",
    "plan_decide",
    "plan_submit",
    "service_record",
]
