"""Fixtures for duplicate-detection tests: people registered through the registry's services."""

from __future__ import annotations

import pytest

from sanad.registry.models import Registration
from sanad.registry.services import household_register, person_register

MOBILE = Registration.Channel.MOBILE_TEAM


@pytest.fixture
def register():
    def make(actor, **data):
        data.setdefault("given_name", "Mohamed")
        data.setdefault("family_name", "Ali")
        return person_register(actor=actor, data=data, registration_channel=MOBILE)

    return make


@pytest.fixture
def register_household():
    def make(actor, members):
        return household_register(actor=actor, members=members, registration_channel=MOBILE)

    return make


@pytest.fixture
def adam(users, register):
    """A person registered once, with phone, document and an exact date of birth."""
    return register(
        users["caseworker"],
        given_name="Adam",
        father_name="Ibrahim",
        grandfather_name="Musa",
        family_name="Haroun",
        given_name_ar="آدم",
        sex="M",
        date_of_birth="1991-03-12",
        nationality="TCD",
        phones=["091 234 5678"],
        documents=[{"document_type": "passport", "number": "TD 445566", "issuing_country": "TCD"}],
    )
