"""The registration page: one screen for a person and their household, with the duplicate
check before saving.

Flow: the form is submitted → if it is valid and no decision was taken yet, the real-time check
(``sanad.matching.realtime.find_candidates``) runs; when it finds likely matches the page comes
back with them and three choices — link to the existing person, register as new, register and
send to review. Nothing typed is lost on the way (the form is re-rendered bound).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.countries import country_choices
from sanad.core.errors import DomainError
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry import duplicates
from sanad.registry.forms import MemberFormSet, PersonForm
from sanad.registry.models import Registration, Relationship
from sanad.registry.selectors import person_get
from sanad.registry.services import household_register, person_register
from sanad.registry.views.common import attach_errors

CHANNEL = Registration.Channel.MOBILE_TEAM


def _bound(request):
    form = PersonForm(request.POST, actor=request.user)
    members = MemberFormSet(request.POST, prefix="member")
    return form, members


def _members_data(members) -> list[dict]:
    return [m.service_data() for m in members.forms if m.has_content()]


def _attach_member_errors(members, exc: ValidationError) -> list[str]:
    """Put ``members.<i>.<field>`` errors on the member forms; return the rest."""
    rest: list[str] = []
    filled = [m for m in members.forms if m.has_content()]
    for key, messages_ in exc.message_dict.items():
        if key.startswith("members.") and key.count(".") >= 2:
            _prefix, index, field = key.split(".", 2)
            index = int(index)
            if index == 0:
                continue  # the head: handled by the main form
            member = filled[index - 1]
            member.add_error(field if field in member.fields else None, messages_)
        else:
            rest.extend(messages_)
    return rest


def _main_errors(exc: ValidationError) -> ValidationError:
    """The head's errors (``members.0.*``) and the household-level ones, keyed for the main form."""
    errors = {}
    for key, messages_ in exc.message_dict.items():
        if key.startswith("members.0."):
            errors[key.split(".", 2)[2]] = messages_
        elif not key.startswith("members."):
            errors[key] = messages_
    return ValidationError(errors) if errors else ValidationError([])


class PersonRegisterView(ActionRequiredMixin, View):
    required_action = "persons.register"

    def get(self, request):
        return self._render(request, PersonForm(actor=request.user), MemberFormSet(prefix="member"))

    def post(self, request):
        form, members = _bound(request)
        if not (form.is_valid() and members.is_valid()):
            return self._render(request, form, members, status=400)
        data = form.service_data()
        decision = request.POST.get("decision", "")
        if not decision:
            candidates = duplicates.candidates_for(actor=request.user, data=data)
            if candidates:
                return self._render(request, form, members, candidates=candidates)
            decision = "new"
        try:
            if decision.startswith("link:"):
                return self._link(request, form, decision.removeprefix("link:"), data)
            review_of = decision.removeprefix("review:") if decision.startswith("review:") else None
            return self._register(request, form, members, data, review_of=review_of)
        except (ValidationError, DomainError) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                rest = _attach_member_errors(members, exc)
                attach_errors(form, _main_errors(exc))
                for message in rest:
                    form.add_error(None, message)
            else:
                attach_errors(form, exc)
            return self._render(request, form, members, status=400)

    def _link(self, request, form, uuid, data):
        try:
            existing = person_get(actor=request.user, uuid=uuid)
        except Http404:
            raise ValidationError(_("The record you chose is no longer available.")) from None
        person = person_register(
            actor=request.user,
            data=data,
            registration_channel=CHANNEL,
            idempotency_key=form.cleaned_data["idempotency_key"],
            link_to=existing,
            note=_("Linked at registration instead of a new record."),
        )
        messages.success(
            request,
            _("%(name)s was already registered (%(reference)s): this registration was added to the record.")
            % {"name": person.display_name, "reference": person.reference},
        )
        return redirect("registry:person_detail", uuid=person.uuid)

    def _register(self, request, form, members, data, *, review_of):
        key = form.cleaned_data["idempotency_key"]
        note = ""
        review = duplicates.review_requester() if review_of else None
        if review_of and review is None:
            note = _("Registered as new; the registrar asked for a duplicate review of %(uuid)s.") % {
                "uuid": review_of
            }
        others = _members_data(members)
        if others:
            household = household_register(
                actor=request.user,
                members=[{**data, "relationship": Relationship.HEAD}, *others],
                registration_channel=CHANNEL,
                idempotency_key=key,
                note=note,
            )
            person = household.head
        else:
            person = person_register(
                actor=request.user, data=data, registration_channel=CHANNEL, idempotency_key=key, note=note
            )
        if review is not None:
            try:
                candidate = person_get(actor=request.user, uuid=review_of)
            except Http404:
                candidate = None
            if candidate is not None:
                review(actor=request.user, person=person, candidate=candidate)
        messages.success(
            request,
            _("%(name)s was registered as %(reference)s.")
            % {"name": person.display_name, "reference": person.reference},
        )
        return redirect("registry:person_detail", uuid=person.uuid)

    def _render(self, request, form, members, *, candidates=None, status=200):
        return render(
            request,
            "registry/person_register.html",
            {
                "form": form,
                "members": members,
                "candidates": candidates,
                "countries": country_choices(get_language()),
            },
            status=status,
        )


class PersonCheckView(ActionRequiredMixin, View):
    """The "check for existing records" step (htmx): the candidates panel alone."""

    required_action = "persons.register"

    def post(self, request):
        form, members = _bound(request)
        candidates = []
        if form.is_valid():
            candidates = duplicates.candidates_for(actor=request.user, data=form.service_data())
        return render(
            request,
            "registry/includes/candidates.html",
            {"candidates": candidates, "checked": form.is_valid()},
        )
