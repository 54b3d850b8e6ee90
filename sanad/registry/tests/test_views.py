"""Registry pages: registration with the duplicate check, person page, edit, list, household,
consent — and who may use them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.core.models import AuditEvent
from sanad.core.tests.role_matrix import REVIEWED, assert_role_matrix
from sanad.matching.models import DuplicatePair
from sanad.registry import duplicates
from sanad.registry.models import Consent, Household, Person, Registration
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["persons.view"])
REGISTRARS = set(REVIEWED["persons.register"])
EDITORS = set(REVIEWED["persons.edit"])


@dataclass
class FakeCandidate:
    person: Person
    match_weight: float = 12.0
    match_probability: float = 0.99
    band: str = "duplicate"
    reasons: list[str] = field(default_factory=lambda: ["Same given name: Mohamed ≈ محمد"])


@pytest.fixture
def no_candidates(monkeypatch):
    monkeypatch.setattr(duplicates, "find_candidates", lambda **kwargs: [])


@pytest.fixture
def person(users):
    return person_register(
        actor=users["caseworker"],
        data={
            "given_name": "Mohamed",
            "family_name": "Ali",
            "given_name_ar": "محمد",
            "phones": ["0912345678"],
        },
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )


def form_data(**overrides):
    data = {
        "given_name": "Aisha",
        "family_name": "Musa",
        "sex": "F",
        "date_of_birth_precision": "year",
        "birth_year": "1995",
        "population_group": "migrant",
        "nationality": "Nigeria",
        "phone": "0912223333",
        "idempotency_key": "form-1",
        "member-TOTAL_FORMS": "0",
        "member-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_register_page_renders_for_registrars_only(users, client_for):
    for role, user in users.items():
        response = client_for(user).get(reverse("registry:person_register"))
        assert response.status_code == (200 if role in REGISTRARS else 403), role


def test_register_page_in_arabic_is_rtl(users, client_for):
    client = client_for(users["caseworker"])
    with translation.override("ar"):
        response = client.get(reverse("registry:person_register"), HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert 'dir="rtl"' in html.split(">", 2)[1] or '<html lang="ar" dir="rtl">' in html
    assert 'name="given_name_ar"' in html and 'dir="rtl" lang="ar"' in html


def test_register_without_candidates_saves(users, client_for, no_candidates):
    response = client_for(users["caseworker"]).post(reverse("registry:person_register"), form_data())
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "registry:person_detail", args=[person.uuid]
    )
    assert person.nationality == "NGA" and person.date_of_birth.year == 1995
    assert person.date_of_birth_precision == "year"
    assert person.phones.get().number == "+218912223333"


def test_register_household_inline(users, client_for, no_candidates):
    data = form_data(
        **{
            "member-TOTAL_FORMS": "2",
            "member-0-given_name_ar": "فاطمة",
            "member-0-sex": "F",
            "member-0-relationship": "child",
            "member-0-date_of_birth_precision": "estimated",
            "member-0-age": "7",
            # An added row left empty is ignored.
            "member-1-relationship": "child",
            "member-1-date_of_birth_precision": "exact",
        }
    )
    response = client_for(users["caseworker"]).post(reverse("registry:person_register"), data)
    assert response.status_code == 302
    household = Household.objects.get()
    assert household.head.given_name == "Aisha"
    assert sorted(household.members.values_list("relationship", flat=True)) == ["child", "head"]


def test_register_member_error_keeps_everything(users, client_for, no_candidates):
    data = form_data(
        **{
            "member-TOTAL_FORMS": "1",
            "member-0-given_name": "Omar",
            "member-0-relationship": "child",
            "member-0-date_of_birth_precision": "exact",
            "member-0-date_of_birth": "2999-01-01",
        }
    )
    response = client_for(users["caseworker"]).post(reverse("registry:person_register"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The date of birth cannot be in the future." in html
    assert 'value="Aisha"' in html and 'value="Omar"' in html
    assert Person.objects.count() == 0 and Household.objects.count() == 0


def test_bad_phone_is_a_field_error(users, client_for, no_candidates):
    response = client_for(users["caseworker"]).post(
        reverse("registry:person_register"), form_data(phone="12")
    )
    assert response.status_code == 400
    assert "is not a phone number" in response.content.decode()
    assert Person.objects.count() == 0


def test_candidates_are_shown_then_linking_adds_a_registration(users, client_for, person, monkeypatch):
    monkeypatch.setattr(duplicates, "find_candidates", lambda **kwargs: [FakeCandidate(person)])
    client = client_for(users["team_leader"])
    response = client.post(
        reverse("registry:person_register"), form_data(given_name="Muhammad", family_name="Ali")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Same given name: Mohamed ≈ محمد" in html and person.reference in html
    assert Person.objects.count() == 1
    response = client.post(
        reverse("registry:person_register"),
        form_data(given_name="Muhammad", family_name="Ali", decision=f"link:{person.uuid}"),
    )
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert person.registrations.count() == 2
    assert "+218912223333" in set(person.phones.values_list("number", flat=True))


def test_register_as_new_and_review_despite_candidates(users, client_for, person, monkeypatch):
    monkeypatch.setattr(duplicates, "find_candidates", lambda **kwargs: [FakeCandidate(person)])
    client = client_for(users["caseworker"])
    client.post(reverse("registry:person_register"), form_data(decision="new"))
    client.post(
        reverse("registry:person_register"),
        form_data(idempotency_key="form-2", decision=f"review:{person.uuid}"),
    )
    assert Person.objects.count() == 3
    reviewed = Person.objects.order_by("pk").last()
    pair = DuplicatePair.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {person.pk, reviewed.pk}


def test_check_step_returns_the_candidates_panel(users, client_for, person, monkeypatch):
    monkeypatch.setattr(duplicates, "find_candidates", lambda **kwargs: [FakeCandidate(person)])
    response = client_for(users["caseworker"]).post(
        reverse("registry:person_check"), form_data(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert person.reference in response.content.decode()


def test_a_refused_registration_changes_nothing(users, client_for):
    response = client_for(users["logistics_officer"]).post(reverse("registry:person_register"), form_data())
    assert response.status_code == 403
    assert (
        Person.objects.count() == 0 and not AuditEvent.objects.filter(action__startswith="registry.").exists()
    )


def test_person_page_role_matrix(users, other_team_users, other_agency_users, client_for, person):
    url = reverse("registry:person_detail", args=[person.uuid])
    for role, user in users.items():
        response = client_for(user).get(url)
        assert response.status_code == (200 if role in VIEWERS else 403), role
    # Another team of the same agency finds the person (people move between locations).
    assert client_for(other_team_users["caseworker"]).get(url).status_code == 200
    for role in VIEWERS:
        assert client_for(other_agency_users[role]).get(url).status_code in (404, 200), role
    assert client_for(other_agency_users["caseworker"]).get(url).status_code == 404


def test_person_page_shows_identity_household_and_timeline(
    users, client_for, person, django_assert_max_num_queries
):
    client = client_for(users["caseworker"])
    with django_assert_max_num_queries(30):
        response = client.get(reverse("registry:person_detail", args=[person.uuid]))
    html = response.content.decode()
    assert person.reference in html and "محمد" in html
    assert 'data-kind="registration"' in html


def test_edit_page_role_matrix_and_audit(users, other_agency_users, client_for, person):
    url = reverse("registry:person_edit", args=[person.uuid])
    for role, user in users.items():
        assert client_for(user).get(url).status_code == (200 if role in EDITORS else 403), role
    assert client_for(other_agency_users["caseworker"]).get(url).status_code == 404
    data = {
        "given_name": "Mohammed",
        "family_name": "Ali",
        "given_name_ar": "محمد",
        "sex": "M",
        "date_of_birth_precision": "exact",
        "population_group": "migrant",
        "phone": "0912345678",
    }
    refused = client_for(other_agency_users["caseworker"]).post(url, data)
    assert refused.status_code == 404
    person.refresh_from_db()
    assert person.given_name == "Mohamed"
    assert not AuditEvent.objects.filter(action="registry.person.update").exists()
    response = client_for(users["caseworker"]).post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Mohammed" and person.sex == "M"
    event = AuditEvent.objects.get(action="registry.person.update")
    assert event.changes["given_name"] == ["Mohamed", "Mohammed"]


def test_consent_record_and_withdraw(users, other_agency_users, client_for, person):
    url = reverse("registry:consent_record", args=[person.uuid])
    assert client_for(other_agency_users["caseworker"]).post(url, {"purpose": "referral"}).status_code == 404
    assert client_for(users["me_officer"]).post(url, {"purpose": "referral"}).status_code == 403
    assert Consent.objects.count() == 0
    assert (
        client_for(users["caseworker"]).post(url, {"purpose": "referral", "given_by": "Mother"}).status_code
        == 302
    )
    consent = Consent.objects.get()
    withdraw = reverse("registry:consent_withdraw", args=[person.uuid, consent.uuid])
    assert client_for(users["caseworker"]).post(withdraw).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on is not None


def test_list_page_role_matrix_and_query_count(
    users, other_agency_users, client_for, person, django_assert_max_num_queries
):
    for i in range(5):
        person_register(
            actor=users["caseworker"], data={"given_name": f"Person{i}"}, registration_channel="mobile_team"
        )
    url = reverse("registry:person_list")
    for role, user in users.items():
        assert client_for(user).get(url).status_code == (200 if role in VIEWERS else 403), role
    client = client_for(users["caseworker"])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.content.decode().count('data-testid="person-row"') == 6
    other = client_for(other_agency_users["caseworker"]).get(url)
    assert person.reference not in other.content.decode()


@pytest.mark.parametrize("query", ["Mohamed", "mohamed ali", "+218 91 234 5678", "0912345678"])
def test_list_search(users, client_for, person, query):
    response = client_for(users["caseworker"]).get(reverse("registry:person_list"), {"q": query})
    assert person.reference in response.content.decode()


def test_household_page_role_matrix(users, other_agency_users, client_for, no_candidates):
    client_for(users["caseworker"]).post(
        reverse("registry:person_register"),
        form_data(
            **{
                "member-TOTAL_FORMS": "1",
                "member-0-given_name": "Omar",
                "member-0-relationship": "child",
                "member-0-date_of_birth_precision": "exact",
            }
        ),
    )
    household = Household.objects.get()
    url = reverse("registry:household_detail", args=[household.uuid])
    for role, user in users.items():
        assert client_for(user).get(url).status_code == (200 if role in VIEWERS else 403), role
    assert client_for(other_agency_users["caseworker"]).get(url).status_code == 404
    assert "Omar" in client_for(users["caseworker"]).get(url).content.decode()


def test_real_duplicate_check_and_review_request(users, client_for, person):
    """With the matching app's real check: the Latin-stored person is found from an Arabic entry
    with the same phone, and "register and send to review" opens a duplicate pair."""
    from sanad.matching.models import DuplicatePair

    client = client_for(users["caseworker"])
    data = form_data(
        given_name="",
        family_name="",
        given_name_ar="محمد",
        family_name_ar="علي",
        sex="M",
        nationality="",
        phone="0912345678",
    )
    response = client.post(reverse("registry:person_register"), data)
    assert response.status_code == 200
    assert person.reference in response.content.decode()
    assert Person.objects.count() == 1
    response = client.post(reverse("registry:person_register"), {**data, "decision": f"review:{person.uuid}"})
    assert response.status_code == 302
    new = Person.objects.exclude(pk=person.pk).get()
    pair = DuplicatePair.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {person.pk, new.pk}


def test_registry_grants_are_the_reviewed_ones():
    """The registry rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("persons")
