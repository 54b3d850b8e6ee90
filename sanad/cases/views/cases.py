"""Case pages: the list, opening a case, the case page and every action on it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from sanad.assessments.selectors import assessment_get
from sanad.cases import services
from sanad.cases.filters import CaseFilterSet
from sanad.cases.forms import (
    ActionForm,
    BidForm,
    CaseOpenForm,
    CaseUpdateForm,
    CloseForm,
    ConsentForm,
    DecisionForm,
    FollowUpDoneForm,
    FollowUpForm,
    GoalForm,
    NoteForm,
    PlanCreateForm,
    ReopenForm,
    TransferForm,
)
from sanad.cases.models import CaseApproval, CaseType, OpenedFrom, RiskLevel
from sanad.cases.selectors import (
    assignable_users,
    case_action_get,
    case_approval_approvers,
    case_consent_get,
    case_current_plan,
    case_followup_get,
    case_get,
    case_goal_get,
    case_list,
    case_pending_approval,
    case_permits,
    plan_goals,
    teams_for_cases,
    transfer_candidates,
)
from sanad.cases.views.case_page import attach_errors, render_detail
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry.selectors import person_get


class CaseListView(ScopedListView):
    required_action = "cases.view"
    filterset_class = CaseFilterSet
    template_name = "cases/case_list.html"

    def get_items(self, data):
        # With no filter chosen yet, the page opens on the active cases.
        return case_list(actor=self.request.user, data=data or {"status": "active"})

    def get_context_data(self, **context):
        user = self.request.user
        return {
            **context,
            "can_supervise": has_permission(user, "cases.supervise"),
            "can_configure": has_permission(user, "cases.configure"),
            "can_name_focal_points": has_permission(user, "cases.focal_points"),
        }


def _assessment(actor, value):
    if not value:
        return None
    return assessment_get(actor=actor, uuid=value, log_read=False)


# What an assessment suggests, strongest first, mapped to the case type to propose: the
# caseworker can still choose another.
_SUGGESTED_TYPES = (
    ("flag", "uasc", CaseType.CHILD_PROTECTION),
    ("flag", "child_at_risk", CaseType.CHILD_PROTECTION),
    ("need", "protection_child", CaseType.CHILD_PROTECTION),
    ("flag", "vot", CaseType.VOT),
    ("need", "protection_trafficking", CaseType.VOT),
    ("flag", "gbv_survivor", CaseType.GBV),
    ("need", "protection_gbv", CaseType.GBV),
    ("domain", "child_protection", CaseType.CHILD_PROTECTION),
    ("domain", "mhpss", CaseType.MHPSS),
    ("flag", "mental_health", CaseType.MHPSS),
    ("need", "mhpss", CaseType.MHPSS),
    ("need", "health_psychiatric", CaseType.MHPSS),
    ("domain", "protection", CaseType.PROTECTION),
    ("need", "protection_general", CaseType.PROTECTION),
    ("need", "protection_legal", CaseType.PROTECTION),
    ("flag", "survivor_of_violence", CaseType.PROTECTION),
    ("flag", "serious_medical", CaseType.MEDICAL),
    ("need", "health_specialised", CaseType.MEDICAL),
    ("need", "health_primary", CaseType.MEDICAL),
)


def suggested_case_type(assessment) -> str:
    """The case type an assessment points to (its flags, its instrument's domain, the referrals it
    suggests), or "" when it points to none."""
    found = {
        "flag": set(getattr(assessment, "flags", None) or []),
        "need": set(getattr(assessment, "suggested_referrals", None) or []),
        "domain": {getattr(assessment.instrument, "domain", "")},
    }
    for source, code, case_type in _SUGGESTED_TYPES:
        if code in found[source]:
            return case_type
    return ""


def _source_problem(request, person, assessment) -> str:
    """The service's objection to opening a case for ``person`` from ``assessment``."""
    try:
        services.case_source_check(actor=request.user, person=person, assessment=assessment)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


