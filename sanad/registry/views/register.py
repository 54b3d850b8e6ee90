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
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.bidi import sentence
from sanad.core.countries import country_choices
from sanad.core.errors import DomainError
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry import duplicates
from sanad.registry.forms import MemberFormSet, PersonForm
from sanad.registry.models import Registration, Relationship
from sanad.registry.selectors import person_get
from sanad.registry.services import registration_submit
from sanad.registry.views.page_parts import attach_errors

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
            return self._submit(request, form, members, data, decision)
        except (ValidationError, DomainError) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                rest = _attach_member_errors(members, exc)
                attach_errors(form, _main_errors(exc))
                for message in rest:
                    form.add_error(None, message)
            else:
                attach_errors(form, exc)
            return self._render(request, form, members, status=400)

    def _submit(self, request, form, members, data, decision: str):
        """One service call for every decision: link, review or new."""
        kind, _sep, uuid = decision.partition(":")
        candidate = None
        if kind in ("link", "review"):
            try:
                candidate = person_get(actor=request.user, uuid=uuid)
            except Http404:
                if kind == "link":
                    raise ValidationError(_("The record you chose is no longer available.")) from None
                kind = "new"  # the record to compare with is gone: register as new
        outcome = registration_submit(
            actor=request.user,
            head=data,
            members=_members_data(members),
            decision=kind if kind in ("link", "review") else "new",
            candidate=candidate,
            registration_channel=CHANNEL,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
        person = outcome.person
        values = {"name": person.display_name, "reference": person.reference}
        if outcome.repeated:
            already = _("This registration was already saved: %(name)s (%(reference)s).")
            messages.info(request, sentence(already, **values))
        elif outcome.decision == "link":
            messages.success(
                request,
                sentence(
                    _(
                        "%(name)s was already registered (%(reference)s): "
                        "this registration was added to the record."
                    ),
                    **values,
                ),
            )
        else:
            messages.success(request, sentence(_("%(name)s was registered as %(reference)s."), **values))
        if outcome.members and not outcome.repeated:
            messages.success(
                request,
                sentence(
                    ngettext(
                        "%(count)d household member was added to household %(household)s: %(names)s.",
                        "%(count)d household members were added to household %(household)s: %(names)s.",
                        len(outcome.members),
                    ).replace("%(count)d", str(len(outcome.members))),
                    household=outcome.household.reference,
                    names=", ".join(m.display_name for m in outcome.members),
                ),
            )
        for member in outcome.members:
            typed = outcome.typed_relationships.get(member.pk)
            if typed and not outcome.repeated:
                # Typed relative to the linked person; stored relative to the household's head.
                messages.info(
                    request,
                    sentence(
                        _(
                            "%(name)s was added as “%(relationship)s” of the head of household, "
                            "%(head)s (typed as “%(typed)s” of %(linked)s)."
                        ),
                        name=member.display_name,
                        relationship=member.get_relationship_display(),
                        head=outcome.household.head.display_name,
                        typed=Relationship(typed).label,
                        linked=person.display_name,
                    ),
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
                "countries": country_choices(get_language(), nationalities=True),
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
