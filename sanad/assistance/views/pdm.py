"""PDM pages: a drawn sample with its members, the short built-in questionnaire, the summary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sanad.assistance.forms import PdmResponseForm
from sanad.assistance.selectors import (
    cash_plan_get,
    distribution_get,
    pdm_member_get,
    pdm_members,
    pdm_sample_get,
)
from sanad.assistance.services.pdm import (
    pdm_answered_person_ids,
    pdm_instrument_available,
    pdm_response_record,
    pdm_summary,
    require_pdm_source,
)
from sanad.assistance.views.page_parts import attach_errors
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin


class _PdmView(ActionRequiredMixin, TemplateView):
    template_name = "assistance/pdm_sample.html"
    record_action = ""

    def source(self, action=None):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        source = kwargs.pop("source", None) or self.source()
        sample = self.sample(source)
        can_record = has_permission(self.request.user, self.record_action)
        member_uuid = self.request.GET.get("member") or kwargs.get("member_id")
        return {
            **super().get_context_data(**kwargs),
            "source": source,
            "sample": sample,
            "members": pdm_members(sample=sample),
            "summary": pdm_summary(sample),
            "answered_ids": pdm_answered_person_ids(sample),
            "survey": pdm_instrument_available() and has_permission(self.request.user, "assessments.record"),
            "can_record": can_record,
            "form": kwargs.get("form") or PdmResponseForm(),
            "open_member": str(member_uuid or ""),
        }

    def post(self, request, **kwargs):
        source = self.source()
        sample = self.sample(source)
        # The service's rule (403 when the actor only sees the source), before the form is read.
        require_pdm_source(actor=request.user, sample=sample)
        member = pdm_member_get(sample=sample, person_uuid=request.POST.get("member"))
        form = PdmResponseForm(request.POST)
        if form.is_valid():
            try:
                pdm_response_record(actor=request.user, member=member, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("PDM answers recorded."))
                return redirect(request.path)
        return self.render_to_response(
            self.get_context_data(source=source, form=form, member_id=member.person.uuid), status=400
        )

    def sample(self, source):
        raise NotImplementedError


class DistributionPdmView(_PdmView):
    required_action = "distributions.view"
    record_action = "distributions.record"

    def source(self, action=None):
        return distribution_get(
            actor=self.request.user, uuid=self.kwargs["uuid"], action=action or self.required_action
        )

    def sample(self, source):
        return pdm_sample_get(sample_uuid=self.kwargs["sample"], distribution=source)


class CashPlanPdmView(_PdmView):
    required_action = "cash.view"
    record_action = "cash.manage"

    def source(self, action=None):
        return cash_plan_get(
            actor=self.request.user, uuid=self.kwargs["uuid"], action=action or self.required_action
        )

    def sample(self, source):
        return pdm_sample_get(sample_uuid=self.kwargs["sample"], cash_plan=source)
