"""Households: registered with their members in one go; members added and removed later."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.references import reference_next
from sanad.registry.models import Household, Person, Registration, Relationship
from sanad.registry.services.people import prepare_person, save_new_person
from sanad.registry.services.person_fields import holder_for, require, require_record

REGISTER_ACTION = "registry.household.register"
HOUSEHOLD_FIELDS = ("head", "admin_unit", "site", "external_id")


@transaction.atomic
def household_register(
    *,
    actor,
    members: list[dict[str, Any]],
    registration_channel: str,
    team=None,
    site=None,
    admin_unit=None,
    idempotency_key: str | None = None,
    external_id: str = "",
    note: str = "",
) -> Household:
    """Register a household and its members (each a ``person_register`` data dict with a
    ``relationship``) in one transaction: one member that fails validation saves nothing.

    The member whose relationship is ``head`` (else the first) heads the household. Errors are
    keyed ``members.<index>.<field>``.
    """
    require(actor, "persons.register", _("You may not register people."))
    previous = idempotent_lookup(actor=actor, action=REGISTER_ACTION, key=idempotency_key, model=Household)
    if previous is not None:
        return previous
    errors: dict[str, list[str]] = {}
    if not members:
        raise ValidationError({"members": [_("A household needs at least one member.")]})
    if registration_channel not in Registration.Channel.values:
        errors["registration_channel"] = [_("Choose a registration channel.")]
    heads = [i for i, m in enumerate(members) if m.get("relationship") == Relationship.HEAD]
    if len(heads) > 1:
        errors["members"] = [_("A household has only one head.")]
    head_index = heads[0] if heads else 0
    prepared = []
    for index, data in enumerate(members):
        data = dict(data)
        if index == head_index:
            data["relationship"] = Relationship.HEAD
        elif not data.get("relationship"):
            data["relationship"] = Relationship.OTHER_RELATIVE
        member_errors: dict[str, list[str]] = {}
        person, related = prepare_person(data=data, errors=member_errors)
        for field, messages in member_errors.items():
            errors[f"members.{index}.{field}"] = messages
        prepared.append((person, related, data))
    holder = holder_for(actor, team)
    if errors:
        raise ValidationError(errors)
    head_data = prepared[head_index][2]
    household = Household.objects.create(
        reference=reference_next(series="H"),
        admin_unit=admin_unit or head_data.get("admin_unit"),
        site=site or head_data.get("site"),
        agency_id=holder["agency_id"],
        unit=holder["unit"],
        team=holder["team"],
        created_by=actor,
        external_id=external_id or "",
    )
    people = []
    for person, related, data in prepared:
        if person.admin_unit_id is None:
            person.admin_unit = household.admin_unit
        people.append(
            save_new_person(
                actor=actor,
                person=person,
                related=related,
                holder=holder,
                household=household,
                registration_channel=registration_channel,
                site=site or household.site,
                note=note,
                external_id=str(data.get("external_id") or ""),
            )
        )
    household.head = people[head_index]
    household.save(update_fields=["head", "updated_at"])
    state = snapshot(household, HOUSEHOLD_FIELDS)
    state["members"] = [p.reference for p in people]
    audit_record(actor=actor, action=REGISTER_ACTION, obj=household, changes=diff({}, state))
    idempotent_remember(actor=actor, action=REGISTER_ACTION, key=idempotency_key, obj=household)
    return household


def _require_editable(actor, household: Household, person: Person) -> None:
    """The household and the person a member change names: records the actor may edit (404 out of
    view, 403 seen only); the person an active record (merged and erased ones join nobody)."""
    require(actor, "persons.edit", _("You may not edit people."))
    for record in (household, person):
        require_record(actor, record, action="persons.edit", message=_("You may not edit this record."))
    if person.status != Person.Status.ACTIVE:
        raise ValidationError(
            {"person": [_("This record was merged or erased and can no longer be edited.")]}
        )


@transaction.atomic
def household_add_member(*, actor, household: Household, person: Person, relationship: str) -> Person:
    _require_editable(actor, household, person)
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": [_("Choose a relationship from the list.")]})
    if person.household_id and person.household_id != household.pk:
        raise ValidationError(
            {"person": [_("This person belongs to another household; remove them there first.")]}
        )
    if relationship == Relationship.HEAD and household.head_id and household.head_id != person.pk:
        raise ValidationError({"relationship": [_("This household already has a head.")]})
    before = {
        "household": person.household.reference if person.household else None,
        "relationship": person.relationship,
    }
    person.household = household
    person.relationship = relationship
    person.save(update_fields=["household", "relationship", "updated_at"])
    if relationship == Relationship.HEAD:
        household.head = person
        household.save(update_fields=["head", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.household.add_member",
        obj=household,
        changes=diff(before, {"household": household.reference, "relationship": relationship})
        | {"member": [None, person.reference]},
    )
    return person


@transaction.atomic
def household_remove_member(*, actor, household: Household, person: Person) -> Person:
    _require_editable(actor, household, person)
    if person.household_id != household.pk:
        raise ValidationError({"person": [_("This person is not a member of this household.")]})
    relationship = person.relationship
    person.household = None
    person.relationship = ""
    person.save(update_fields=["household", "relationship", "updated_at"])
    if household.head_id == person.pk:
        household.head = None
        household.save(update_fields=["head", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.household.remove_member",
        obj=household,
        changes={"member": [person.reference, None], "relationship": [relationship, None]},
    )
    return person


@transaction.atomic
def household_set_head(
    *, actor, household: Household, person: Person, previous_relationship: str = ""
) -> Person:
    """Make a member the head of the household. The former head stays a member with
    ``previous_relationship`` (default: other relative)."""
    _require_editable(actor, household, person)
    if person.household_id != household.pk:
        raise ValidationError({"person": [_("This person is not a member of this household.")]})
    previous_relationship = previous_relationship or Relationship.OTHER_RELATIVE
    if previous_relationship not in Relationship.values or previous_relationship == Relationship.HEAD:
        raise ValidationError({"relationship": [_("Choose a relationship from the list.")]})
    household = Household.objects.select_for_update().get(pk=household.pk)
    former = household.head
    if former is not None and former.pk == person.pk:
        return person
    changes = {"head": [former.reference if former else None, person.reference]}
    if former is not None:
        changes["former_head_relationship"] = [former.relationship, previous_relationship]
        former.relationship = previous_relationship
        former.save(update_fields=["relationship", "updated_at"])
    changes["relationship"] = [person.relationship, Relationship.HEAD]
    person.relationship = Relationship.HEAD
    person.save(update_fields=["relationship", "updated_at"])
    household.head = person
    household.save(update_fields=["head", "updated_at"])
    audit_record(actor=actor, action="registry.household.set_head", obj=household, changes=changes)
    return person
