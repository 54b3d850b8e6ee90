"""Batch detection through the service and ``sanad find_duplicates --export``."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from sanad.matching.models import DuplicatePair
from sanad.matching.services import pair_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(users, register, register_household, adam):
    actor = users["caseworker"]
    repeat = register(
        actor,
        given_name="Adam",
        father_name="Ibraheem",
        family_name="Harun",
        sex="M",
        date_of_birth="1991-03-12",
        phones=["091 234 5678"],
        external_id="EXT-2",
    )
    household = register_household(
        actor,
        [
            {
                "given_name": "Salma",
                "father_name": "Idris",
                "family_name": "Kebede",
                "phones": ["0925550101"],
                "date_of_birth": "1985-01-01",
                "relationship": "head",
            },
            {
                "given_name": "Yonas",
                "father_name": "Idris",
                "family_name": "Kebede",
                "phones": ["0925550101"],
                "date_of_birth": "1990-06-01",
                "relationship": "sibling",
            },
        ],
    )
    return adam, repeat, household


def test_find_duplicates_command_stores_pairs_and_exports(registry, tmp_path):
    adam, repeat, household = registry
    out, export = io.StringIO(), tmp_path / "pairs.csv"
    call_command("find_duplicates", export=str(export), stdout=out)
    pair = DuplicatePair.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {adam.pk, repeat.pk}
    assert pair.person_a_id < pair.person_b_id
    assert pair.band == "duplicate" and pair.source == "batch" and pair.status == "open"
    assert pair.features["given_name"] == "given:exact" and "phone:exact" in pair.reasons
    rows = list(csv.DictReader(export.open(encoding="utf-8")))
    assert list(rows[0]) == ["external_id_a", "external_id_b", "match_weight", "match_probability", "band"]
    assert {rows[0]["external_id_a"], rows[0]["external_id_b"]} == {adam.reference, "EXT-2"}
    assert rows[0]["band"] == "duplicate" and float(rows[0]["match_weight"]) >= 10
    assert "likely duplicates" in out.getvalue()
    # Household members sharing family name, father's name and phone are not proposed.
    members = set(household.members.values_list("pk", flat=True))
    assert not DuplicatePair.objects.filter(person_a__in=members, person_b__in=members).exists()


def test_a_pair_decided_different_is_not_proposed_again(registry, users):
    call_command("find_duplicates", stdout=io.StringIO())
    pair = DuplicatePair.objects.get()
    pair_decide(actor=users["team_leader"], pair=pair, decision="different_people")
    call_command("find_duplicates", stdout=io.StringIO())
    pair.refresh_from_db()
    assert DuplicatePair.objects.count() == 1
    assert pair.status == "different_people"
