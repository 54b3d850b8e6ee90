"""The real-time check: re-spelt repeats found with reasons; household members are not duplicates."""

from __future__ import annotations

import datetime

import pytest

from sanad.matching.models import DuplicatePair
from sanad.matching.realtime import find_candidates, find_candidates_for_person
from sanad.matching.services import pair_decide, review_request

pytestmark = pytest.mark.django_db


def test_respelt_repeat_registration_is_found_with_reasons(users, adam):
    found = find_candidates(
        actor=users["caseworker"],
        given_name="Adam",
        father_name="Ibraheem",
        family_name="Harun",
        sex="M",
        date_of_birth=datetime.date(1991, 3, 12),
        nationality="TCD",
        phones=["+218912345678"],
    )
    assert [c.person for c in found] == [adam]
    candidate = found[0]
    assert candidate.band == "duplicate"
    assert 0.99 < candidate.match_probability <= 1
    assert "Same given name: Adam ≈ Adam / آدم" in candidate.reasons
    # Re-spellings fold to the same key (or a close one, depending on the name rules).
    assert {"Same father's name: Ibraheem ≈ Ibrahim", "Similar father's name: Ibraheem ≈ Ibrahim"} & set(
        candidate.reasons
    )
    assert {"Same family name: Harun ≈ Haroun", "Similar family name: Harun ≈ Haroun"} & set(
        candidate.reasons
    )
    assert "Same date of birth: 1991-03-12" in candidate.reasons
    assert "Same phone: +218912345678" in candidate.reasons


def test_given_and_family_name_swapped_by_a_registrar_is_found(users, adam):
    found = find_candidates(
        actor=users["caseworker"],
        given_name="Haroun",
        father_name="Ibrahim",
        family_name="Adam",
        sex="M",
        date_of_birth=datetime.date(1991, 1, 1),
        date_of_birth_precision="year",
        nationality="TCD",
    )
    assert found and found[0].person == adam
    assert found[0].levels["given_name"] == "given:swapped"
    assert "Given and family names swapped" in found[0].reasons


def test_document_number_alone_finds_the_person(users, adam):
    found = find_candidates(actor=users["caseworker"], given_name="Adam", document_numbers=["td-445566"])
    assert found and found[0].person == adam
    assert "Same document number" in found[0].reasons


def test_household_member_sharing_family_name_and_phone_is_not_a_duplicate(users, register_household):
    household = register_household(
        users["caseworker"],
        [
            {
                "given_name": "Abdelrahman",
                "father_name": "Osman",
                "family_name": "Bashir",
                "sex": "M",
                "date_of_birth": "1980",
                "date_of_birth_precision": "year",
                "phones": ["0925551234"],
                "relationship": "head",
            },
            {
                "given_name": "Khadija",
                "father_name": "Osman",
                "family_name": "Bashir",
                "sex": "F",
                "date_of_birth": "1984",
                "date_of_birth_precision": "year",
                "phones": ["0925551234"],
                "relationship": "sibling",
            },
        ],
    )
    # A third sibling registered: same father, family name, phone and place — a different person.
    found = find_candidates(
        actor=users["caseworker"],
        given_name="Yousef",
        father_name="Osman",
        family_name="Bashir",
        sex="M",
        date_of_birth=datetime.date(1986, 1, 1),
        date_of_birth_precision="year",
        phones=["0925551234"],
    )
    assert household.members.count() == 2
    assert all(c.band != "duplicate" for c in found)
    assert all(c.band == "possible" or c.match_weight < 4 for c in found)
    # ... while the head registered again under another spelling is flagged.
    again = find_candidates(
        actor=users["caseworker"],
        given_name="Abdulrahman",
        father_name="Othman",
        family_name="Bashir",
        sex="M",
        date_of_birth=datetime.date(1980, 1, 1),
        date_of_birth_precision="year",
        phones=["0925551234"],
    )
    assert again and again[0].person.given_name == "Abdelrahman"
    assert again[0].band in ("duplicate", "review")


