"""Cash plan pages: list, create, detail with the payment list, building the list from criteria,
submission, the two approvals, FSP export, reconciliation import and follow-up of failures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from sanad.assistance.filters import CashPlanFilterSet
from sanad.assistance.forms import CashPlanForm, FspForm, ListCriteriaForm, ReasonForm, SampleForm, UploadForm
from sanad.assistance.models import CashPlan
from sanad.assistance.selectors import (
    cash_plan_bands,
    cash_plan_candidates,
    cash_plan_get,
    cash_plan_list,
    cash_plan_payment_count,
    fsp_list,
    payment_list,
    pdm_samples_of,
)
from sanad.assistance.services.cash import (
    cash_plan_approve,
    cash_plan_build_list,
    cash_plan_create,
    cash_plan_follow_up,
    cash_plan_reject,
    cash_plan_submit,
    cash_plan_totals,
    fsp_create,
    payment_remove,
)
from sanad.assistance.services.cash_files import cash_plan_export, cash_plan_reconcile
from sanad.assistance.services.cash_jobs import (
    IMPORT_JOB_BYTES,
    JOB_THRESHOLD,
    cash_plan_export_start,
    cash_plan_jobs,
    cash_plan_reconcile_start,
)
from sanad.assistance.views.distributions import _admin_units
from sanad.assistance.views.page_parts import attach_errors, error_message, require
from sanad.core.bidi import sentence
from sanad.core.errors import DomainError
from sanad.core.lists import page_of
from sanad.core.permissions import has_permission
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.core.selectors.organisation import unit_list
from sanad.core.views.base import ActionRequiredMixin
from sanad.geo.selectors import site_list

MAX_UPLOAD = 10 * 1024 * 1024


class CashPlanListView(ActionRequiredMixin, TemplateView):
    required_action = "cash.view"
    template_name = "assistance/cash_plan_list.html"

    def get_context_data(self, **kwargs):
        filterset = CashPlanFilterSet(self.request.GET or None, actor=self.request.user)
        try:
            plans = cash_plan_list(actor=self.request.user, data=self.request.GET)
        except ValidationError:
            plans = []  # the filter shows what is wrong
        return {
            **super().get_context_data(**kwargs),
            "form": filterset.form,
            "page_obj": page_of(self.request, plans),
            "can_manage": has_permission(self.request.user, "cash.manage"),
            # Those who manage cash also see providers no longer in use (to bring one back).
            "fsps": fsp_list(
                actor=self.request.user, active_only=not has_permission(self.request.user, "cash.manage")
            ),
            "fsp_form": kwargs.get("fsp_form") or FspForm(),
        }

    def post(self, request):
        require(request.user, "cash.manage")
        form = FspForm(request.POST)
        if form.is_valid():
            try:
                fsp = fsp_create(actor=request.user, agency=request.user.agency, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, sentence(_("%(fsp)s was added."), fsp=fsp.name))
                return redirect("assistance:cash_plan_list")
        return self.render_to_response(self.get_context_data(fsp_form=form), status=400)


def _plan_form(request, data=None):
    return CashPlanForm(
        data, fsps=fsp_list(actor=request.user), units=unit_list(actor=request.user, action="cash.manage")
    )


class CashPlanCreateView(ActionRequiredMixin, TemplateView):
    required_action = "cash.manage"
    template_name = "assistance/cash_plan_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", _plan_form(self.request))
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = _plan_form(request, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                plan = cash_plan_create(
                    actor=request.user, idempotency_key=data.pop("idempotency_key"), **data
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                return redirect("assistance:cash_plan_detail", uuid=plan.uuid)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CashPlanDetailView(ActionRequiredMixin, TemplateView):
    required_action = "cash.view"
    template_name = "assistance/cash_plan_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        plan = cash_plan_get(actor=user, uuid=self.kwargs["uuid"])
        approver_step = (
            plan.status == CashPlan.Status.PENDING_PROGRAMME
            and has_permission(user, "cash.approve_programme")
        ) or (plan.status == CashPlan.Status.PENDING_FINANCE and has_permission(user, "cash.approve_finance"))
        return {
            **super().get_context_data(**kwargs),
            "plan": plan,
            "bands": cash_plan_bands(plan=plan),
            "totals": cash_plan_totals(plan),
            "page_obj": page_of(self.request, payment_list(actor=user, plan=plan)),
            "can_manage": has_permission(user, "cash.manage"),
            "can_approve": approver_step
            and plan.created_by_id != user.pk
            and plan.programme_approved_by_id != user.pk,
            "criteria_form": ListCriteriaForm(
                admin_units=_admin_units(user), sites=site_list(actor=user), with_priority=False
            ),
            "reason_form": ReasonForm(),
            "upload_form": kwargs.get("upload_form") or UploadForm(),
            "report": kwargs.get("report"),
            "samples": pdm_samples_of(cash_plan=plan),
            "jobs": cash_plan_jobs(actor=user, plan=plan),
            "sample_form": SampleForm(),
        }


class _PlanAction(ActionRequiredMixin, View):
    required_action = "cash.manage"

    def post(self, request, uuid):
        plan = cash_plan_get(actor=request.user, uuid=uuid, action=self.scope_action())
        try:
            response = self.act(request, plan)
        except (ValidationError, DomainError) as exc:
            error_message(request, exc)
            response = None
        return response or redirect("assistance:cash_plan_detail", uuid=plan.uuid)

    def scope_action(self) -> str:
        return self.required_action


class CashPlanBuildView(_PlanAction):
    def act(self, request, plan):
        form = ListCriteriaForm(
            request.POST,
            admin_units=_admin_units(request.user),
            sites=site_list(actor=request.user),
            with_priority=False,
        )
        if not form.is_valid():
            raise ValidationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        people = cash_plan_candidates(
            actor=request.user,
            data={
                "population_group": data["population_group"],
                "admin_unit": data["admin_unit"],
                "site": data["site"],
            },
            household_size_min=data["household_size_min"],
            household_size_max=data["household_size_max"],
        )
        result = cash_plan_build_list(actor=request.user, plan=plan, people=people)
        messages.success(request, _("%(n)d payments added.") % {"n": result["added"]})
        for reference, reason in result["skipped"][:20]:
            messages.warning(request, f"{reference}: {reason}")


class CashPlanPaymentRemoveView(_PlanAction):
    """Take one person off a draft payment list (e.g. found ineligible at verification)."""

    def act(self, request, plan):
        payment = get_by_uuid_or_404(payment_list(actor=request.user, plan=plan), self.kwargs["payment"])
        payment_remove(actor=request.user, payment=payment)
        messages.success(
            request, _("%(ref)s was taken off the payment list.") % {"ref": payment.person.reference}
        )

    def post(self, request, uuid, payment):
        return super().post(request, uuid)


class CashPlanSubmitView(_PlanAction):
    def act(self, request, plan):
        cash_plan_submit(actor=request.user, plan=plan)
        messages.success(request, _("Sent for programme approval."))


class _ApproverAction(_PlanAction):
    required_action = "cash.view"

    def post(self, request, uuid):
        require(request.user, "cash.approve_programme", "cash.approve_finance")
        return super().post(request, uuid)


class CashPlanApproveView(_ApproverAction):
    def act(self, request, plan):
        plan = cash_plan_approve(actor=request.user, plan=plan)
        messages.success(request, _("Approved: %(status)s.") % {"status": plan.get_status_display()})


class CashPlanRejectView(_ApproverAction):
    def act(self, request, plan):
        cash_plan_reject(actor=request.user, plan=plan, reason=request.POST.get("reason", ""))
        messages.success(request, _("The plan went back to draft."))


class CashPlanExportView(_PlanAction):
    def act(self, request, plan):
        if cash_plan_payment_count(plan=plan) > JOB_THRESHOLD:
            cash_plan_export_start(actor=request.user, plan=plan)
            messages.info(
                request, _("The payment list is being prepared; download it below when it is ready.")
            )
            return None
        name, content = cash_plan_export(actor=request.user, plan=plan)
        content_type = (
            "text/csv; charset=utf-8"
            if name.endswith(".csv")
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class CashPlanReconcileView(_PlanAction):
    def post(self, request, uuid):
        plan = cash_plan_get(actor=request.user, uuid=uuid, action="cash.manage")
        form = UploadForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                form.add_error("file", _("The file is larger than 10 MB."))
            elif upload.size > IMPORT_JOB_BYTES:
                # A large file: checked and applied by a job; the plan page shows its progress.
                cash_plan_reconcile_start(
                    actor=request.user, plan=plan, filename=upload.name, content=upload.read()
                )
                messages.info(request, _("The file is being imported; its report appears below."))
                return redirect("assistance:cash_plan_detail", uuid=plan.uuid)
            else:
                try:
                    report = cash_plan_reconcile(
                        actor=request.user, plan=plan, filename=upload.name, content=upload.read()
                    )
                except (ValidationError, DomainError) as exc:
                    attach_errors(form, exc)
        if report is not None and report.ok:
            messages.success(
                request,
                _("Reconciliation imported: %(updated)d updated, %(unchanged)d unchanged.")
                % {"updated": report.updated, "unchanged": report.unchanged},
            )
            return redirect("assistance:cash_plan_detail", uuid=plan.uuid)
        view = CashPlanDetailView(request=request, kwargs={"uuid": uuid})
        return view.render_to_response(view.get_context_data(upload_form=form, report=report), status=400)


class CashPlanFollowUpView(_PlanAction):
    def act(self, request, plan):
        follow = cash_plan_follow_up(actor=request.user, plan=plan)
        messages.success(request, sentence(_("Follow-up plan %(ref)s created."), ref=follow.reference))
        return redirect("assistance:cash_plan_detail", uuid=follow.uuid)


class CashPlanSampleView(_PlanAction):
    def act(self, request, plan):
        from sanad.assistance.services.pdm import pdm_sample_draw

        form = SampleForm(request.POST)
        if not form.is_valid():
            raise ValidationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        sample = pdm_sample_draw(
            actor=request.user, cash_plan=plan, size=form.cleaned_data["size"], seed=form.cleaned_data["seed"]
        )
        return redirect("assistance:cash_plan_pdm", uuid=plan.uuid, sample=sample.uuid)
