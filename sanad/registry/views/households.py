"""The household page and changing its members after registration: add an existing person,
remove a member, change a member's relationship or make them the head."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry.models import Person, Relationship
from sanad.registry.selectors import (
    household_get,
    household_members,
    person_get,
    person_ids_editable,
    person_search,
)
from sanad.registry.services import household_add_member, household_remove_member, household_set_head

EDIT = "persons.edit"


def _error_text(exc: ValidationError | DomainError) -> str:
    if isinstance(exc, DomainError):
        return str(exc.message)
    return " ".join(exc.messages)


class HouseholdDetailView(ActionRequiredMixin, View):
    """The household and its members; editors also get the member tools."""

    required_action = "persons.view"

    def get(self, request, uuid):
        household = household_get(actor=request.user, uuid=uuid)
        return render(
            request,
            "registry/household_detail.html",
            {
                "household": household,
                "members": household_members(actor=request.user, household=household),
                "can_edit": has_permission(request.user, EDIT),
                "relationships": Relationship.choices,
                "member_relationships": [c for c in Relationship.choices if c[0] != Relationship.HEAD],
            },
        )


class _HouseholdEditView(ActionRequiredMixin, View):
    required_action = EDIT

    def household(self, request, uuid):
        return household_get(actor=request.user, uuid=uuid, action=EDIT)

    @staticmethod
    def member(request, household, person_uuid) -> Person:
        person = person_get(actor=request.user, uuid=person_uuid, action=EDIT)
        if person.household_id != household.pk:
            raise Http404
        return person

    @staticmethod
    def done(request, household, exc=None, message=""):
        if exc is not None:
            messages.error(request, _error_text(exc))
        elif message:
            messages.success(request, message)
        return redirect("registry:household_detail", uuid=household.uuid)


class HouseholdMemberSearchView(_HouseholdEditView):
    """htmx: people the actor may add to the household, found by name, phone, document or reference."""

    def get(self, request, uuid):
        household = self.household(request, uuid)
        query = " ".join(request.GET.get("q", "").split())[:200]
        found = person_search(actor=request.user, text=query, limit=20) if len(query) >= 2 else []
        # Only people the actor may edit (the search shows everyone they may see).
        allowed = person_ids_editable(actor=request.user, people=found)
        results = [p for p in found if p.pk in allowed and p.household_id != household.pk]
        return render(
            request,
            "registry/includes/household_search_results.html",
            {
                "household": household,
                "query": query,
                "results": results,
                "member_relationships": [c for c in Relationship.choices if c[0] != Relationship.HEAD],
            },
        )


class HouseholdMemberAddView(_HouseholdEditView):
    def post(self, request, uuid):
        household = self.household(request, uuid)
        # Whether this person may join (an active record, one the actor may edit) is the service's rule.
        person = person_get(actor=request.user, uuid=request.POST.get("person", ""), action=EDIT)
        try:
            household_add_member(
                actor=request.user,
                household=household,
                person=person,
                relationship=request.POST.get("relationship", ""),
            )
        except (ValidationError, DomainError) as exc:
            return self.done(request, household, exc)
        return self.done(
            request,
            household,
            message=_("%(reference)s was added to the household.") % {"reference": person.reference},
        )


class HouseholdMemberRemoveView(_HouseholdEditView):
    def post(self, request, uuid, person_uuid):
        household = self.household(request, uuid)
        person = self.member(request, household, person_uuid)
        try:
            household_remove_member(actor=request.user, household=household, person=person)
        except (ValidationError, DomainError) as exc:
            return self.done(request, household, exc)
        return self.done(
            request,
            household,
            message=_("%(reference)s was removed from the household.") % {"reference": person.reference},
        )


class HouseholdMemberRelationshipView(_HouseholdEditView):
    """Change a member's relationship; "head" makes them the head (the former head becomes
    another relative)."""

    def post(self, request, uuid, person_uuid):
        household = self.household(request, uuid)
        person = self.member(request, household, person_uuid)
        relationship = request.POST.get("relationship", "")
        try:
            if relationship == Relationship.HEAD:
                household_set_head(actor=request.user, household=household, person=person)
            elif household.head_id == person.pk:
                raise ValidationError(
                    {
                        "relationship": [
                            _("Make another member the head before changing the head's relationship.")
                        ]
                    }
                )
            else:
                household_add_member(
                    actor=request.user, household=household, person=person, relationship=relationship
                )
        except (ValidationError, DomainError) as exc:
            return self.done(request, household, exc)
        return self.done(request, household, message=_("The household was updated."))
