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


def test_a_small_scope_still_finds_its_people_behind_other_agencies(users, other_agency_users, monkeypatch):
    import sanad.registry.selectors as selectors

    own = _register(other_agency_users["caseworker"], given_name="Omar", family_name="Idris")
    # Registered later, so ranked before ``own``: more than the ranking pool, all out of scope.
    for index in range(11):
        _register(users["caseworker"], given_name="Omar", family_name=f"Name{index}")
    monkeypatch.setattr(selectors, "RANK_POOL", 0)  # pool = limit × 10 = 10

    result = person_search(actor=other_agency_users["caseworker"], text="Omar", limit=1)

    assert [p.pk for p in result] == [own.pk]
    # And the re-ranking stays within scope: the first agency never sees the other's person.
    assert own.pk not in [p.pk for p in person_search(actor=users["caseworker"], text="Omar Idris")]
