"""Referral pages: the sent / received list, sending one, its page (the sender's full view or the
receiver's shared-only view), the status transitions, the printable form, emergency overrides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from sanad.cases.models import CaseType
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView
from sanad.core.needs import Need
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.referrals import sources
from sanad.referrals.filters import ReferralFilterSet
from sanad.referrals.forms import (
    NoteForm,
    OutcomeForm,
    OverrideReviewForm,
    ReasonForm,
    ReferralForm,
)
from sanad.referrals.models import Referral, ReferralService
from sanad.referrals.pdf import referral_pdf
from sanad.referrals.selectors import (
    referral_events,
    referral_get,
    referral_list,
    referral_override_get,
    referral_overrides_to_review,
    referral_service_list,
    referral_service_proposals,
)
from sanad.referrals.services import (
    actor_is_receiver,
    actor_is_sender,
    referral_accept,
    referral_cancel,
    referral_complete,
    referral_decline,
    referral_link_token,
    referral_open_case,
    referral_origin_check,
    referral_override_review,
    referral_receive,
    referral_register_person,
    referral_send,
    referral_start_service,
)
from sanad.referrals.services.referrals import referral_suggested_case_type
from sanad.referrals.views.page_parts import attach_errors
from sanad.referrals.workflow import REFERRAL_WORKFLOW


class ReferralListView(ScopedListView):
    required_action = "referrals.view"
    filterset_class = ReferralFilterSet
    template_name = "referrals/referral_list.html"

    def get_items(self, data):
        return referral_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        form = context["form"]
        user = self.request.user
        return {
            **context,
            "box": form.cleaned_data.get("box", "") if form.is_bound and form.is_valid() else "",
            "can_create": has_permission(user, "referrals.create"),
            "can_review": has_permission(user, "referrals.review_overrides"),
        }


class ReferralCreateView(ActionRequiredMixin, View):
    """Refer a person: from the person page, a case, a screening, a helpline ticket."""

    required_action = "referrals.create"

    def _context(self, request):
        origin = sources.referral_origin(actor=request.user, params=request.GET)
        needs = origin.needs
        place = origin.person.admin_unit if origin.person is not None else None
        proposals = referral_service_proposals(actor=request.user, needs=needs, place=place) if needs else []
        services = referral_service_list(actor=request.user)
        return origin, proposals, services

    def _render(self, request, form, origin, proposals, status=200):
        proposed_ids = {service.pk for service, _pathway in proposals}
        others = [s for s in form.fields["service"].queryset if s.pk not in proposed_ids]
        return render(
            request,
            "referrals/referral_create.html",
            {"form": form, "origin": origin, "proposals": proposals, "others": others},
            status=status,
        )

    def get(self, request):
        origin, proposals, services = self._context(request)
        initial = {"needs": origin.needs, "urgency": origin.urgency}
        if proposals:
            initial["service"] = proposals[0][0].uuid
        form = ReferralForm(initial=initial, services=services)
        try:  # say at once what sending would refuse (an origin about another person)
            referral_origin_check(
                actor=request.user,
                person=origin.person,
                case=origin.case,
                assessment=origin.assessment,
                ticket=origin.ticket,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
            return self._render(request, form, origin, proposals, status=400)
        return self._render(request, form, origin, proposals)

    def post(self, request):
        origin, proposals, services = self._context(request)
        form = ReferralForm(request.POST, services=services)
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = referral_send(
                    actor=request.user,
                    person=origin.person,
                    service=data["service"],
                    reason=data["reason"],
                    urgency=data["urgency"],
                    needs=data["needs"],
                    shared_fields=data["shared_fields"],
                    case_summary=data["case_summary"],
                    consent_given=data["consent_given"],
                    consent_given_by=data["consent_given_by"],
                    consent_purpose=data["consent_purpose"],
                    emergency_override=data["emergency_override"],
                    override_reason=data["override_reason"],
                    source=origin.source,
                    ticket_uuid=origin.ticket_uuid,
                    ticket=origin.ticket,
                    assessment=origin.assessment,
                    case=origin.case,
                    external_contact_email=data["external_contact_email"],
                    idempotency_key=data["idempotency_key"],
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(
                    request, _("Referral %(reference)s sent.") % {"reference": referral.reference}
                )
                return redirect("referrals:detail", uuid=referral.uuid)
        return self._render(request, form, origin, proposals, status=400)


def _detail_context(request, referral: Referral) -> dict:
    is_sender = actor_is_sender(request.user, referral)
    is_receiver = actor_is_receiver(request.user, referral)
    allowed = REFERRAL_WORKFLOW.allowed_names(referral, request.user)
    S = Referral.Status
    context = {
        "referral": referral,
        "shared": referral.shared_snapshot,
        "is_sender": is_sender,
        "is_receiver": is_receiver,
        "events": referral_events(user=request.user, referral=referral),
        "can_receive": "receive" in allowed,
        "can_answer": bool({"accept", "decline"} & allowed),
        "can_start": "start" in allowed,
        "can_complete": "complete" in allowed,
        "can_cancel": "cancel" in allowed,
        "can_register": is_receiver
        and not is_sender
        and referral.receiver_person_id is None
        and referral.status in (S.ACCEPTED, S.SERVICE_STARTED, S.COMPLETED)
        and has_permission(request.user, "persons.register"),
        "can_open_case": is_receiver
        and referral.receiver_case_id is None
        and referral.status in (S.ACCEPTED, S.SERVICE_STARTED)
        and has_permission(request.user, "cases.open"),
        "note_form": NoteForm(),
        "reason_form": ReasonForm(),
        "outcome_form": OutcomeForm(),
        "need_labels": dict(Need.choices),
    }
    if referral.is_external and is_sender and referral.is_open:
        context["external_link"] = request.build_absolute_uri(
            reverse("referrals_public:external", args=[referral_link_token(referral=referral)])
        )
    context["case_types"] = CaseType.choices
    context["suggested_case_type"] = referral_suggested_case_type(referral)
    return context


class ReferralDetailView(ActionRequiredMixin, View):
    required_action = "referrals.view"

    def get(self, request, uuid):
        referral = referral_get(actor=request.user, uuid=uuid)
        return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


TRANSITIONS = {
    "receive": (lambda actor, r, form: referral_receive(actor=actor, referral=r), None),
    "accept": (
        lambda actor, r, form: referral_accept(actor=actor, referral=r, note=form.cleaned_data["note"]),
        NoteForm,
    ),
    "decline": (
        lambda actor, r, form: referral_decline(actor=actor, referral=r, reason=form.cleaned_data["reason"]),
        ReasonForm,
    ),
    "start": (
        lambda actor, r, form: referral_start_service(
            actor=actor, referral=r, note=form.cleaned_data["note"]
        ),
        NoteForm,
    ),
    "complete": (
        lambda actor, r, form: referral_complete(
            actor=actor, referral=r, outcome=form.cleaned_data["outcome"]
        ),
        OutcomeForm,
    ),
    "cancel": (
        lambda actor, r, form: referral_cancel(actor=actor, referral=r, reason=form.cleaned_data["reason"]),
        ReasonForm,
    ),
}


class ReferralTransitionView(ActionRequiredMixin, View):
    required_action = "referrals.view"

    def post(self, request, uuid, action):
        if action not in TRANSITIONS:
            raise Http404
        referral = referral_get(actor=request.user, uuid=uuid, log_read=False)
        run, form_class = TRANSITIONS[action]
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            message = " ".join(str(e) for errors in form.errors.values() for e in errors)
            messages.error(request, message)
            return redirect("referrals:detail", uuid=referral.uuid)
        try:
            run(request.user, referral, form)
        except DomainError as exc:
            if exc.code == "forbidden":
                return HttpResponse(status=403, content=exc.message)
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Referral updated."))
        return redirect("referrals:detail", uuid=referral.uuid)


class ReferralRegisterPersonView(ActionRequiredMixin, View):
    required_action = "persons.register"

    def post(self, request, uuid):
        referral = referral_get(actor=request.user, uuid=uuid, log_read=False)
        try:
            person = referral_register_person(actor=request.user, referral=referral)
        except DomainError as exc:
            if exc.code == "forbidden":
                return HttpResponse(status=403, content=exc.message)
            messages.error(request, exc.message)
            return redirect("referrals:detail", uuid=referral.uuid)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("referrals:detail", uuid=referral.uuid)
        messages.success(request, _("Person registered from the shared information."))
        return redirect("registry:person_detail", uuid=person.uuid)


class ReferralOpenCaseView(ActionRequiredMixin, View):
    required_action = "cases.open"

    def post(self, request, uuid):
        referral = referral_get(actor=request.user, uuid=uuid, log_read=False)
        try:
            case = referral_open_case(
                actor=request.user, referral=referral, case_type=request.POST.get("case_type", "")
            )
        except DomainError as exc:
            if exc.code == "forbidden":
                return HttpResponse(status=403, content=exc.message)
            messages.error(request, exc.message)
            return redirect("referrals:detail", uuid=referral.uuid)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("referrals:detail", uuid=referral.uuid)
        messages.success(request, _("Case opened."))
        return redirect("cases:detail", uuid=case.uuid)


class ReferralPdfView(ActionRequiredMixin, View):
    """The printable bilingual (Arabic / English) referral form: the shared information only."""

    required_action = "referrals.view"

    def get(self, request, uuid):
        referral = referral_get(actor=request.user, uuid=uuid)
        response = HttpResponse(referral_pdf(referral=referral), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="referral-{referral.reference}.pdf"'
        return response


class OverrideListView(ActionRequiredMixin, View):
    required_action = "referrals.review_overrides"

    def get(self, request):
        return render(
            request,
            "referrals/override_list.html",
            {
                "pending": referral_overrides_to_review(actor=request.user),
                "reviewed": referral_overrides_to_review(actor=request.user, reviewed=True)[:50],
                "form": OverrideReviewForm(),
            },
        )


class OverrideReviewView(ActionRequiredMixin, View):
    required_action = "referrals.review_overrides"

    def post(self, request, uuid):
        referral = referral_override_get(actor=request.user, uuid=uuid)
        form = OverrideReviewForm(request.POST)
        if form.is_valid():
            try:
                referral_override_review(
                    actor=request.user, referral=referral, note=form.cleaned_data["note"]
                )
            except (DomainError, ValidationError) as exc:
                messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))
            else:
                messages.success(request, _("Override reviewed."))
        else:
            messages.error(request, _("Write what the review found."))
        return redirect("referrals:override_list")


__all__ = ["ReferralService"]
