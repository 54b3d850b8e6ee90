"""The case workflow, declared once: opened → assessment → case plan → services and follow-ups →
closure requested → closed; reopened. The services in ``cases/services`` make these transitions;
pages show the buttons ``CASE_WORKFLOW.allowed_names(case, user)`` lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanad.cases.models import ACTIVE_STATUSES, Case, CaseStatus, CaseStatusChange
from sanad.core.workflow import Transition, Workflow

S = CaseStatus

CASE_AUDITED = (
    "status",
    "case_type",
    "risk_level",
    "sensitive",
    "opened_from",
    "unit",
    "team",
    "owner",
    "agency",
    "closure_reason",
    "closed_at",
    "reopened_count",
)


def _case_in_scope(actor, case: Case, action: str) -> bool:
    """The actor may ``action`` this very case: scope, narrowed for sensitive cases."""
    from sanad.cases.access import visible_cases

    return visible_cases(Case.objects.filter(pk=case.pk), actor=actor, action=action).exists()


def _status_change(case: Case, *, transition, actor, from_state, to_state, reason, at) -> CaseStatusChange:
    return CaseStatusChange.objects.create(
        case=case,
        at=at,
        actor=actor,
        transition=transition,
        from_status=from_state,
        to_status=to_state,
        reason=(reason or "")[:300],
    )


CASE_WORKFLOW = Workflow(
    model=Case,
    audit_prefix="cases.case",
    audited_fields=CASE_AUDITED,
    history=_status_change,
    in_scope=_case_in_scope,
    refused=_("A case that is “%(status)s” cannot go through “%(transition)s”."),
    refused_code="illegal_transition",
    forbidden=_("You may not do this on this case."),
    transitions=[
        Transition("open", _("open"), sources=(), target=S.OPENED, action="cases.open"),
        Transition(
            "start_assessment",
            _("start the assessment"),
            sources={S.OPENED, S.REOPENED},
            target=S.ASSESSMENT,
            action="cases.manage",
        ),
        # Made by the case plan's services (a plan started, submitted or approved).
        Transition(
            "start_planning",
            _("start the case plan"),
            sources={S.OPENED, S.ASSESSMENT, S.REOPENED, S.IMPLEMENTATION, S.PLANNING},
            target=S.PLANNING,
            action="cases.manage",
        ),
        Transition(
            "start_implementation",
            _("start services and follow-ups"),
            sources={S.PLANNING},
            target=S.IMPLEMENTATION,
            action="cases.manage",
        ),
        Transition(
            "request_closure",
            _("request closure"),
            sources=ACTIVE_STATUSES - {S.CLOSURE_REQUESTED},
            target=S.CLOSURE_REQUESTED,
            action="cases.manage",
        ),
        Transition(
            "close",
            _("close"),
            sources=ACTIVE_STATUSES - {S.CLOSURE_REQUESTED},
            target=S.CLOSED,
            action="cases.manage",
        ),
        # An approver decides a requested closure; the history says "close" as for a direct one.
        Transition(
            "approve_closure",
            _("close"),
            sources={S.CLOSURE_REQUESTED},
            target=S.CLOSED,
            action="cases.approve",
            history_name="close",
        ),
        # Back to the status the closure was requested from (the caller reads it in the history).
        Transition(
            "reject_closure",
            _("reject the closure"),
            sources={S.CLOSURE_REQUESTED},
            target=None,
            action="cases.approve",
        ),
        Transition(
            "reopen",
            _("reopen"),
            sources={S.CLOSED},
            target=S.REOPENED,
            action="cases.manage",
            reason_required=_("Say why the case is reopened."),
        ),
    ],
)