def test_decided_different_people_is_not_proposed_again(users, register, adam):
    twin = register(
        users["caseworker"],
        given_name="Adam",
        father_name="Ibrahim",
        grandfather_name="Musa",
        family_name="Haroun",
        sex="M",
        date_of_birth="1991-03-12",
        nationality="TCD",
    )
    before = find_candidates_for_person(actor=users["team_leader"], person=twin)
    assert [c.person for c in before] == [adam]
    pair = review_request(actor=users["caseworker"], person=twin, candidate=adam)
    pair_decide(actor=users["team_leader"], pair=pair, decision=DuplicatePair.Status.DIFFERENT_PEOPLE)
    assert find_candidates_for_person(actor=users["team_leader"], person=twin) == []
    assert find_candidates_for_person(actor=users["team_leader"], person=adam) == []
    # Asking again does not reopen the decision.
    again = review_request(actor=users["caseworker"], person=adam, candidate=twin)
    assert again.pk == pair.pk and again.status == DuplicatePair.Status.DIFFERENT_PEOPLE


def test_only_people_the_actor_may_see(users, other_agency_users, adam):
    query = {"given_name": "Adam", "family_name": "Haroun", "father_name": "Ibrahim"}
    assert find_candidates(actor=users["caseworker"], **query)
    assert find_candidates(actor=other_agency_users["caseworker"], **query) == []
    assert find_candidates(actor=users["logistics_officer"], **query) == []


def test_merged_records_and_excluded_uuids_are_left_out(users, adam):
    query = {"given_name": "Adam", "family_name": "Haroun", "father_name": "Ibrahim"}
    assert find_candidates(actor=users["caseworker"], exclude_uuids=[adam.uuid], **query) == []


def test_query_count_is_bounded(users, register, adam, django_assert_max_num_queries):
    for n in range(5):
        register(users["caseworker"], given_name="Adam", family_name="Haroun", phones=[f"09123400{n:02d}"])
    with django_assert_max_num_queries(10):
        found = find_candidates(
            actor=users["caseworker"], given_name="Adam", family_name="Haroun", document_numbers=["X1"]
        )
    assert len(found) >= 5


def test_the_same_baladiya_counts_with_the_given_name_and_is_shown_as_a_reason(users, register):
    from sanad.core.tests.factories import AdminUnitFactory

    zwara = AdminUnitFactory(pcode="LY021503", name_en="Zwara")
    muhalla = AdminUnitFactory(pcode="LY02150301", name_en="Zwara Centre", level=4, parent=zwara)
    sabha = AdminUnitFactory(pcode="LY031901", name_en="Sabha")
    omar = register(
        users["caseworker"],
        given_name="Omar",
        father_name="Salem",
        family_name="Kanuni",
        sex="M",
        date_of_birth="1988-01-01",
        date_of_birth_precision="year",
        admin_unit=zwara,
    )
    probe = {
        "actor": users["caseworker"],
        "given_name": "Omar",
        "father_name": "Salem",
        "family_name": "Kanuni",
        "sex": "M",
        "date_of_birth": datetime.date(1988, 1, 1),
        "date_of_birth_precision": "year",
    }
    here = find_candidates(**probe, admin_unit=muhalla)  # a muhalla counts as its baladiya
    elsewhere = find_candidates(**probe, admin_unit=sabha)
    unknown = find_candidates(**probe)
    assert [c.person for c in here] == [omar] == [c.person for c in elsewhere]
    assert here[0].levels["location"] == "location:exact"
    assert "Same place: Zwara Centre (LY02150301) ≈ Zwara (LY021503)" in here[0].reasons
    assert elsewhere[0].levels["location"] == "location:else"
    assert unknown[0].levels["location"] == "location:null"
    assert here[0].match_weight > unknown[0].match_weight > elsewhere[0].match_weight
    # A brother (another given name) at the same place gains nothing from it.
    brother = find_candidates(**{**probe, "given_name": "Khaled"}, admin_unit=zwara)
    assert all(c.levels["location"] == "location:na" for c in brother)
