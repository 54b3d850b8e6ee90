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
    rows = list(csv.DictReader(export.open(encoding="utf-8-sig")))  # CSV files carry a BOM
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


def test_an_open_pair_no_longer_found_is_superseded_and_decided_pairs_are_kept(registry, users):
    from sanad.core.models import AuditEvent

    adam, repeat, household = registry
    salma, yonas = sorted(household.members.all(), key=lambda p: p.pk)
    # A stale open batch pair between two active people the run does not propose.
    stale = DuplicatePair.objects.create(person_a=salma, person_b=yonas, band="review")
    # A stale pair already decided stays as decided.
    decided = DuplicatePair.objects.create(
        person_a=adam, person_b=salma, band="review", status="different_people"
    )
    # A realtime pair (sent to review at registration) is not the batch run's to close.
    realtime = DuplicatePair.objects.create(person_a=repeat, person_b=yonas, source="realtime")
    call_command("find_duplicates", stdout=io.StringIO())
    stale.refresh_from_db()
    decided.refresh_from_db()
    realtime.refresh_from_db()
    assert stale.status == "superseded"
    assert decided.status == "different_people"
    assert realtime.status == "open"
    found = DuplicatePair.objects.get(person_a=adam, person_b=repeat)
    assert found.status == "open"
    event = AuditEvent.objects.filter(action="matching.detection.run").latest("pk")
    assert event.changes["result"][1]["superseded"] == 1
    # Found again by a later run, a superseded pair reopens; one found again stays open.
    found.status = "superseded"
    found.save(update_fields=["status"])
    call_command("find_duplicates", stdout=io.StringIO())
    found.refresh_from_db()
    assert found.status == "open"


def test_a_pair_with_a_merged_person_is_not_superseded(registry):
    adam, repeat, household = registry
    salma, yonas = sorted(household.members.all(), key=lambda p: p.pk)
    pair = DuplicatePair.objects.create(person_a=salma, person_b=yonas, band="review")
    yonas.status = "merged"
    yonas.save(update_fields=["status"])
    call_command("find_duplicates", stdout=io.StringIO())
    pair.refresh_from_db()
    assert pair.status == "open"
