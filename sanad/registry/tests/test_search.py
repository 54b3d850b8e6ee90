"""The one search box: names in any script and spelling, phones, documents, references; scoped."""

from __future__ import annotations

import pytest

from sanad.registry.models import Registration
from sanad.registry.selectors import person_search
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(users):
    def register(**data):
        return person_register(
            actor=users["caseworker"], data=data, registration_channel=Registration.Channel.MOBILE_TEAM
        )

    return {
        "mohamed": register(
            given_name="Mohamed",
            family_name="Ali",
            phones=["0912345678"],
            documents=[{"document_type": "passport", "number": "A-123 456"}],
        ),
        "fatima": register(given_name_ar="فاطمة", family_name_ar="حسن"),
        "omar": register(given_name="Omar", family_name="Ali"),
    }


def found(actor, text):
    return [p.reference for p in person_search(actor=actor, text=text)]


def test_arabic_query_finds_the_latin_stored_name(users, people):
    assert people["mohamed"].reference in found(users["caseworker"], "محمد")


@pytest.mark.parametrize("text", ["Muhammad", "mohammed ali", "MOHAMED"])
def test_other_spellings_find_the_person(users, people, text):
    assert found(users["caseworker"], text)[0] == people["mohamed"].reference


def test_latin_query_finds_the_arabic_stored_name(users, people):
    assert people["fatima"].reference in found(users["caseworker"], "Fatima")


def test_more_matching_keys_rank_first(users, people):
    result = found(users["caseworker"], "Omar Ali")
    assert result[0] == people["omar"].reference


def test_reference_phone_and_document(users, people):
    actor = users["caseworker"]
    mohamed = people["mohamed"].reference
    assert found(actor, mohamed.lower()) == [mohamed]
    assert found(actor, "+218 91 234 5678") == [mohamed]
    assert found(actor, "٠٩١٢٣٤٥٦٧٨") == [mohamed]
    assert found(actor, "a123456") == [mohamed]


def test_search_is_scoped(users, other_agency_users, people):
    assert found(other_agency_users["caseworker"], "Mohamed") == []
    assert found(other_agency_users["caseworker"], people["mohamed"].reference) == []
    assert found(users["logistics_officer"], "Mohamed") == []


def test_empty_query_finds_nothing(users, people):
    assert found(users["caseworker"], "   ") == []


def test_search_query_count(users, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        person_search(actor=users["caseworker"], text="Mohamed Ali 0912345678")
