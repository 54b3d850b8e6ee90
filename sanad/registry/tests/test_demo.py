"""Demo people: created once, in households, with repeat registrations under other spellings."""

from __future__ import annotations

import pytest

from sanad.registry.demo import HOUSEHOLDS, REPEATS, demo_seed_people
from sanad.registry.models import Household, Person

pytestmark = pytest.mark.django_db


def test_demo_people_are_seeded_once(make_user):
    make_user("caseworker", username="caseworker")
    make_user("team_leader", username="team_leader")
    expected = sum(len(rows) for rows in HOUSEHOLDS) + len(REPEATS)
    assert demo_seed_people() == expected
    assert demo_seed_people() == 0
    assert Person.objects.count() == expected
    assert Household.objects.count() == len(HOUSEHOLDS)
    assert Person.objects.filter(given_name="Muhammad", family_name="Adam").exists()
    assert Person.objects.exclude(given_name_ar="").count() >= 28
