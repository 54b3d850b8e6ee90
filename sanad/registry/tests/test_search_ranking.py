"""Name search ranks people by how many *different* words of the query their names match."""

from __future__ import annotations

import pytest

from sanad.registry.models import Registration
from sanad.registry.selectors import person_search
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db


def _register(actor, **data):
    return person_register(actor=actor, data=data, registration_channel=Registration.Channel.MOBILE_TEAM)


def test_a_name_repeated_across_parts_counts_once(users):
    actor = users["caseworker"]
    repeated = _register(
        actor, given_name="Mohamed", father_name="Mohamed", grandfather_name="Mohamed", family_name="Hassan"
    )
    repeated_with_family = _register(
        actor, given_name="Mohamed", father_name="Mohamed", grandfather_name="Mohamed", family_name="Ali"
    )
    exact = _register(actor, given_name="Mohamed", father_name="Ahmed", family_name="Ali")

    result = [p.pk for p in person_search(actor=actor, text="Mohamed Ahmed Ali")]

    # Three query words, at least two must match: "Mohamed" three times is still one word.
    assert repeated.pk not in result
    # The person matching all three words comes before the one matching two (with repeats).
    assert result == [exact.pk, repeated_with_family.pk]
