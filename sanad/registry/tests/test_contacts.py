"""Several phones and documents per person: add / remove from the person page, and who may."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.core.models import AuditEvent
from sanad.core.tests.role_matrix import REVIEWED
from sanad.registry.models import NameKey, Registration
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db

EDITORS = set(REVIEWED["persons.edit"])


@pytest.fixture
def person(users):
    return person_register(
        actor=users["caseworker"],
        data={
            "given_name": "Mohamed",
            "family_name": "Ali",
            "phones": ["0912345678"],
            "documents": [{"document_type": "passport", "number": "A1234567"}],
        },
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )


def contact_events():
    return AuditEvent.objects.filter(action__regex=r"^registry\.person\.(add|remove)_(phone|document)$")


def numbers(person):
    return sorted(person.phones.values_list("number", flat=True))


ENDPOINTS = [
    ("registry:person_phone_add", {"phone": "0925550101"}),
    ("registry:person_phone_remove", {"number": "+218912345678"}),
    ("registry:person_document_add", {"document_type": "national_id", "number": "LY-99"}),
    ("registry:person_document_remove", None),
]


@pytest.mark.parametrize(("name", "data"), ENDPOINTS)
def test_role_matrix_and_refused_writes_change_nothing(
    users, other_agency_users, client_for, person, name, data
):
    data = data or {"document": str(person.documents.get().pk)}
    url = reverse(name, args=[person.uuid])
    for role, user in users.items():
        if role not in EDITORS:
            assert client_for(user).post(url, data).status_code == 403, role
    assert client_for(other_agency_users["caseworker"]).post(url, data).status_code == 404
    assert numbers(person) == ["+218912345678"] and person.documents.count() == 1
    assert not contact_events().exists()
    assert client_for(users["caseworker"]).post(url, data).status_code == 302
    assert contact_events().count() == 1


def test_add_and_remove_phones(users, client_for, person):
    client = client_for(users["caseworker"])
    keys = set(NameKey.objects.filter(person=person).values_list("part", "key"))
    url = reverse("registry:person_phone_add", args=[person.uuid])
    assert client.post(url, {"phone": "٠٩٢٥٥٥٠١٠١"}).status_code == 302
    assert client.post(url, {"phone": "+234 803 123 4567"}).status_code == 302
    assert numbers(person) == ["+218912345678", "+218925550101", "+2348031234567"]
    event = contact_events().filter(action="registry.person.add_phone").order_by("pk").first()
    assert event.changes["phones"][1] == ["+218912345678", "+218925550101"]
    # Bad and repeated numbers are refused with a clear message; nothing changes.
    response = client.post(url, {"phone": "12"}, follow=True)
    assert "is not a phone number" in response.content.decode()
    response = client.post(url, {"phone": "091 234 5678"}, follow=True)
    assert "already has this phone number" in response.content.decode()
    assert len(numbers(person)) == 3 and contact_events().count() == 2
    # Removing the primary makes another primary.
    remove = reverse("registry:person_phone_remove", args=[person.uuid])
    assert client.post(remove, {"number": "+218912345678"}).status_code == 302
    assert numbers(person) == ["+218925550101", "+2348031234567"]
    assert person.phones.filter(is_primary=True).count() == 1
    assert client.post(remove, {"number": "+000"}).status_code == 404
    # Name keys are untouched.
    assert set(NameKey.objects.filter(person=person).values_list("part", "key")) == keys


def test_add_and_remove_documents(users, client_for, person):
    client = client_for(users["caseworker"])
    url = reverse("registry:person_document_add", args=[person.uuid])
    data = {
        "document_type": "unhcr",
        "number": "lby-12 345",
        "issuing_country": "lby",
        "expiry_date": "2030-01-31",
    }
    assert client.post(url, data).status_code == 302
    document = person.documents.get(document_type="unhcr")
    assert document.number_normalised == "LBY12345" and document.issuing_country == "LBY"
    assert str(document.expiry_date) == "2030-01-31"
    for bad, message in [
        ({"document_type": "unhcr", "number": "LBY-12345"}, "already has this document"),
        ({"document_type": "spaceship", "number": "X1"}, "Choose a document type"),
        ({"document_type": "passport", "number": "X1", "issuing_country": "ZZZ"}, "is not a country we know"),
        ({"document_type": "passport", "number": ""}, "Enter the document number"),
        ({"document_type": "passport", "number": "X1", "expiry_date": "31/01/2030"}, "YYYY-MM-DD"),
    ]:
        response = client.post(url, bad, follow=True)
        assert message in response.content.decode(), bad
    assert person.documents.count() == 2 and contact_events().count() == 1
    remove = reverse("registry:person_document_remove", args=[person.uuid])
    assert client.post(remove, {"document": str(document.pk)}).status_code == 302
    assert list(person.documents.values_list("document_type", flat=True)) == ["passport"]
    assert client.post(remove, {"document": str(document.pk)}).status_code == 404


def test_document_of_another_person_is_404(users, client_for, person):
    other = person_register(
        actor=users["caseworker"],
        data={"given_name": "Aisha", "documents": [{"document_type": "passport", "number": "B1"}]},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    remove = reverse("registry:person_document_remove", args=[person.uuid])
    response = client_for(users["caseworker"]).post(remove, {"document": str(other.documents.get().pk)})
    assert response.status_code == 404
    assert other.documents.count() == 1 and not contact_events().exists()


def test_person_page_shows_the_tools_to_editors_in_arabic(users, client_for, person):
    with translation.override("ar"):
        html = (
            client_for(users["caseworker"])
            .get(reverse("registry:person_detail", args=[person.uuid]), HTTP_ACCEPT_LANGUAGE="ar")
            .content.decode()
        )
    assert 'dir="rtl"' in html
    assert 'data-testid="phone-remove"' in html and 'data-testid="document-remove"' in html
    assert reverse("registry:person_phone_add", args=[person.uuid]) in html
    viewer = next(role for role in REVIEWED["persons.view"] if role not in EDITORS)
    html = (
        client_for(users[viewer]).get(reverse("registry:person_detail", args=[person.uuid])).content.decode()
    )
    assert 'data-testid="phone-remove"' not in html
