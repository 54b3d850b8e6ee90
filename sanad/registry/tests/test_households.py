"""Household members after registration: add an existing person, remove a member, change a
relationship, make someone the head — pages, services and who may use them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.core.models import AuditEvent
from sanad.core.tests.role_matrix import REVIEWED
from sanad.registry.models import Household, Person, Registration
from sanad.registry.services import household_register, household_set_head, person_register

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["persons.view"])
EDITORS = set(REVIEWED["persons.edit"])
CHANNEL = Registration.Channel.MOBILE_TEAM


@pytest.fixture
def household(users):
    return household_register(
        actor=users["caseworker"],
        members=[
            {"given_name": "Salma", "family_name": "Kebede", "relationship": "head"},
            {"given_name": "Yonas", "family_name": "Kebede", "relationship": "child"},
        ],
        registration_channel=CHANNEL,
    )


@pytest.fixture
def loner(users):
    return person_register(
        actor=users["caseworker"],
        data={"given_name": "Abdelrahman", "family_name": "Kebede", "given_name_ar": "عبد الرحمن"},
        registration_channel=CHANNEL,
    )


def member(household, name):
    return household.members.get(given_name=name)


def household_events():
    return AuditEvent.objects.filter(action__startswith="registry.household.").exclude(
        action="registry.household.register"
    )


def test_household_page_shows_member_tools_to_editors_only(users, client_for, household):
    url = reverse("registry:household_detail", args=[household.uuid])
    for role in VIEWERS:
        html = client_for(users[role]).get(url).content.decode()
        assert ('id="member-search"' in html) == (role in EDITORS), role
        assert ("/remove/" in html) == (role in EDITORS), role


def test_household_page_in_arabic(users, client_for, household):
    with translation.override("ar"):
        response = client_for(users["caseworker"]).get(
            reverse("registry:household_detail", args=[household.uuid]), HTTP_ACCEPT_LANGUAGE="ar"
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert 'id="member-search"' in html


def test_member_search_role_matrix_and_results(
    users, other_agency_users, client_for, household, loner, django_assert_max_num_queries
):
    url = reverse("registry:household_member_search", args=[household.uuid])
    for role, user in users.items():
        response = client_for(user).get(url, {"q": "Abdelrahman"})
        assert response.status_code == (200 if role in EDITORS else 403), role
    assert client_for(other_agency_users["caseworker"]).get(url, {"q": "x"}).status_code == 404
    client = client_for(users["caseworker"])
    with django_assert_max_num_queries(15):
        html = client.get(url, {"q": "عبدالرحمن"}, HTTP_HX_REQUEST="true").content.decode()
    assert loner.reference in html and 'data-testid="search-result"' in html
    # Members already in the household are not offered again.
    html = client.get(url, {"q": "Kebede"}).content.decode()
    assert member(household, "Yonas").reference not in html and loner.reference in html


def test_add_member_role_matrix(users, other_agency_users, client_for, household, loner):
    url = reverse("registry:household_member_add", args=[household.uuid])
    data = {"person": str(loner.uuid), "relationship": "sibling"}
    for role, user in users.items():
        if role not in EDITORS:
            assert client_for(user).post(url, data).status_code == 403, role
    assert client_for(other_agency_users["caseworker"]).post(url, data).status_code == 404
    loner.refresh_from_db()
    assert loner.household_id is None and not household_events().exists()
    response = client_for(users["caseworker"]).post(url, data)
    assert response.status_code == 302
    loner.refresh_from_db()
    assert loner.household_id == household.pk and loner.relationship == "sibling"
    event = household_events().get(action="registry.household.add_member")
    assert event.changes["member"] == [None, loner.reference]


def test_add_a_person_of_another_agency_is_404(users, other_agency_users, client_for, household):
    stranger = person_register(
        actor=other_agency_users["caseworker"], data={"given_name": "Ngozi"}, registration_channel=CHANNEL
    )
    url = reverse("registry:household_member_add", args=[household.uuid])
    response = client_for(users["caseworker"]).post(
        url, {"person": str(stranger.uuid), "relationship": "spouse"}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.household_id is None and not household_events().exists()


def test_add_refuses_bad_relationship_and_another_household(users, client_for, household, loner):
    client = client_for(users["caseworker"])
    url = reverse("registry:household_member_add", args=[household.uuid])
    response = client.post(url, {"person": str(loner.uuid), "relationship": "cousin-ish"}, follow=True)
    assert "Choose a relationship from the list." in response.content.decode()
    other = household_register(
        actor=users["caseworker"], members=[{"given_name": "Musa"}], registration_channel=CHANNEL
    )
    musa = other.members.get()
    response = client.post(url, {"person": str(musa.uuid), "relationship": "spouse"}, follow=True)
    assert "belongs to another household" in response.content.decode()
    loner.refresh_from_db()
    musa.refresh_from_db()
    assert loner.household_id is None and musa.household_id == other.pk
    assert not household_events().exists()


def test_remove_member_role_matrix(users, other_agency_users, client_for, household):
    yonas = member(household, "Yonas")
    url = reverse("registry:household_member_remove", args=[household.uuid, yonas.uuid])
    for role, user in users.items():
        if role not in EDITORS:
            assert client_for(user).post(url).status_code == 403, role
    assert client_for(other_agency_users["caseworker"]).post(url).status_code == 404
    assert client_for(users["caseworker"]).get(url).status_code == 405
    yonas.refresh_from_db()
    assert yonas.household_id == household.pk and not household_events().exists()
    assert client_for(users["caseworker"]).post(url).status_code == 302
    yonas.refresh_from_db()
    assert yonas.household_id is None and yonas.relationship == ""
    assert household_events().get().action == "registry.household.remove_member"
    # Not a member any more: 404.
    assert client_for(users["caseworker"]).post(url).status_code == 404


def test_removing_the_head_leaves_the_household_headless(users, client_for, household):
    salma = member(household, "Salma")
    url = reverse("registry:household_member_remove", args=[household.uuid, salma.uuid])
    assert client_for(users["caseworker"]).post(url).status_code == 302
    household.refresh_from_db()
    assert household.head_id is None


def test_change_relationship_and_make_head(users, other_agency_users, client_for, household):
    salma, yonas = member(household, "Salma"), member(household, "Yonas")
    url = reverse("registry:household_member_relationship", args=[household.uuid, yonas.uuid])
    for role, user in users.items():
        if role not in EDITORS:
            assert client_for(user).post(url, {"relationship": "head"}).status_code == 403, role
    assert client_for(other_agency_users["caseworker"]).post(url, {"relationship": "head"}).status_code == 404
    household.refresh_from_db()
    assert household.head_id == salma.pk and not household_events().exists()
    client = client_for(users["caseworker"])
    assert client.post(url, {"relationship": "sibling"}).status_code == 302
    yonas.refresh_from_db()
    assert yonas.relationship == "sibling"
    assert client.post(url, {"relationship": "head"}).status_code == 302
    household.refresh_from_db()
    salma.refresh_from_db()
    yonas.refresh_from_db()
    assert household.head_id == yonas.pk and yonas.relationship == "head"
    assert salma.relationship == "other_relative"
    event = household_events().get(action="registry.household.set_head")
    assert event.changes["head"] == [salma.reference, yonas.reference]


def test_the_head_relationship_cannot_be_changed_away(users, client_for, household):
    salma = member(household, "Salma")
    url = reverse("registry:household_member_relationship", args=[household.uuid, salma.uuid])
    response = client_for(users["caseworker"]).post(url, {"relationship": "spouse"}, follow=True)
    assert "Make another member the head" in response.content.decode()
    salma.refresh_from_db()
    household.refresh_from_db()
    assert salma.relationship == "head" and household.head_id == salma.pk
    assert not household_events().exists()


def test_set_head_service_validates(users, household, loner):
    from django.core.exceptions import ValidationError

    from sanad.core.errors import DomainError

    with pytest.raises(ValidationError):
        household_set_head(actor=users["caseworker"], household=household, person=loner)
    refused = next(role for role in users if role not in EDITORS)
    with pytest.raises(DomainError):
        household_set_head(actor=users[refused], household=household, person=member(household, "Yonas"))
    assert Household.objects.get().head == member(household, "Salma")
    assert Person.objects.get(pk=loner.pk).household_id is None
