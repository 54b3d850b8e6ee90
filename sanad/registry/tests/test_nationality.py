"""Nationality typed as a name (English, Arabic or French) is accepted by the page, the API and
the importer alike, and is shown as a name — not a code — in lists and warnings (#13, item 10)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from sanad.registry.models import Person, Registration
from sanad.registry.services import person_register
from sanad.registry.services.import_rows import parse_nationality

pytestmark = pytest.mark.django_db


def page_data(**overrides):
    data = {
        "given_name": "Abdillahi",
        "family_name": "Warsami",
        "sex": "M",
        "date_of_birth_precision": "year",
        "birth_year": "1987",
        "population_group": "migrant",
        "idempotency_key": "form-1",
        "member-TOTAL_FORMS": "0",
        "member-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("typed", ["الصومال", "Somalia", "Somalie", "somali", "SOM"])
def test_the_page_accepts_the_name_in_any_language(users, client_for, typed):
    response = client_for(users["caseworker"]).post(
        reverse("registry:person_register"), page_data(nationality=typed, decision="new")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.get().nationality == "SOM"


def test_the_page_names_what_it_could_not_read_once(users, client_for):
    response = client_for(users["caseworker"]).post(
        reverse("registry:person_register"), page_data(nationality="Atlantis", decision="new")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ISO 3166" not in html
    assert len(re.findall(r"invalid-feedback[^>]*>[^<]*Atlantis", html)) == 1
    assert 'value="Atlantis"' in html  # what was typed stays in the field
    assert Person.objects.count() == 0


def test_the_api_accepts_the_name(users, api_client_for):
    response = api_client_for(users["caseworker"]).post(
        "/api/v1/people/", {"given_name": "Sagal", "nationality": "الصّومال"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["nationality"] == "SOM"
    response = api_client_for(users["caseworker"]).post(
        "/api/v1/people/", {"given_name": "Sagal", "nationality": "Atlantis"}, format="json"
    )
    assert response.status_code == 400 and "Atlantis" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "code"), [("الصومال", "SOM"), ("Soudan", "SDN"), ("egypt", "EGY"), ("NGA", "NGA")]
)
def test_the_importer_accepts_the_name(typed, code):
    assert parse_nationality(typed) == (code, None)


def test_the_importer_names_what_it_could_not_read():
    value, error = parse_nationality("Atlantis")
    assert value is None and "Atlantis" in error and "ISO 3166 alpha-3 country code (e.g." not in error


@pytest.fixture
def somali(users):
    return person_register(
        actor=users["caseworker"],
        data={
            "given_name": "Abdillahi",
            "family_name": "Warsami",
            "nationality": "SOM",
            "phones": ["0912345678"],
        },
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )


@pytest.mark.parametrize(("language", "name"), [("en", "Somalia"), ("ar", "الصومال"), ("fr", "Somalie")])
def test_the_list_and_the_person_page_show_the_name(users, client_for, somali, language, name):
    client = client_for(users["caseworker"])
    with translation.override(language):
        for url in (reverse("registry:person_list"), reverse("registry:person_detail", args=[somali.uuid])):
            html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            assert name in html, url
            assert ">SOM<" not in html, url


def test_the_duplicate_warning_names_the_nationality(users, client_for, somali):
    response = client_for(users["caseworker"]).post(
        reverse("registry:person_register"),
        page_data(given_name="Abdilahi", nationality="Somalia", phone="0912345678"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Same nationality: Somalia" in html and "Same nationality: SOM" not in html
