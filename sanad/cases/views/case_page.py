"""Helpers shared by the case pages: the case page's context and re-rendering it with a form's
errors (so nothing typed is lost)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from sanad.cases.access import may_read_notes
from sanad.cases.forms import (
    ActionForm,
    BidForm,
    CloseForm,
    ConsentForm,
    DecisionForm,
    FollowUpForm,
    GoalForm,
    NoteForm,
    PlanCreateForm,
    ReopenForm,
    TransferForm,
)
from sanad.cases.models import Case, CaseApproval, CaseType, RiskLevel
from sanad.cases.selectors import (
    assignable_users,
    case_assessments,
    case_bids,
    case_caseworker_ids,
    case_consents,
    case_current_plan,
    case_followups,
    case_notes,
    case_pending_approval,
    case_permits,
    case_plan_goals,
    case_services,
    case_setting_for,
    case_status_history,
    case_transfers,
    plan_goals,
    transfer_candidates,
)
from sanad.cases.workflow import CASE_WORKFLOW
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission


def attach_errors(form: forms.Form, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def detail_context(request, case: Case, **forms_given) -> dict:
    actor = request.user
    plan = case_current_plan(user=actor, case=case)
    can_manage = case_permits(actor=actor, case=case, action="cases.manage")
    can_approve = case_permits(actor=actor, case=case, action="cases.approve")
    users = assignable_users(actor=actor, case=case)
    goals = case_plan_goals(plan=plan)
    context = {
        "case": case,
        "person": case.person,
        "plan": plan,
        "followups": list(case_followups(user=actor, case=case)),
        "notes": list(case_notes(user=actor, case=case)) if may_read_notes(actor, case) else [],
        "can_read_notes": may_read_notes(actor, case),
        "services": list(case_services(user=actor, case=case)[:100]),
        "history": list(case_status_history(user=actor, case=case)),
        "assessments": case_assessments(actor=request.user, case=case),
        "consents": list(case_consents(user=actor, case=case)),
        "transfers": list(case_transfers(user=actor, case=case)),
        "bids": list(case_bids(user=actor, case=case)) if case.case_type == CaseType.CHILD_PROTECTION else [],
        "pending_plan": case_pending_approval(user=actor, case=case, kind=CaseApproval.Kind.PLAN),
        "pending_closure": case_pending_approval(user=actor, case=case, kind=CaseApproval.Kind.CLOSURE),
        "setting": case_setting_for(case=case),
        "can_manage": can_manage,
        "can_approve": can_approve,
        # The transitions the actor may make now: their buttons (cases/workflow.py).
        "transitions": CASE_WORKFLOW.allowed_names(case, actor),
        "can_record_service": has_permission(actor, "services.record") and can_manage,
        "can_record_assessment": (
            has_permission(actor, "assessments.record") and can_manage and case.is_active
        ),
        "is_child_protection": case.case_type == CaseType.CHILD_PROTECTION,
        "open_form": forms_given.pop("open_form", ""),
    }
    if can_manage:
        context.update(
            {
                "plan_form": PlanCreateForm(),
                "goal_form": GoalForm(),
                "action_form": ActionForm(
                    goals=plan_goals(user=actor, plan=plan),
                    users=users,
                    initial={
                        "responsible": actor.uuid,
                        "goal": goals[len(goals) - 1].uuid if goals else None,
                    },
                ),
                "followup_form": FollowUpForm(users=users, initial={"assigned_to": actor.uuid}),
                "note_form": NoteForm(),
                "close_form": CloseForm(),
                "reopen_form": ReopenForm(),
                "consent_form": ConsentForm(),
                "transfer_form": TransferForm(users=transfer_candidates(actor=actor, case=case)),
                "bid_form": BidForm(),
            }
        )
    if can_approve:
        context["decision_form"] = DecisionForm()
    context["goals"] = goals
    context.update(forms_given)
    rows = []
    if context["pending_plan"] is not None:
        rows.append(
            (context["pending_plan"], "plan", reverse("cases:plan_decide", kwargs={"uuid": case.uuid}))
        )
    if context["pending_closure"] is not None:
        rows.append(
            (
                context["pending_closure"],
                "closure",
                reverse("cases:closure_decide", kwargs={"uuid": case.uuid}),
            )
        )
    context.update(
        {
            "approval_rows": rows,
            # The form that was just submitted with errors: its message goes on top of the page.
            "submitted_form": next(iter(forms_given.values()), None),
            "now": timezone.now(),
            "risk_choices": RiskLevel.choices,
            "assignable": list(users) if can_manage else [],
            "caseworker_ids": case_caseworker_ids(case=case),
        }
    )
    return context


def render_detail(request, case: Case, status: int = 200, **forms_given):
    return render(
        request, "cases/case_detail.html", detail_context(request, case, **forms_given), status=status
    )
