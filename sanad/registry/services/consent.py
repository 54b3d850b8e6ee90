"""Consent: recorded with its purpose, date and who gave it; withdrawable, never deleted."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record
from sanad.registry.models import Consent, Person
from sanad.registry.services.person_fields import require


@transaction.atomic
def consent_record(
    *, actor, person: Person, purpose: str, given_by: str = "", given_on: datetime.date | None = None
) -> Consent:
    require(actor, "persons.edit", _("You may not edit people."))
    errors: dict[str, list[str]] = {}
    if purpose not in Consent.Purpose.values:
        errors["purpose"] = [_("Choose a consent purpose from the list.")]
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        errors["given_on"] = [_("Consent cannot be given in the future.")]
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        given_on=given_on,
        given_by=" ".join((given_by or "").split())[:150],
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="registry.consent.record",
        obj=person,
        changes={
            "consent": [None, purpose],
            "given_on": [None, given_on.isoformat()],
            "given_by": [None, consent.given_by],
        },
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: datetime.date | None = None) -> Consent:
    require(actor, "persons.edit", _("You may not edit people."))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on < consent.given_on or withdrawn_on > timezone.localdate():
        raise ValidationError(
            {"withdrawn_on": [_("Consent is withdrawn on or after the day it was given, not in the future.")]}
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "updated_at"])
    audit_record(
        actor=actor,
        action="registry.consent.withdraw",
        obj=consent.person,
        changes={
            "consent": [consent.purpose, consent.purpose],
            "withdrawn_on": [None, withdrawn_on.isoformat()],
        },
    )
    return consent
