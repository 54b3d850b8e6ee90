"""The registry writes that name another person or household (issue 13, item 2): adding, removing
or promoting a household member, linking a registration to an existing person, registering a
person into a household. The rules live in the services (``household_add_member``,
``household_remove_member``, ``household_set_head``, ``person_add_registration`` — which
``registration_submit`` calls to link — and ``person_register``); the pages only resolve the
references. The registry API has no write naming another record (a household is registered with
its members in one body), so these writes are compared page against service: the importer and
the field forms call the services directly.

Reviewed table (written from the rules, before the code was changed):

| write           | bad reference                        | rule         | page                 | service   |
|-----------------|--------------------------------------|--------------|----------------------|-----------|
| add member      | person of another agency             | out of scope | 404                  | Http404   |
| add member      | household of another agency          | out of scope | 404                  | Http404   |
| add member      | a merged record                      | inactive     | reason shown (was 404) | person  |
| remove member   | household of another agency          | out of scope | 404                  | Http404   |
| make head       | person of another agency             | out of scope | 404                  | Http404   |
| link (register) | existing person of another agency    | out of scope | 400 no longer available | Http404 |
| register into   | household of another agency          | out of scope | n/a (no page)        | Http404   |

Out of scope answers as if the record did not exist. Nothing is written on any refusal (no
membership, no registration, no audit event).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from sanad.core.models import AuditEvent
from sanad.registry.models import Person, Registration
from sanad.registry.services import (
    household_add_member,
    household_register,
    household_remove_member,
    household_set_head,
    person_register,
    registration_submit,
)

pytestmark = pytest.mark.django_db

CHANNEL = Registration.Channel.MOBILE_TEAM


def _household(actor, *names):
    return household_register(
        actor=actor,
        members=[{"given_name": n, "family_name": "Kebede"} for n in names],
        registration_channel=CHANNEL,
    )


def _person(actor, name):
    return person_register(actor=actor, data={"given_name": name}, registration_channel=CHANNEL)


def _member_events():
    return AuditEvent.objects.filter(action__startswith="registry.household.").exclude(
        action="registry.household.register"
    )


@pytest.fixture
def ours(users):
    return _household(users["caseworker"], "Salma", "Yonas")


@pytest.fixture
def theirs(other_agency_users):
    return _household(other_agency_users["caseworker"], "Ngozi", "Chidi")


def test_adding_a_person_of_another_agency_is_404_on_both(users, other_agency_users, client_for, ours):
    stranger = _person(other_agency_users["caseworker"], "Farah")
    url = reverse("registry:household_member_add", args=[ours.uuid])
    page = client_for(users["caseworker"]).post(url, {"person": str(stranger.uuid), "relationship": "spouse"})
    assert page.status_code == 404
    with pytest.raises(Http404):
        household_add_member(
            actor=users["caseworker"], household=ours, person=stranger, relationship="spouse"
        )
    stranger.refresh_from_db()
    assert stranger.household_id is None and not _member_events().exists()


def test_adding_to_a_household_of_another_agency_is_404_on_both(users, client_for, theirs):
    loner = _person(users["caseworker"], "Abdelrahman")
    url = reverse("registry:household_member_add", args=[theirs.uuid])
    page = client_for(users["caseworker"]).post(url, {"person": str(loner.uuid), "relationship": "sibling"})
    assert page.status_code == 404
    with pytest.raises(Http404):
        household_add_member(
            actor=users["caseworker"], household=theirs, person=loner, relationship="sibling"
        )
    loner.refresh_from_db()
    assert loner.household_id is None and not _member_events().exists()


def test_a_merged_record_joins_no_household_and_the_page_says_why(users, client_for, ours):
    from sanad.matching.services import person_merge

    survivor = _person(users["caseworker"], "Musa")
    merged = _person(users["caseworker"], "Mousa")
    person_merge(actor=users["team_leader"], survivor=survivor, merged=merged)
    merged.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        household_add_member(actor=users["caseworker"], household=ours, person=merged, relationship="sibling")
    assert "person" in error.value.message_dict
    url = reverse("registry:household_member_add", args=[ours.uuid])
    page = client_for(users["caseworker"]).post(
        url, {"person": str(merged.uuid), "relationship": "sibling"}, follow=True
    )
    assert page.status_code == 200
    assert "This record was merged or erased and can no longer be edited." in page.content.decode()
    merged.refresh_from_db()
    assert merged.household_id is None and not _member_events().exists()


def test_removing_from_a_household_of_another_agency_is_404_on_both(users, client_for, theirs):
    chidi = theirs.members.get(given_name="Chidi")
    url = reverse("registry:household_member_remove", args=[theirs.uuid, chidi.uuid])
    assert client_for(users["caseworker"]).post(url).status_code == 404
    with pytest.raises(Http404):
        household_remove_member(actor=users["caseworker"], household=theirs, person=chidi)
    chidi.refresh_from_db()
    assert chidi.household_id == theirs.pk and not _member_events().exists()


def test_making_a_person_of_another_agency_head_is_404_on_both(users, client_for, theirs):
    chidi = theirs.members.get(given_name="Chidi")
    url = reverse("registry:household_member_relationship", args=[theirs.uuid, chidi.uuid])
    assert client_for(users["caseworker"]).post(url, {"relationship": "head"}).status_code == 404
    with pytest.raises(Http404):
        household_set_head(actor=users["caseworker"], household=theirs, person=chidi)
    theirs.refresh_from_db()
    assert theirs.head.given_name == "Ngozi" and not _member_events().exists()


def test_linking_a_registration_to_a_person_of_another_agency_is_refused(
    users, other_agency_users, client_for
):
    stranger = _person(other_agency_users["caseworker"], "Abdillahi")
    head = {"given_name": "Abdillahi", "sex": "M", "phones": ["0912345678"]}
    with pytest.raises(Http404):
        registration_submit(
            actor=users["caseworker"],
            head=head,
            members=[{"given_name": "Sagal", "relationship": "child"}],
            decision="link",
            candidate=stranger,
            registration_channel=CHANNEL,
        )
    page = client_for(users["caseworker"]).post(
        reverse("registry:person_register"),
        {
            "given_name": "Abdillahi",
            "sex": "M",
            "date_of_birth_precision": "year",
            "birth_year": "1987",
            "population_group": "migrant",
            "idempotency_key": "form-x",
            "decision": f"link:{stranger.uuid}",
            "member-TOTAL_FORMS": "0",
            "member-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 400
    assert "The record you chose is no longer available." in page.content.decode()
    assert stranger.registrations.count() == 1 and not stranger.phones.exists()
    assert not Person.objects.filter(given_name="Sagal").exists()


def test_registering_a_person_into_a_household_of_another_agency_is_404(users, theirs):
    with pytest.raises(Http404):
        person_register(
            actor=users["caseworker"],
            data={"given_name": "Amal"},
            household=theirs,
            registration_channel=CHANNEL,
        )
    assert not Person.objects.filter(given_name="Amal").exists()
