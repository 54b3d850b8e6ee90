"""Case plans: goals, actions with a responsible user and a due date, submission and approval."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.cases.models import Case, CaseAction, CaseApproval, CaseGoal, CasePlan, CaseStatus
from sanad.cases.selectors import case_setting_for
from sanad.cases.services.approvals import approval_request
from sanad.cases.services.cases import check_worker
from sanad.cases.services.transitions import require_active, require_case
from sanad.cases.workflow import CASE_WORKFLOW
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError, Forbidden
from sanad.core.needs import Need


def _editable_plan(case: Case) -> CasePlan:
    plan = case.plans.order_by("-version").first()
    if plan is None or not plan.is_editable:
        raise DomainError(_("Start a new version of the case plan first."), code="plan_not_editable")
    return plan


@transaction.atomic
def plan_create(*, actor, case: Case, review_on: datetime.date | None = None) -> CasePlan:
    """Start the case plan (or its next version, keeping the goals of the last one)."""
    require_case(actor, case, "cases.manage")
    require_active(case)
    current = case.plans.order_by("-version").first()
    if current is not None and current.is_editable:
        raise DomainError(_("The case plan already has a draft: work on it."), code="plan_draft_exists")
    if current is not None and current.status == CasePlan.Status.PENDING:
        raise DomainError(_("The case plan is waiting for approval."), code="plan_pending")
    if case.status == CaseStatus.CLOSURE_REQUESTED:
        raise DomainError(_("The closure of this case is waiting for approval."), code="closure_pending")
    version = (case.plans.aggregate(v=Max("version"))["v"] or 0) + 1
    plan = CasePlan.objects.create(case=case, version=version, created_by=actor, review_on=review_on)
    if current is not None:
        for goal in current.goals.prefetch_related("actions"):
            copy = CaseGoal.objects.create(
                plan=plan,
                description=goal.description,
                need=goal.need,
                achieved=goal.achieved,
                position=goal.position,
            )
            CaseAction.objects.bulk_create(
                [
                    CaseAction(
                        goal=copy,
                        description=a.description,
                        responsible_id=a.responsible_id,
                        due_on=a.due_on,
                        status=a.status,
                        done_at=a.done_at,
                    )
                    for a in goal.actions.all()
                ]
            )
    if case.status != CaseStatus.PLANNING:
        CASE_WORKFLOW.move(case, "start_planning", actor=actor, reason=f"plan:{version}")
        case.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="cases.plan.create", obj=case, changes={"plan_version": [None, version]})
    return plan


@transaction.atomic
def goal_add(*, actor, case: Case, description: str, need: str = "") -> CaseGoal:
    require_case(actor, case, "cases.manage")
    require_active(case)
    plan = _editable_plan(case)
    description = (description or "").strip()
    errors = {}
    if not description:
        errors["description"] = [_("Describe the goal.")]
    elif len(description) > 300:
        errors["description"] = [_("At most 300 characters.")]
    if need and need not in Need.values:
        errors["need"] = [_("Choose a need from the list.")]
    if errors:
        raise ValidationError(errors)
    position = (plan.goals.aggregate(p=Max("position"))["p"] or 0) + 1
    goal = CaseGoal.objects.create(plan=plan, description=description, need=need, position=position)
    audit_record(actor=actor, action="cases.plan.add_goal", obj=case, changes={"goal": [None, description]})
    return goal


@transaction.atomic
def action_add(*, actor, case: Case, goal: CaseGoal, description: str, responsible, due_on) -> CaseAction:
    require_case(actor, case, "cases.manage")
    require_active(case)
    plan = _editable_plan(case)
    if goal.plan_id != plan.pk:
        raise ValidationError({"goal": [_("Choose a goal of the current case plan.")]})
    description = (description or "").strip()
    errors = {}
    if not description:
        errors["description"] = [_("Describe the action.")]
    elif len(description) > 300:
        errors["description"] = [_("At most 300 characters.")]
    if due_on is None:
        errors["due_on"] = [_("Give a due date.")]
    if responsible is None:
        errors["responsible"] = [_("Choose who is responsible.")]
    if errors:
        raise ValidationError(errors)
    check_worker(responsible, agency_id=case.agency_id, field="responsible")
    action = CaseAction.objects.create(
        goal=goal, description=description, responsible=responsible, due_on=due_on
    )
    audit_record(
        actor=actor,
        action="cases.plan.add_action",
        obj=case,
        changes={
            "action": [
                None,
                {"description": description, "responsible": responsible.username, "due_on": str(due_on)},
            ]
        },
    )
    return action


@transaction.atomic
def action_complete(*, actor, case: Case, action: CaseAction) -> CaseAction:
    require_case(actor, case, "cases.manage")
    require_active(case)
    if action.goal.plan.case_id != case.pk:
        raise DomainError(_("This action is not on this case."))
    if action.status != CaseAction.Status.OPEN:
        raise DomainError(_("This action is already done or cancelled."))
    action.status = CaseAction.Status.DONE
    action.done_at = timezone.now()
    action.save(update_fields=["status", "done_at"])
    audit_record(
        actor=actor,
        action="cases.plan.complete_action",
        obj=case,
        changes={"action_done": [None, action.description]},
    )
    return action


@transaction.atomic
def plan_submit(*, actor, case: Case) -> CasePlan:
    """Submit the draft plan: approved at once, or sent to its named approvers when the unit
    requires it."""
    require_case(actor, case, "cases.manage")
    require_active(case)
    plan = _editable_plan(case)
    if not plan.goals.exists():
        raise ValidationError({"goals": [_("Add at least one goal to the case plan.")]})
    if case_setting_for(case=case).plan_approval_required:
        plan.status = CasePlan.Status.PENDING
        plan.save(update_fields=["status", "updated_at"])
        approval = approval_request(actor=actor, case=case, kind=CaseApproval.Kind.PLAN, plan=plan)
        approvers = sorted(approval.approvers.values_list("username", flat=True))
        audit_record(
            actor=actor,
            action="cases.plan.submit",
            obj=case,
            changes={"plan_status": ["draft", "pending"], "approvers": [None, approvers]},
        )
        return plan
    plan.status = CasePlan.Status.APPROVED
    plan.save(update_fields=["status", "updated_at"])
    if case.status == CaseStatus.PLANNING:
        CASE_WORKFLOW.move(case, "start_implementation", actor=actor, reason=f"plan:{plan.version}")
        case.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="cases.plan.submit", obj=case, changes={"plan_status": ["draft", "approved"]}
    )
    return plan


@transaction.atomic
def plan_decide(*, actor, case: Case, approve: bool, comment: str = "") -> CasePlan:
    require_case(actor, case, "cases.approve")
    approval = (
        CaseApproval.objects.select_for_update(of=("self",))
        .filter(case=case, kind=CaseApproval.Kind.PLAN, status=CaseApproval.Status.PENDING)
        .select_related("plan")
        .first()
    )
    if approval is None:
        raise DomainError(_("No case plan of this case is waiting for approval."), code="nothing_to_approve")
    if approval.requested_by_id == actor.pk:
        raise Forbidden(_("Somebody else must approve your own request."), code="four_eyes")
    if not approve and not comment.strip():
        raise ValidationError({"comment": [_("Say what must change in the plan.")]})
    plan = approval.plan
    approval.status = CaseApproval.Status.APPROVED if approve else CaseApproval.Status.REJECTED
    approval.decided_by = actor
    approval.decided_at = timezone.now()
    approval.comment = comment.strip()[:300]
    approval.save()
    plan.status = CasePlan.Status.APPROVED if approve else CasePlan.Status.RETURNED
    plan.save(update_fields=["status", "updated_at"])
    if approve and case.status == CaseStatus.PLANNING:
        CASE_WORKFLOW.move(case, "start_implementation", actor=actor, reason="plan:approved")
        case.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="cases.plan.approve" if approve else "cases.plan.return",
        obj=case,
        changes={"plan_status": ["pending", plan.status], "approval_comment": [None, approval.comment]},
    )
    return plan


def _current_plan_item(case: Case, plan: CasePlan) -> None:
    latest = case.plans.order_by("-version").first()
    if latest is None or plan.pk != latest.pk:
        raise DomainError(_("This belongs to an earlier version of the case plan."), code="plan_superseded")


@transaction.atomic
def goal_remove(*, actor, case: Case, goal: CaseGoal) -> None:
    """Take a goal (and its actions) out of a draft plan — a slip while writing it. A plan in
    force is changed by revising it (a new version), so its history stays readable."""
    require_case(actor, case, "cases.manage")
    require_active(case)
    plan = _editable_plan(case)
    if goal.plan_id != plan.pk:
        raise DomainError(_("Only goals of the draft case plan can be removed."), code="plan_not_editable")
    description = goal.description
    actions = list(goal.actions.values_list("description", flat=True))
    goal.delete()
    audit_record(
        actor=actor,
        action="cases.plan.remove_goal",
        obj=case,
        changes={"goal": [description, None], "actions": [actions, None]},
    )


@transaction.atomic
def action_remove(*, actor, case: Case, action: CaseAction) -> None:
    """Take an action out of a draft plan."""
    require_case(actor, case, "cases.manage")
    require_active(case)
    plan = _editable_plan(case)
    if action.goal.plan_id != plan.pk:
        raise DomainError(_("Only actions of the draft case plan can be removed."), code="plan_not_editable")
    description = action.description
    action.delete()
    audit_record(
        actor=actor, action="cases.plan.remove_action", obj=case, changes={"action": [description, None]}
    )


@transaction.atomic
def goal_achieve(*, actor, case: Case, goal: CaseGoal) -> CaseGoal:
    """Mark a goal of the current plan achieved (the plan's next version keeps it so)."""
    require_case(actor, case, "cases.manage")
    require_active(case)
    _current_plan_item(case, goal.plan)
    if goal.achieved:
        raise DomainError(_("This goal is already marked achieved."), code="goal_achieved")
    goal.achieved = True
    goal.save(update_fields=["achieved"])
    audit_record(
        actor=actor,
        action="cases.plan.achieve_goal",
        obj=case,
        changes={"goal_achieved": [None, goal.description]},
    )
    return goal