class CaseOpenView(ActionRequiredMixin, View):
    """Open a case for a person (``?person=<uuid>``), optionally from an assessment
    (``&assessment=<uuid>``) and with a type chosen in advance (``&case_type=``)."""

    required_action = "cases.open"

    def _form(self, request, data=None, initial=None):
        return CaseOpenForm(
            data,
            initial=initial,
            teams=teams_for_cases(actor=request.user),
            owners=assignable_users(actor=request.user),
        )

    def get(self, request):
        person_uuid = request.GET.get("person")
        if not person_uuid:
            messages.info(request, _("Find the person first, then open a case from their page."))
            return redirect("registry:person_list")
        person = person_get(actor=request.user, uuid=person_uuid)
        assessment = _assessment(request.user, request.GET.get("assessment"))
        problem = _source_problem(request, person, assessment)
        if problem:
            # Another person's screening: the service's objection, shown before the form is filled.
            messages.error(request, problem)
            return self._render(
                request, self._form(request, initial={"person": person.uuid}), person, None, 400
            )
        initial = {"person": person.uuid, "opened_from": OpenedFrom.REGISTRATION}
        if request.GET.get("case_type") in CaseType.values:
            initial["case_type"] = request.GET["case_type"]
        if assessment is not None:
            initial["assessment"] = assessment.uuid
            initial["opened_from"] = OpenedFrom.SCREENING
            if "case_type" not in initial and suggested_case_type(assessment):
                initial["case_type"] = suggested_case_type(assessment)
            if getattr(assessment, "priority", "") in RiskLevel.values:
                initial["risk_level"] = assessment.priority
        return self._render(request, self._form(request, initial=initial), person, assessment)

    def post(self, request):
        form = self._form(request, request.POST)
        person_uuid = request.POST.get("person")
        person = person_get(actor=request.user, uuid=person_uuid)
        assessment = None
        if form.is_valid():
            data = form.cleaned_data
            assessment = _assessment(request.user, data.get("assessment"))
            try:
                case = services.case_open(
                    actor=request.user,
                    person=person,
                    case_type=data["case_type"],
                    team=data["team"],
                    owner=data["owner"],
                    risk_level=data["risk_level"],
                    opened_from=data["opened_from"],
                    reason=data["reason"],
                    sensitive=data["sensitive"],
                    source_assessment=assessment,
                    idempotency_key=data["idempotency_key"],
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
                return redirect("cases:detail", uuid=case.uuid)
        return self._render(request, form, person, assessment, status=400)

    def _render(self, request, form, person, assessment, status=200):
        return render(
            request,
            "cases/case_open.html",
            {"form": form, "person": person, "assessment": assessment},
            status=status,
        )


class CaseDetailView(ActionRequiredMixin, View):
    required_action = "cases.view"

    def get(self, request, uuid):
        return render_detail(request, case_get(actor=request.user, uuid=uuid))


class CaseActionView(ActionRequiredMixin, View):
    """A POST on the case page: parse a form, call one service, go back to the case page (or
    show it again with the form's errors and everything typed)."""

    required_action = "cases.manage"
    form_class = None
    form_key = ""
    success_message = ""

    def make_form(self, request, case, data=None):
        return self.form_class(data)

    def perform(self, request, case, form):
        raise NotImplementedError

    def success_url(self, request, case) -> str:
        return reverse("cases:detail", kwargs={"uuid": case.uuid}) + f"#{self.form_key}"

    def post(self, request, uuid, **kwargs):
        case = case_get(actor=request.user, uuid=uuid, action=self.required_action, log_read=False)
        self.kwargs = kwargs
        form = self.make_form(request, case, request.POST)
        if form.is_valid():
            try:
                self.perform(request, case, form)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.success_url(request, case))
        case = case_get(actor=request.user, uuid=uuid, log_read=False)
        return render_detail(
            request, case, status=400, open_form=self.form_key, **{f"{self.form_key}_form": form}
        )


class _EmptyForm(forms.Form):
    """Actions that take no input (the button is the input)."""


def _names(approval) -> str:
    # Each name isolated (FSI … PDI): a Latin name with brackets stays whole in an Arabic sentence.
    separator = "، " if (get_language() or "").startswith("ar") else ", "
    return separator.join(
        f"\u2068{u.get_full_name() or u.username}\u2069" for u in case_approval_approvers(approval=approval)
    )


