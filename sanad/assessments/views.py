"""Assessment pages: the list, instruments and their versions, the web form, the result page, alerts."""

from __future__ import annotations

import uuid as uuid_module

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from sanad.assessments import flag_services, selectors, services
from sanad.assessments.evaluation import evaluate
from sanad.assessments.filters import AssessmentFilterSet
from sanad.assessments.forms import (
    AlertAcknowledgeForm,
    FlagDecisionForm,
    InstrumentUploadForm,
)
from sanad.assessments.prefill import prefilled_answers
from sanad.assessments.presentation import answer_rows, result_context
from sanad.assessments.webform import answers_from_post, build_items, with_repeat_change
from sanad.assessments.xlsform import InstrumentDefinition
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry.selectors import person_get


def url_or_empty(name: str, *args, query: dict | None = None) -> str:
    """The URL of a page another module may not have built yet; empty when it does not exist."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(query)}" if query else url


class AssessmentListView(ScopedListView):
    required_action = "assessments.view"
    filterset_class = AssessmentFilterSet
    template_name = "assessments/assessment_list.html"

    def get_items(self, data):
        return selectors.assessment_list(actor=self.request.user, data=data)


class InstrumentListView(ActionRequiredMixin, View):
    required_action = "instruments.view"

    def get(self, request, form=None):
        return render(
            request,
            "assessments/instrument_list.html",
            {
                "instruments": selectors.instrument_list(actor=request.user, include_inactive=True),
                "can_manage": has_permission(request.user, "instruments.manage"),
                "form": form or InstrumentUploadForm(),
            },
            status=400 if form is not None else 200,
        )

    def post(self, request):
        if not has_permission(request.user, "instruments.manage"):
            raise PermissionDenied
        form = InstrumentUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, form=form)
        data = form.cleaned_data
        try:
            version = services.instrument_version_upload(
                actor=request.user,
                file=data["file"],
                filename=data["file"].name,
                domain=data["domain"] or None,
                sensitive=data["sensitive"],
                note=data["note"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.get(request, form=form)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.get(request, form=form)
        messages.success(
            request,
            _("Version %(version)s of %(instrument)s is now in use.")
            % {"version": version.version, "instrument": version.instrument.name},
        )
        return redirect("assessments:instrument_list")


class InstrumentVersionDownloadView(ActionRequiredMixin, View):
    required_action = "instruments.view"

    def get(self, request, uuid):
        version = selectors.instrument_version_get(actor=request.user, uuid=uuid)
        try:
            handle = version.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        return FileResponse(handle, as_attachment=True, filename=version.filename)


def _case_for(request):
    """The case named by ``?case=`` (or the form's ``case`` field), which the assessment will belong
    to; 404 when the actor may not see it. Whether it may take this assessment is the service's
    rule (``assessment_case_check``)."""
    value = request.POST.get("case") or request.GET.get("case")
    if not value:
        return None
    from sanad.assessments.case_link import case_for

    return case_for(actor=request.user, uuid=value)


def _case_problem(request, person, case) -> str:
    """The service's objection to filing under ``case`` (another person's), shown on the form."""
    try:
        services.assessment_case_check(actor=request.user, person=person, case=case)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


class AssessmentStartView(ActionRequiredMixin, View):
    """Choose the instrument for a person (the person page and a case page link here)."""

    required_action = "assessments.record"

    def get(self, request, person_uuid):
        person = person_get(actor=request.user, uuid=person_uuid)
        case = _case_for(request)
        problem = _case_problem(request, person, case)
        if problem:
            messages.error(request, problem)
        instruments = [i for i in selectors.instrument_list(actor=request.user) if i.active_version]
        return render(
            request,
            "assessments/assessment_start.html",
            {"person": person, "instruments": instruments, "case": case},
            status=400 if problem else 200,
        )


def _safe_next(request) -> str:
    """The ``next`` of the request (query string or form) if it is a path on this site, else ""."""
    target = (request.POST.get("next") if request.method == "POST" else request.GET.get("next")) or ""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return target


class AssessmentRecordView(ActionRequiredMixin, View):
    """The web form of an instrument for one person: server-side validation is authoritative."""

    required_action = "assessments.record"

    def _version(self, code: str):
        version = selectors.instrument_active_version(code=code)
        if version is None:
            raise Http404
        return version

    def render_form(
        self,
        request,
        person,
        version,
        *,
        answers=None,
        evaluation=None,
        key=None,
        status=200,
        error="",
        case=None,
        prefill=None,
    ):
        definition = InstrumentDefinition.from_json(version.definition)
        language = get_language()
        items = build_items(
            definition,
            answers=answers,
            errors=evaluation.errors if evaluation else None,
            relevant=evaluation.relevant if evaluation else None,
            values=evaluation.values if evaluation else None,
            language=language,
            prefill=prefill,
        )
        return render(
            request,
            "assessments/assessment_form.html",
            {
                "person": person,
                "version": version,
                "instrument": version.instrument,
                "title": version.instrument.name,
                "items": items,
                "logic": definition.client_logic(),
                "idempotency_key": key or uuid_module.uuid4().hex,
                "has_errors": bool(evaluation and evaluation.errors) or bool(error),
                "error": error,
                "case": case,
                "next": _safe_next(request),
            },
            status=status,
        )

    def get(self, request, person_uuid, code):
        person = person_get(actor=request.user, uuid=person_uuid)
        case = _case_for(request)
        problem = _case_problem(request, person, case)
        version = self._version(code)
        # What the record already knows starts as the answer; the caseworker may correct it.
        prefill = prefilled_answers(InstrumentDefinition.from_json(version.definition), person)
        return self.render_form(
            request,
            person,
            version,
            case=case,
            error=problem,
            status=400 if problem else 200,
            prefill=prefill,
        )

    def post(self, request, person_uuid, code):
        person = person_get(actor=request.user, uuid=person_uuid)
        case = _case_for(request)
        version = self._version(code)
        definition = InstrumentDefinition.from_json(version.definition)
        answers = answers_from_post(definition, request.POST)
        key = request.POST.get("idempotency_key", "")[:100] or None
        for action in ("add", "remove"):
            target = request.POST.get(f"_{action}")
            if target:
                answers = with_repeat_change(answers, definition, action, target)
                return self.render_form(request, person, version, answers=answers, key=key, case=case)
        try:
            assessment = services.assessment_record(
                actor=request.user,
                person=person,
                answers=answers,
                version=version,
                case=case,
                idempotency_key=key,
            )
        except ValidationError as exc:
            evaluation = evaluate(definition, answers)
            if not evaluation.errors:
                return self.render_form(
                    request,
                    person,
                    version,
                    answers=answers,
                    key=key,
                    status=400,
                    error=" ".join(exc.messages),
                    case=case,
                )
            return self.render_form(
                request,
                person,
                version,
                answers=answers,
                evaluation=evaluation,
                key=key,
                status=400,
                case=case,
            )
        except DomainError as exc:
            return self.render_form(
                request, person, version, answers=answers, key=key, status=400, error=exc.message, case=case
            )
        messages.success(request, _("The assessment was saved."))
        target = _safe_next(request)
        if target:
            return redirect(target)
        return redirect("assessments:detail", assessment.uuid)


class AssessmentDetailView(ActionRequiredMixin, View):
    required_action = "assessments.view"

    def get(self, request, uuid, form=None, flag_form=None):
        assessment = selectors.assessment_get(actor=request.user, uuid=uuid)
        proposals = selectors.flag_proposals_for(assessment=assessment)
        may_decide = any(p.is_pending for p in proposals) and selectors.flag_proposal_may_decide(
            actor=request.user, assessment=assessment
        )
        alert = (
            selectors.safety_alert_for_assessment(assessment=assessment) if assessment.safety_alert else None
        )
        definition = InstrumentDefinition.from_json(assessment.instrument_version.definition)
        language = get_language()
        person = assessment.person
        context = {
            "assessment": assessment,
            "person": person,
            "alert": alert,
            "can_acknowledge": bool(
                alert
                and alert.is_open
                and services.safety_alert_may_acknowledge(actor=request.user, alert=alert)
            ),
            "acknowledge_form": form or AlertAcknowledgeForm(),
            "proposals": proposals,
            "may_decide_flags": may_decide,
            "flag_form": flag_form,
            "answers": answer_rows(definition, assessment, language),
            "title": assessment.instrument.name,
            "open_case_url": url_or_empty(
                "cases:open", query={"person": person.uuid, "assessment": assessment.uuid}
            )
            if has_permission(request.user, "cases.open") and assessment.case_id is None
            else "",
            "case_url": url_or_empty("cases:detail", assessment.case.uuid) if assessment.case_id else "",
            **result_context(
                definition,
                assessment,
                language,
                actor=request.user,
                proposed={p.flag for p in proposals if p.status != p.Status.CONFIRMED},
            ),
        }
        status = 400 if form or flag_form else 200
        return render(request, "assessments/assessment_detail.html", context, status=status)


class FlagDecisionView(ActionRequiredMixin, View):
    """Confirm or dismiss a flag the assessment proposed (protection caseworkers, team leaders)."""

    required_action = "assessments.confirm_flags"

    def post(self, request, uuid):
        assessment = selectors.assessment_get(actor=request.user, uuid=uuid)
        form = FlagDecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                flag_services.flag_proposal_decide(
                    actor=request.user,
                    assessment=assessment,
                    flag=data["flag"],
                    decision=data["decision"],
                    reason=data["reason"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in ("reason",) else None, errors)
            except DomainError as exc:
                raise PermissionDenied(exc.message) from exc
            else:
                if data["decision"] == flag_services.CONFIRM:
                    messages.success(request, _("The flag was confirmed and added to the person."))
                else:
                    messages.success(request, _("The proposed flag was dismissed."))
                return redirect("assessments:detail", assessment.uuid)
        return AssessmentDetailView().get(request, assessment.uuid, flag_form=form)


class SafetyAlertAcknowledgeView(ActionRequiredMixin, View):
    required_action = "assessments.view"

    def post(self, request, uuid):
        alert = selectors.safety_alert_get(actor=request.user, uuid=uuid)
        form = AlertAcknowledgeForm(request.POST)
        if form.is_valid():
            try:
                services.safety_alert_acknowledge(
                    actor=request.user, alert=alert, note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.add_error("note" if hasattr(exc, "error_dict") else None, exc.messages)
            except DomainError as exc:
                raise PermissionDenied(exc.message) from exc
            else:
                messages.success(request, _("The safety alert was acknowledged."))
                return redirect("assessments:detail", alert.assessment.uuid)
        return AssessmentDetailView().get(request, alert.assessment.uuid, form=form)
