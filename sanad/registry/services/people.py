"""Registering and updating people.

``person_register`` is the one way a person enters the registry (page, API, importer, field
forms); ``person_add_registration`` records that an already registered person was met again,
instead of registering them twice.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.references import reference_next
from sanad.registry.models import (
    Consent,
    Household,
    IdentityDocument,
    Person,
    PersonFlag,
    Phone,
    Registration,
)
from sanad.registry.services.name_keys import name_keys_rebuild
from sanad.registry.services.person_fields import (
    NAME_FIELDS,
    apply_person_fields,
    clean_consents,
    clean_documents,
    clean_flags,
    clean_phones,
    holder_for,
    person_state,
    require,
    require_record,
)

REGISTER_ACTION = "registry.person.register"


def _validate_channel(channel: str, errors: dict[str, list[str]]) -> None:
    if channel not in Registration.Channel.values:
        errors.setdefault("registration_channel", []).append(_("Choose a registration channel."))


def prepare_person(*, data: dict[str, Any], errors: dict[str, list[str]]) -> tuple[Person, dict[str, Any]]:
    """An unsaved person from ``data`` and the related rows to create with them; errors collected."""
    person = Person()
    apply_person_fields(person, data, errors)
    related = {
        "phones": clean_phones(data.get("phones"), errors),
        "documents": clean_documents(data.get("documents"), errors),
        "flags": clean_flags(data.get("flags"), errors),
        "consents": clean_consents(data.get("consents"), errors),
    }
    return person, related


def save_new_person(
    *,
    actor,
    person: Person,
    related: dict[str, Any],
    holder: dict[str, Any],
    household: Household | None,
    registration_channel: str,
    site=None,
    note: str = "",
    external_id: str = "",
) -> Person:
    """Save a validated new person with its phones, documents, flags, consent, name keys and its
    first registration event, and record the audit event."""
    person.reference = reference_next(series="")
    person.agency_id = holder["agency_id"]
    person.unit = holder["unit"]
    person.team = holder["team"]
    person.created_by = actor
    person.household = household
    person.external_id = external_id or ""
    if site is not None and person.site_id is None:
        person.site = site
    person.save()
    Phone.objects.bulk_create(
        [
            Phone(person=person, number=number, as_typed=typed, is_primary=index == 0)
            for index, (number, typed) in enumerate(related["phones"])
        ]
    )
    IdentityDocument.objects.bulk_create(
        [IdentityDocument(person=person, **doc) for doc in related["documents"]]
    )
    PersonFlag.objects.bulk_create(
        [PersonFlag(person=person, flag=flag, set_by=actor) for flag in sorted(related["flags"])]
    )
    for consent in related["consents"]:
        Consent.objects.create(person=person, recorded_by=actor, **consent)
    name_keys_rebuild(person=person)
    Registration.objects.create(
        person=person,
        registered_by=actor,
        team=holder["team"],
        site=site or person.site,
        admin_unit=person.admin_unit,
        channel=registration_channel,
        note=(note or "")[:300],
    )
    state = person_state(person)
    state["consents"] = sorted(c["purpose"] for c in related["consents"])
    audit_record(actor=actor, action=REGISTER_ACTION, obj=person, changes=diff({}, state))
    return person


@transaction.atomic
def person_register(
    *,
    actor,
    data: dict[str, Any],
    household: Household | None = None,
    registration_channel: str,
    team=None,
    site=None,
    idempotency_key: str | None = None,
    note: str = "",
) -> Person:
    """Register one new person. Linking a registration to an already registered person, with
    the household members typed alongside, is ``registration_submit``'s."""
    require(actor, "persons.register", _("You may not register people."))
    previous = idempotent_lookup(actor=actor, action=REGISTER_ACTION, key=idempotency_key, model=Person)
    if previous is not None:
        return previous
    if household is not None:
        # Joining a household changes it: one the actor may edit.
        require_record(actor, household, action="persons.edit", message=_("You may not edit this household."))
    errors: dict[str, list[str]] = {}
    _validate_channel(registration_channel, errors)
    person, related = prepare_person(data=data, errors=errors)
    holder = holder_for(actor, team)
    if errors:
        raise ValidationError(errors)
    person = save_new_person(
        actor=actor,
        person=person,
        related=related,
        holder=holder,
        household=household,
        registration_channel=registration_channel,
        site=site,
        note=note,
        external_id=str(data.get("external_id") or ""),
    )
    idempotent_remember(actor=actor, action=REGISTER_ACTION, key=idempotency_key, obj=person)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: dict[str, Any]) -> Person:
    """Change a person's fields (and, when given, replace their phones / documents / flags).
    Audited before → after; the name keys are rebuilt when a name changes."""
    require(actor, "persons.edit", _("You may not edit people."))
    if person.status != Person.Status.ACTIVE:
        raise ValidationError(_("This record was merged or erased and can no longer be edited."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = person_state(person)
    names_before = [getattr(person, f) for f in NAME_FIELDS] + [list(person.other_names or [])]
    errors: dict[str, list[str]] = {}
    apply_person_fields(person, data, errors)
    phones = clean_phones(data["phones"], errors) if "phones" in data else None
    documents = clean_documents(data["documents"], errors) if "documents" in data else None
    flags = clean_flags(data["flags"], errors) if "flags" in data else None
    if errors:
        raise ValidationError(errors)
    person.save()
    if phones is not None:
        _replace_phones(person, phones)
    if documents is not None:
        person.documents.all().delete()
        IdentityDocument.objects.bulk_create([IdentityDocument(person=person, **doc) for doc in documents])
    if flags is not None:
        _replace_flags(actor, person, flags)
    if [getattr(person, f) for f in NAME_FIELDS] + [list(person.other_names or [])] != names_before:
        name_keys_rebuild(person=person)
    changes = diff(before, person_state(person))
    if changes:
        audit_record(actor=actor, action="registry.person.update", obj=person, changes=changes)
    return person


def _replace_phones(person: Person, phones: list[tuple[str, str]]) -> None:
    keep = {number for number, _typed in phones}
    person.phones.exclude(number__in=keep).delete()
    existing = set(person.phones.values_list("number", flat=True))
    Phone.objects.bulk_create(
        [
            Phone(person=person, number=number, as_typed=typed)
            for number, typed in phones
            if number not in existing
        ]
    )
    if phones:
        person.phones.update(is_primary=False)
        person.phones.filter(number=phones[0][0]).update(is_primary=True)


def _replace_flags(actor, person: Person, flags: set[str]) -> None:
    person.flags.exclude(flag__in=flags).delete()
    existing = set(person.flags.values_list("flag", flat=True))
    PersonFlag.objects.bulk_create(
        [PersonFlag(person=person, flag=f, set_by=actor) for f in sorted(flags - existing)]
    )


@transaction.atomic
def person_set_flags(*, actor, person: Person, flags) -> Person:
    """Set the person's vulnerability flags to exactly ``flags``."""
    require(actor, "persons.edit", _("You may not edit people."))
    errors: dict[str, list[str]] = {}
    flags = clean_flags(flags, errors)
    if errors:
        raise ValidationError(errors)
    before = sorted(person.flags.values_list("flag", flat=True))
    _replace_flags(actor, person, flags)
    after = sorted(person.flags.values_list("flag", flat=True))
    if before != after:
        audit_record(
            actor=actor, action="registry.person.set_flags", obj=person, changes={"flags": [before, after]}
        )
    return person


@transaction.atomic
def person_add_registration(
    *,
    actor,
    person: Person,
    registration_channel: str,
    team=None,
    site=None,
    admin_unit=None,
    phones=(),
    documents=(),
    flags=(),
    consents=(),
    note: str = "",
    idempotency_key: str | None = None,
) -> Registration:
    """Record that an already registered person was registered again (met by another team, at
    another site…). What was newly typed is added to theirs — phones, documents, vulnerability
    flags, consents (none removed); a given site / location becomes their current one."""
    require(actor, "persons.register", _("You may not register people."))
    action = "registry.person.add_registration"
    previous = idempotent_lookup(actor=actor, action=action, key=idempotency_key, model=Registration)
    if previous is not None:
        return previous
    # The person registered again (a linked registration): one the actor may see, whoever calls.
    require_record(actor, person, action="persons.register", message=_("You may not register people."))
    if person.status != Person.Status.ACTIVE:
        raise ValidationError(_("This record was merged or erased; register the surviving record instead."))
    errors: dict[str, list[str]] = {}
    _validate_channel(registration_channel, errors)
    new_phones = clean_phones(phones, errors)
    new_documents = clean_documents(documents, errors)
    new_flags = clean_flags(flags, errors)
    new_consents = clean_consents(consents, errors)
    holder = holder_for(actor, team)
    if errors:
        raise ValidationError(errors)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = person_state(person)
    existing = set(person.phones.values_list("number", flat=True))
    added = [(n, t) for n, t in new_phones if n not in existing]
    Phone.objects.bulk_create(
        [Phone(person=person, number=n, as_typed=t, is_primary=not existing) for n, t in added]
    )
    known_documents = set(person.documents.values_list("document_type", "number_normalised"))
    IdentityDocument.objects.bulk_create(
        [
            IdentityDocument(person=person, **doc)
            for doc in new_documents
            if (doc["document_type"], doc["number_normalised"]) not in known_documents
        ]
    )
    known_flags = set(person.flags.values_list("flag", flat=True))
    PersonFlag.objects.bulk_create(
        [PersonFlag(person=person, flag=flag, set_by=actor) for flag in sorted(new_flags - known_flags)]
    )
    active = {c.purpose for c in person.consents.all() if c.is_active}
    recorded = []
    for consent in new_consents:
        if consent["purpose"] not in active:
            Consent.objects.create(person=person, recorded_by=actor, **consent)
            recorded.append(consent["purpose"])
    if site is not None:
        person.site = site
    if admin_unit is not None:
        person.admin_unit = admin_unit
    person.save()
    registration = Registration.objects.create(
        person=person,
        registered_by=actor,
        team=holder["team"],
        site=site,
        admin_unit=admin_unit or person.admin_unit,
        channel=registration_channel,
        note=(note or "")[:300],
    )
    changes = diff(before, person_state(person))
    changes["registration"] = [None, str(registration.uuid)]
    changes["registered_on"] = [None, timezone.localdate().isoformat()]
    if recorded:
        changes["consents"] = [None, sorted(recorded)]
    audit_record(actor=actor, action=action, obj=person, changes=changes)
    idempotent_remember(actor=actor, action=action, key=idempotency_key, obj=registration)
    return registration
