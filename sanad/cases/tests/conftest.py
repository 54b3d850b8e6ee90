"""Fixtures of the case tests: a person registered by team A's caseworker, and case helpers."""

from __future__ import annotations

import pytest

from sanad.cases.services import case_open
from sanad.registry.models import Registration
from sanad.registry.services import person_register


@pytest.fixture
def person(users):
    return person_register(
        actor=users["caseworker"],
        data={"given_name": "Amina", "family_name": "Yusuf", "given_name_ar": "أمينة", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )


@pytest.fixture
def open_case(users, person):
    def make(case_type="mhpss", actor=None, **kwargs):
        return case_open(actor=actor or users["caseworker"], person=person, case_type=case_type, **kwargs)

    return make
