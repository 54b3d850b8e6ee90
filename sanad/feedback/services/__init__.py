"""Every write to helpline tickets and their configuration."""

from sanad.feedback.services.configuration import (
    call_script_save,
    focal_point_add,
    focal_point_remove,
    sla_rule_delete,
    sla_rule_save,
)
from sanad.feedback.services.escalation import ticket_escalate_overdue
from sanad.feedback.services.tickets import ticket_log
from sanad.feedback.services.workflow import (
    ticket_assign,
    ticket_close,
    ticket_communicate_outcome,
    ticket_link,
    ticket_reopen,
    ticket_resolve,
    ticket_start,
    ticket_wait,
)

__all__ = [
    "call_script_save",
    "focal_point_add",
    "focal_point_remove",
    "sla_rule_delete",
    "sla_rule_save",
    "ticket_assign",
    "ticket_close",
    "ticket_communicate_outcome",
    "ticket_escalate_overdue",
    "ticket_link",
    "ticket_log",
    "ticket_reopen",
    "ticket_resolve",
    "ticket_start",
    "ticket_wait",
]