class _DecisionView(CaseActionView):
    """An approver's decision. An approver the request was routed to sees the case only while it
    waits, so after deciding they go back to My work."""

    required_action = "cases.approve"
    form_class = DecisionForm

    def success_url(self, request, case) -> str:
        if case_permits(actor=request.user, case=case, action="cases.view"):
            return super().success_url(request, case)
        return reverse("core:my_work")


class CaseUpdateView(CaseActionView):
    form_key = "update"

    def make_form(self, request, case, data=None):
        return CaseUpdateForm(data, owners=assignable_users(actor=request.user, case=case))

    def perform(self, request, case, form):
        data = form.cleaned_data
        services.case_update(
            actor=request.user,
            case=case,
            risk_level=data["risk_level"],
            sensitive=data["sensitive"],
            owner=data["owner"],
            caseworkers=list(data["caseworkers"]),
        )
        messages.success(request, _("The case was saved."))


class CaseStartAssessmentView(CaseActionView):
    form_class = _EmptyForm
    form_key = "status"

    def perform(self, request, case, form):
        services.case_start_assessment(actor=request.user, case=case)


class PlanCreateView(CaseActionView):
    form_class = PlanCreateForm
    form_key = "plan"

    def perform(self, request, case, form):
        services.plan_create(actor=request.user, case=case, review_on=form.cleaned_data["review_on"])


class GoalAddView(CaseActionView):
    form_class = GoalForm
    form_key = "goal"

    def perform(self, request, case, form):
        services.goal_add(actor=request.user, case=case, **form.cleaned_data)


class ActionAddView(CaseActionView):
    form_key = "action"

    def make_form(self, request, case, data=None):
        return ActionForm(
            data,
            goals=plan_goals(user=request.user, plan=case_current_plan(user=request.user, case=case)),
            users=assignable_users(actor=request.user, case=case),
        )

    def perform(self, request, case, form):
        services.action_add(actor=request.user, case=case, **form.cleaned_data)


class ActionCompleteView(CaseActionView):
    form_class = _EmptyForm
    form_key = "plan"

    def perform(self, request, case, form):
        action = case_action_get(user=request.user, case=case, uuid=self.kwargs["action_uuid"])
        services.action_complete(actor=request.user, case=case, action=action)


class ActionRemoveView(CaseActionView):
    form_class = _EmptyForm
    form_key = "plan"

    def perform(self, request, case, form):
        action = case_action_get(user=request.user, case=case, uuid=self.kwargs["action_uuid"])
        services.action_remove(actor=request.user, case=case, action=action)


class GoalRemoveView(CaseActionView):
    form_class = _EmptyForm
    form_key = "plan"

    def perform(self, request, case, form):
        goal = case_goal_get(user=request.user, case=case, uuid=self.kwargs["goal_uuid"])
        services.goal_remove(actor=request.user, case=case, goal=goal)


class GoalAchieveView(CaseActionView):
    form_class = _EmptyForm
    form_key = "plan"

    def perform(self, request, case, form):
        goal = case_goal_get(user=request.user, case=case, uuid=self.kwargs["goal_uuid"])
        services.goal_achieve(actor=request.user, case=case, goal=goal)


class PlanSubmitView(CaseActionView):
    form_class = _EmptyForm
    form_key = "plan"

    def perform(self, request, case, form):
        plan = services.plan_submit(actor=request.user, case=case)
        if plan.status == plan.Status.PENDING:
            approval = case_pending_approval(user=request.user, case=case, kind=CaseApproval.Kind.PLAN)
            messages.success(
                request,
                _("The case plan was sent for approval to %(names)s.") % {"names": _names(approval)},
            )
        else:
            messages.success(request, _("The case plan is in force."))


class PlanDecideView(_DecisionView):
    form_key = "plan_decision"

    def perform(self, request, case, form):
        services.plan_decide(
            actor=request.user,
            case=case,
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )


