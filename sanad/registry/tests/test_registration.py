"""``registration_submit``: registering from the registration page, the API or a field form is
one service call in one transaction, whatever the registrar decided about a likely duplicate —
register as new, link to the existing person, or register and send to review. Nothing typed is
dropped: household members typed with a linked head join the linked person's household."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from sanad.core.models import AuditEvent
from sanad.registry.models import Household, Person, Registration
from sanad.registry.services import household_register, person_register, registration_submit

pytestmark = pytest.mark.django_db

MOBILE = Registration.Channel.MOBILE_TEAM

# The example (#13, item 1).
HEAD = {
    "given_name": "Abdillahi",
    "father_name": "Hasan",
    "family_name": "Warsami",
    "given_name_ar": "عبدالله",
    "father_name_ar": "حسن",
    "family_name_ar": "ورسمى",
    "sex": "M",
    "date_of_birth": "1987-01-01",
    "date_of_birth_precision": "year",
    "nationality": "SOM",
}
SAGAL = {"given_name": "Sagal", "family_name": "Abdillahi", "sex": "F", "relationship": "child"}


@pytest.fixture
def existing(users):
    return person_register(actor=users["caseworker"], data=dict(HEAD), registration_channel=MOBILE)


def test_link_keeps_the_members_in_a_household_headed_by_the_linked_person(users, existing):
    outcome = registration_submit(
        actor=users["caseworker"],
        head={**HEAD, "phones": ["0912345678"]},
        members=[SAGAL],
        decision="link",
        candidate=existing,
        registration_channel=MOBILE,
        idempotency_key="form-1",
    )
    existing.refresh_from_db()
    assert outcome.person == existing
    sagal = Person.objects.get(given_name="Sagal")
    assert [m.pk for m in outcome.members] == [sagal.pk]
    household = Household.objects.get()
    assert outcome.household == household
    assert household.head == existing and existing.household == household
    assert existing.relationship == "head"
    assert sagal.household == household and sagal.relationship == "child"
    assert existing.registrations.count() == 2
    assert "+218912345678" in set(existing.phones.values_list("number", flat=True))
    assert Person.objects.count() == 2


def test_link_adds_the_members_to_the_linked_persons_existing_household(users):
    household = household_register(
        actor=users["caseworker"],
        registration_channel=MOBILE,
        members=[{**HEAD, "relationship": "head"}, {"given_name": "Hodan", "relationship": "spouse"}],
    )
    head = household.head
    outcome = registration_submit(
        actor=users["team_leader"],
        head=dict(HEAD),
        members=[SAGAL],
        decision="link",
        candidate=head,
        registration_channel=MOBILE,
    )
    assert outcome.household == household
    assert Household.objects.count() == 1
    household.refresh_from_db()
    assert household.head == head
    assert sorted(household.members.values_list("given_name", flat=True)) == ["Abdillahi", "Hodan", "Sagal"]


def test_link_keeps_the_documents_flags_and_consent_typed_for_the_head(users, existing):
    registration_submit(
        actor=users["caseworker"],
        head={
            **HEAD,
            "documents": [{"document_type": "passport", "number": "P 123 456"}],
            "flags": ["disability"],
            "consents": [{"purpose": "registration", "given_by": ""}],
        },
        decision="link",
        candidate=existing,
        registration_channel=MOBILE,
    )
    assert list(existing.documents.values_list("number_normalised", flat=True)) == ["P123456"]
    assert list(existing.flags.values_list("flag", flat=True)) == ["disability"]
    assert list(existing.consents.values_list("purpose", flat=True)) == ["registration"]


def test_a_failing_member_rolls_back_the_whole_link(users, existing):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        registration_submit(
            actor=users["caseworker"],
            head={**HEAD, "phones": ["0912345678"]},
            members=[SAGAL, {"given_name": "Omar", "relationship": "child", "date_of_birth": "2999-01-01"}],
            decision="link",
            candidate=existing,
            registration_channel=MOBILE,
        )
    # The member's error is keyed as on the page: the head is members.0, then the members.
    assert "members.2.date_of_birth" in caught.value.message_dict
    assert Person.objects.count() == 1 and Household.objects.count() == 0
    assert existing.registrations.count() == 1 and not existing.phones.exists()
    assert AuditEvent.objects.count() == events


def test_a_retried_link_creates_nothing_twice(users, existing):
    for _attempt in range(2):
        outcome = registration_submit(
            actor=users["caseworker"],
            head=dict(HEAD),
            members=[SAGAL],
            decision="link",
            candidate=existing,
            registration_channel=MOBILE,
            idempotency_key="form-1",
        )
        assert outcome.person == existing
    assert Person.objects.filter(given_name="Sagal").count() == 1
    assert existing.registrations.count() == 2 and Household.objects.count() == 1


def test_review_registers_the_household_and_opens_the_pair_in_one_call(users, existing):
    from sanad.matching.models import DuplicatePair

    outcome = registration_submit(
        actor=users["caseworker"],
        head=dict(HEAD),
        members=[SAGAL],
        decision="review",
        candidate=existing,
        registration_channel=MOBILE,
    )
    assert outcome.person != existing and outcome.household.head == outcome.person
    assert [m.given_name for m in outcome.members] == ["Sagal"]
    pair = DuplicatePair.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {existing.pk, outcome.person.pk}


def test_new_without_members_registers_one_person(users):
    outcome = registration_submit(actor=users["caseworker"], head=dict(HEAD), registration_channel=MOBILE)
    assert outcome.household is None and outcome.members == []
    assert Person.objects.get() == outcome.person


def test_link_and_review_need_a_candidate(users):
    for decision in ("link", "review"):
        with pytest.raises(ValidationError):
            registration_submit(
                actor=users["caseworker"], head=dict(HEAD), decision=decision, registration_channel=MOBILE
            )
    assert Person.objects.count() == 0


def test_a_registrar_without_the_right_changes_nothing(users, existing):
    from sanad.core.errors import DomainError

    with pytest.raises(DomainError):
        registration_submit(
            actor=users["logistics_officer"],
            head=dict(HEAD),
            members=[SAGAL],
            decision="link",
            candidate=existing,
            registration_channel=MOBILE,
        )
    assert Person.objects.count() == 1 and existing.registrations.count() == 1


# ---------------------------------------------------------------------------------------------
# The registration page: the journey
# ---------------------------------------------------------------------------------------------
def _page_data(**overrides):
    # The same head and member as the service tests, as the page posts them (birth year field).
    data = {
        **{key: value for key, value in HEAD.items() if key != "date_of_birth"},
        "birth_year": "1987",
        "population_group": "migrant",
        "idempotency_key": "form-1",
        "member-TOTAL_FORMS": "1",
        "member-INITIAL_FORMS": "0",
        "member-0-given_name": SAGAL["given_name"],
        "member-0-sex": SAGAL["sex"],
        "member-0-relationship": SAGAL["relationship"],
        "member-0-date_of_birth_precision": "exact",
    }
    data.update(overrides)
    return data


def test_page_link_keeps_the_member_and_says_so(users, client_for, existing):
    from django.urls import reverse

    client = client_for(users["caseworker"])
    url = reverse("registry:person_register")
    response = client.post(url, _page_data())
    # The real duplicate check finds the existing record and asks for a decision.
    assert response.status_code == 200 and existing.reference in response.content.decode()
    assert Person.objects.count() == 1
    response = client.post(url, _page_data(decision=f"link:{existing.uuid}"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("registry:person_detail", args=[existing.uuid])
    sagal = Person.objects.get(given_name="Sagal")
    existing.refresh_from_db()
    assert sagal.household == existing.household and existing.household.head == existing
    text = " ".join(str(m) for m in response.context["messages"])
    assert "Sagal" in text and existing.household.reference in text
    assert "Sagal" in response.content.decode()  # on the linked person's household card
    # A retried POST (the same form key) adds nothing.
    client.post(url, _page_data(decision=f"link:{existing.uuid}"))
    assert Person.objects.filter(given_name="Sagal").count() == 1
    assert existing.registrations.count() == 2


def test_page_opens_the_collapsed_section_that_holds_an_error(users, client_for):
    from django.urls import reverse

    response = client_for(users["caseworker"]).post(
        reverse("registry:person_register"),
        _page_data(**{"member-TOTAL_FORMS": "0", "document_type": "passport", "document_number": ""}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<details[^>]*data-section="document" open>', html)
    assert "Enter the document number" in html
    assert re.search(r'<details[^>]*data-section="consent">', html)  # no error: stays closed
    assert 'value="Abdillahi"' in html
    assert Person.objects.count() == 0
