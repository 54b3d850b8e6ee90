"""Mixed-direction text: a Latin name or reference inside an Arabic sentence sits in <bdi>, so it
keeps its own direction and does not reorder the sentence around it (issue 13, item 9)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.core.bidi import sentence
from sanad.registry import duplicates
from sanad.registry.models import Person
from sanad.registry.tests.test_views import form_data

pytestmark = pytest.mark.django_db


def test_sentence_isolates_and_escapes_each_value():
    html = sentence("%(name)s was registered as %(reference)s.", name="<b>Aisha</b>", reference="LBY-26-1")
    assert html == "<bdi>&lt;b&gt;Aisha&lt;/b&gt;</bdi> was registered as <bdi>LBY-26-1</bdi>."
    assert sentence("A & B: %(x)s", x="1") == "A &amp; B: <bdi>1</bdi>"


def test_registration_message_and_person_page_in_arabic_isolate_the_values(users, client_for, monkeypatch):
    monkeypatch.setattr(duplicates, "find_candidates", lambda **kwargs: [])
    caseworker = users["caseworker"]
    client = client_for(caseworker)
    client.cookies["django_language"] = "ar"
    response = client.post(reverse("registry:person_register"), form_data(), follow=True)
    person = Person.objects.get()
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert f"<bdi>{person.display_name}</bdi>" in html and person.display_name == "Aisha Musa"
    assert f"<bdi>{person.reference}</bdi>" in html
    # The registration line of the person page: who registered, in <bdi>.
    who = caseworker.get_full_name() or caseworker.username
    assert f"<bdi>{who}</bdi>" in html


def test_name_inputs_take_the_direction_of_what_is_typed(users, client_for):
    html = client_for(users["caseworker"]).get(reverse("registry:person_register")).content.decode()
    assert 'name="given_name"' in html
    tag = html[html.rindex("<input", 0, html.index('name="given_name"')) :].split(">", 1)[0]
    assert 'dir="auto"' in tag
