"""Writes of the person registry. Every write is audited."""

from sanad.registry.services.consent import consent_record, consent_withdraw
from sanad.registry.services.contacts import (
    person_add_document,
    person_add_phone,
    person_remove_document,
    person_remove_phone,
)
from sanad.registry.services.households import (
    household_add_member,
    household_register,
    household_remove_member,
    household_set_head,
)
from sanad.registry.services.name_keys import name_keys_rebuild
from sanad.registry.services.people import (
    person_add_registration,
    person_register,
    person_set_flags,
    person_update,
)
from sanad.registry.services.registration import RegistrationOutcome, registration_submit

__all__ = [
    "RegistrationOutcome",
    "consent_record",
    "consent_withdraw",
    "household_add_member",
    "household_register",
    "household_remove_member",
    "household_set_head",
    "name_keys_rebuild",
    "person_add_document",
    "person_add_phone",
    "person_add_registration",
    "person_remove_document",
    "person_remove_phone",
    "person_register",
    "person_set_flags",
    "person_update",
    "registration_submit",
]
