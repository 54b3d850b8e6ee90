"""A person's phones and identity documents, one at a time (the edit page edits the first of each)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff
from sanad.registry.models import IdentityDocument, Person, Phone
from sanad.registry.services.person_fields import clean_documents, clean_phones, person_state, require


def _editable(actor, person: Person) -> Person:
    require(actor, "persons.edit", _("You may not edit people."))
    if person.status != Person.Status.ACTIVE:
        raise ValidationError(_("This record was merged or erased and can no longer be edited."))
    return Person.objects.select_for_update().get(pk=person.pk)


def _audit(actor, person: Person, verb: str, before: dict) -> None:
    changes = diff(before, person_state(person))
    if changes:
        audit_record(actor=actor, action=f"registry.person.{verb}", obj=person, changes=changes)


@transaction.atomic
def person_add_phone(*, actor, person: Person, phone: str) -> Phone:
    """Add a phone (stored E.164, Libyan numbers accepted as typed); the first becomes primary."""
    person = _editable(actor, person)
    errors: dict[str, list[str]] = {}
    phones = clean_phones([phone], errors, field="phone")
    if not phones and not errors:
        errors["phone"] = [_("Enter a phone number.")]
    if errors:
        raise ValidationError(errors)
    number, typed = phones[0]
    if person.phones.filter(number=number).exists():
        raise ValidationError({"phone": [_("This person already has this phone number.")]})
    before = person_state(person)
    added = Phone.objects.create(
        person=person, number=number, as_typed=typed, is_primary=not person.phones.exists()
    )
    _audit(actor, person, "add_phone", before)
    return added


@transaction.atomic
def person_remove_phone(*, actor, person: Person, number: str) -> None:
    """Remove one of the person's phones (by its E.164 number); another becomes primary if needed."""
    person = _editable(actor, person)
    phone = person.phones.filter(number=number).first()
    if phone is None:
        raise ValidationError({"phone": [_("This person has no such phone number.")]})
    before = person_state(person)
    phone.delete()
    if phone.is_primary:
        first = person.phones.order_by("pk").first()
        if first is not None:
            first.is_primary = True
            first.save(update_fields=["is_primary"])
    _audit(actor, person, "remove_phone", before)


@transaction.atomic
def person_add_document(
    *, actor, person: Person, document_type: str, number: str, issuing_country: str = "", expiry_date=None
) -> IdentityDocument:
    person = _editable(actor, person)
    errors: dict[str, list[str]] = {}
    documents = clean_documents(
        [
            {
                "document_type": document_type,
                "number": number,
                "issuing_country": issuing_country,
                "expiry_date": expiry_date,
            }
        ],
        errors,
        field="document_number",
    )
    if not documents and not errors:
        errors["document_number"] = [_("Enter the document number.")]
    if errors:
        raise ValidationError(errors)
    data = documents[0]
    if person.documents.filter(
        document_type=data["document_type"], number_normalised=data["number_normalised"]
    ).exists():
        raise ValidationError({"document_number": [_("This person already has this document.")]})
    before = person_state(person)
    document = IdentityDocument.objects.create(person=person, **data)
    _audit(actor, person, "add_document", before)
    return document


@transaction.atomic
def person_remove_document(*, actor, person: Person, document: IdentityDocument) -> None:
    person = _editable(actor, person)
    if document.person_id != person.pk:
        raise ValidationError({"document": [_("This document is not this person's.")]})
    before = person_state(person)
    document.delete()
    _audit(actor, person, "remove_document", before)