class FollowUpCreateView(CaseActionView):
    form_key = "followup"

    def make_form(self, request, case, data=None):
        return FollowUpForm(data, users=assignable_users(actor=request.user, case=case))

    def perform(self, request, case, form):
        data = form.cleaned_data
        services.followup_create(
            actor=request.user,
            case=case,
            kind=data["kind"],
            title=data["title"],
            due_at=data["due_at"],
            assigned_to=data["assigned_to"],
        )


class FollowUpCompleteView(CaseActionView):
    form_class = FollowUpDoneForm
    form_key = "followups"

    def perform(self, request, case, form):
        followup = case_followup_get(user=request.user, case=case, uuid=self.kwargs["followup_uuid"])
        services.followup_complete(
            actor=request.user, case=case, followup=followup, outcome=form.cleaned_data["outcome"]
        )


class FollowUpCancelView(CaseActionView):
    form_class = _EmptyForm
    form_key = "followups"

    def perform(self, request, case, form):
        followup = case_followup_get(user=request.user, case=case, uuid=self.kwargs["followup_uuid"])
        services.followup_cancel(actor=request.user, case=case, followup=followup)


class NoteAddView(CaseActionView):
    form_class = NoteForm
    form_key = "note"

    def perform(self, request, case, form):
        services.note_add(actor=request.user, case=case, text=form.cleaned_data["text"])


class CaseCloseView(CaseActionView):
    form_class = CloseForm
    form_key = "close"

    def perform(self, request, case, form):
        case = services.case_close_request(actor=request.user, case=case, **form.cleaned_data)
        if case.status == "closure_requested":
            approval = case_pending_approval(user=request.user, case=case, kind=CaseApproval.Kind.CLOSURE)
            messages.success(
                request, _("Closure requested: %(names)s must approve it.") % {"names": _names(approval)}
            )
        else:
            messages.success(request, _("The case is closed."))


class ClosureDecideView(_DecisionView):
    form_key = "closure_decision"

    def perform(self, request, case, form):
        approve = form.cleaned_data["decision"] == "approve"
        services.case_closure_decide(
            actor=request.user, case=case, approve=approve, comment=form.cleaned_data["comment"]
        )
        messages.success(request, _("The case is closed.") if approve else _("The closure was rejected."))


class CaseReopenView(CaseActionView):
    form_class = ReopenForm
    form_key = "reopen"
    success_message = ""

    def perform(self, request, case, form):
        services.case_reopen(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        messages.success(request, _("The case was reopened."))


class ConsentRecordView(CaseActionView):
    form_class = ConsentForm
    form_key = "consent"

    def perform(self, request, case, form):
        services.case_consent_record(actor=request.user, case=case, **form.cleaned_data)


class ConsentWithdrawView(CaseActionView):
    form_class = _EmptyForm
    form_key = "consent_withdraw"

    def perform(self, request, case, form):
        consent = case_consent_get(user=request.user, case=case, uuid=self.kwargs["consent_uuid"])
        services.case_consent_withdraw(actor=request.user, case=case, consent=consent)


class CaseTransferView(CaseActionView):
    form_key = "transfer"

    def make_form(self, request, case, data=None):
        return TransferForm(data, users=transfer_candidates(actor=request.user, case=case))

    def perform(self, request, case, form):
        services.case_transfer(actor=request.user, case=case, to_owner=form.cleaned_data["to_owner"])
        messages.success(request, _("The case was transferred."))

    def post(self, request, uuid, **kwargs):
        response = super().post(request, uuid, **kwargs)
        # After a transfer the actor may no longer see the case: go to the list instead of a 404.
        if response.status_code == 302 and not has_permission(request.user, "cases.view"):
            return redirect("cases:list")
        if response.status_code == 302:
            try:
                case_get(actor=request.user, uuid=uuid, log_read=False)
            except Http404:
                return redirect("cases:list")
        return response


class BidRecordView(CaseActionView):
    form_class = BidForm
    form_key = "bid"

    def perform(self, request, case, form):
        data = form.cleaned_data
        services.bid_record(
            actor=request.user,
            case=case,
            panel_date=data["panel_date"],
            panel_members=form.members(),
            recommendation=data["recommendation"],
            decision=data["decision"],
        )
