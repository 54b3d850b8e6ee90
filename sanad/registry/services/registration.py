"""One registration, as the registrar submitted it: the head of the household, the members typed
with them, and the decision taken about a likely duplicate.

``registration_submit`` is one service call in one transaction for each decision, so the
registration page, the API and field forms cannot differ:

- ``new``: register the head (and, with members, their household);
- ``link``: the head is an already registered person — a registration event is added to them,
  with what was newly typed (phones, documents, flags, consents), and the members typed are
  registered into the linked person's household (formed, with them as head, if they had none);
  typed relative to the linked person, their relationships are stored relative to the
  household's head (``kinship``), and refused where kinship alone does not tell it;
- ``review``: register as new and ask for a duplicate review of the pair.

Nothing typed is dropped silently; a member that fails validation saves nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.references import reference_next
from sanad.registry import duplicates
from sanad.registry.models import Household, Person, Relationship
from sanad.registry.services.households import household_register
from sanad.registry.services.kinship import IS_HEAD, relationship_to_head
from sanad.registry.services.people import (
    person_add_registration,
    person_register,
    prepare_person,
    save_new_person,
)
from sanad.registry.services.person_fields import holder_for, require

SUBMIT_ACTION = "registry.registration.submit"
NEW, LINK, REVIEW = "new", "link", "review"
DECISIONS = (NEW, LINK, REVIEW)


@dataclass
class RegistrationOutcome:
    person: Person  # the new head, or the existing person linked to
    decision: str
    household: Household | None = None
    members: list[Person] = field(default_factory=list)  # registered by this submission
    household_formed: bool = False  # a household was formed around the linked person
    # member pk → the relationship typed (to the linked person), where the one stored (to the
    # household's head) differs from it
    typed_relationships: dict[int, str] = field(default_factory=dict)
    review_requested: bool = False
    repeated: bool = False  # a retried submission: nothing was written this time


@transaction.atomic
def registration_submit(
    *,
    actor,
    head: dict[str, Any],
    members: list[dict[str, Any]] = (),
    decision: str = NEW,
    candidate: Person | None = None,
    registration_channel: str,
    team=None,
    site=None,
    idempotency_key: str | None = None,
    note: str = "",
) -> RegistrationOutcome:
    """Register ``head`` with ``members`` according to ``decision`` (see the module docstring).

    ``candidate`` is the existing person of a ``link`` or ``review`` decision. Errors are keyed
    as ``household_register``'s: the head's plain or ``members.0.<field>``, the members'
    ``members.<n>.<field>`` counting from 1.
    """
    require(actor, "persons.register", _("You may not register people."))
    previous = idempotent_lookup(actor=actor, action=SUBMIT_ACTION, key=idempotency_key, model=Person)
    if previous is not None:
        return RegistrationOutcome(
            person=previous, decision=decision, household=previous.household, repeated=True
        )
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Choose what to do with the existing record.")]})
    if decision in (LINK, REVIEW) and candidate is None:
        raise ValidationError(_("The record you chose is no longer available."))
    members = [dict(m) for m in members or ()]
    if decision == LINK:
        outcome = _link(
            actor=actor,
            head=head,
            members=members,
            person=candidate,
            registration_channel=registration_channel,
            team=team,
            site=site,
            note=note,
        )
    else:
        outcome = _register(
            actor=actor,
            head=head,
            members=members,
            decision=decision,
            candidate=candidate,
            registration_channel=registration_channel,
            team=team,
            site=site,
            note=note,
        )
    idempotent_remember(actor=actor, action=SUBMIT_ACTION, key=idempotency_key, obj=outcome.person)
    return outcome


def _register(
    *, actor, head, members, decision, candidate, registration_channel, team, site, note
) -> RegistrationOutcome:
    outcome = RegistrationOutcome(person=None, decision=decision)  # type: ignore[arg-type]
    if members:
        household = household_register(
            actor=actor,
            members=[{**head, "relationship": Relationship.HEAD}, *members],
            registration_channel=registration_channel,
            team=team,
            site=site,
            note=note,
        )
        outcome.person = household.head
        outcome.household = household
        outcome.members = list(household.members.exclude(pk=household.head_id).order_by("pk"))
    else:
        outcome.person = person_register(
            actor=actor,
            data=head,
            registration_channel=registration_channel,
            team=team,
            site=site,
            note=note,
        )
    if decision == REVIEW:
        duplicates.review_request(actor=actor, person=outcome.person, candidate=candidate)
        outcome.review_requested = True
    return outcome


def _link(*, actor, head, members, person, registration_channel, team, site, note) -> RegistrationOutcome:
    errors: dict[str, list[str]] = {}
    try:
        # A savepoint of its own: on an error it is undone, and the errors are reported with
        # the members' below.
        person_add_registration(
            actor=actor,
            person=person,
            registration_channel=registration_channel,
            team=team,
            site=site,
            admin_unit=head.get("admin_unit"),
            phones=head.get("phones") or (),
            documents=head.get("documents") or (),
            flags=head.get("flags") or (),
            consents=head.get("consents") or (),
            note=note or _("Linked at registration instead of a new record."),
        )
    except ValidationError as exc:
        for key, messages in (exc.message_dict if hasattr(exc, "error_dict") else {}).items():
            errors.setdefault(key, []).extend(messages)
        if not hasattr(exc, "error_dict"):
            errors.setdefault(NON_FIELD_ERRORS, []).extend(exc.messages)
    person = Person.objects.select_for_update().get(pk=person.pk)
    existing = person.household
    prepared = []
    typed_relationships: dict[int, str] = {}  # member index → as typed, where it was translated
    for index, data in enumerate(members, start=1):
        data.setdefault("relationship", Relationship.OTHER_RELATIVE)
        data["relationship"] = data["relationship"] or Relationship.OTHER_RELATIVE
        member_errors: dict[str, list[str]] = {}
        if data["relationship"] == Relationship.HEAD:
            member_errors["relationship"] = [_("This household already has a head.")]
        elif (
            existing is not None
            and existing.head_id != person.pk
            and data["relationship"] in Relationship.values  # else the member's own error
        ):
            typed = data["relationship"]
            to_head = _relationship_to_head(linked=person, household=existing, typed=typed)
            if isinstance(to_head, ValidationError):
                member_errors["relationship"] = to_head.messages
            else:
                data["relationship"] = to_head
                if to_head != typed:
                    typed_relationships[index] = typed
        member, related = prepare_person(data=data, errors=member_errors)
        for key, messages in member_errors.items():
            errors.setdefault(f"members.{index}.{key}", []).extend(messages)
        prepared.append((member, related, data))
    holder = holder_for(actor, team)
    if errors:
        raise ValidationError(errors)
    outcome = RegistrationOutcome(person=person, decision=LINK, household=person.household)
    if not prepared:
        return outcome
    household = outcome.household
    if household is None:
        household = _household_form(actor=actor, head=person, holder=holder, site=site)
        outcome.household_formed = True
    else:
        household = Household.objects.select_for_update().get(pk=household.pk)
    outcome.household = household
    for member, related, data in prepared:
        if member.admin_unit_id is None:
            member.admin_unit = household.admin_unit or person.admin_unit
        saved = save_new_person(
            actor=actor,
            person=member,
            related=related,
            holder=holder,
            household=household,
            registration_channel=registration_channel,
            site=site or household.site,
            note=_("Registered with %(reference)s.") % {"reference": person.reference},
            external_id=str(data.get("external_id") or ""),
        )
        audit_record(
            actor=actor,
            action="registry.household.add_member",
            obj=household,
            changes={"member": [None, saved.reference], "relationship": [None, saved.relationship]},
        )
        outcome.members.append(saved)
    outcome.typed_relationships = {
        outcome.members[index - 1].pk: typed for index, typed in typed_relationships.items()
    }
    return outcome


def _relationship_to_head(*, linked: Person, household: Household, typed: str) -> str | ValidationError:
    """``typed`` (a member's relationship to ``linked``, who is in ``household`` but does not
    head it) as the relationship to the household's head; or the error that explains why not."""
    head = household.head
    values = {
        "typed": Relationship(typed).label,
        "linked": linked.display_name,
        "head": head.display_name if head else "—",
        "household": household.reference,
    }
    if head is None or not linked.relationship:
        return ValidationError(
            _(
                "The relationship of %(linked)s to the head of household %(household)s (%(head)s) "
                "is not recorded, so this relationship cannot be set relative to the head. "
                "Record it on the household page first."
            )
            % values
        )
    to_head = relationship_to_head(linked=linked.relationship, typed=typed)
    values["linked_relationship"] = Relationship(linked.relationship).label
    if to_head == IS_HEAD:
        return ValidationError(
            _(
                "“%(typed)s” of %(linked)s is %(head)s, the head of household %(household)s, "
                "who is already registered. Remove this member or choose another relationship."
            )
            % values
        )
    if to_head is None:
        return ValidationError(
            _(
                "Relationships in household %(household)s are to its head, %(head)s, and %(linked)s "
                "is “%(linked_relationship)s” there, so “%(typed)s” of %(linked)s could be more than "
                "one relationship to %(head)s. Choose “Other relative” here and set the exact "
                "relationship on the household page."
            )
            % values
        )
    return to_head


def _household_form(*, actor, head: Person, holder: dict[str, Any], site) -> Household:
    """A household around an already registered person, who heads it."""
    household = Household.objects.create(
        reference=reference_next(series="H"),
        admin_unit=head.admin_unit,
        site=site or head.site,
        agency_id=holder["agency_id"],
        unit=holder["unit"],
        team=holder["team"],
        created_by=actor,
        head=None,
    )
    before = {"household": None, "relationship": head.relationship or None}
    head.household = household
    head.relationship = Relationship.HEAD
    head.save(update_fields=["household", "relationship", "updated_at"])
    household.head = head
    household.save(update_fields=["head", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.household.register",
        obj=household,
        changes=diff(before, {"household": household.reference, "relationship": Relationship.HEAD})
        | {"head": [None, head.reference]},
    )
    return household
