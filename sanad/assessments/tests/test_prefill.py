"""Known facts prefill the screening (``bind::sanad:prefill``); the caseworker's correction is saved."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.assessments.models import Assessment
from sanad.assessments.services import FORMS_DIR
from sanad.assessments.tests.conftest import register, upload_form
from sanad.assessments.xlsform import DefinitionError, load_definition

pytestmark = pytest.mark.django_db

WG = ("seeing", "hearing", "walking", "remembering", "self_care", "communicating")


@pytest.fixture
def mrrm(db):
    return upload_form("mrrm_screening.md", text=(FORMS_DIR / "mrrm_screening.md").read_text())


def thirty_year_old_woman(users):
    # Born on 1 January thirty years ago: she is 30 on any day of this year.
    born = datetime.date(timezone.localdate().year - 30, 1, 1)
    return register(users["caseworker"], given_name="Amina", sex="F", date_of_birth=born)


def checked(html: str, name: str) -> list[str]:
    inputs = re.findall(r"<input[^>]*>", html)
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in inputs
        if f'name="{name}"' in tag and " checked" in tag
    ]


def value_of(html: str, name: str) -> str | None:
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def test_the_screening_starts_from_the_persons_sex_and_age(users, client_for, mrrm):
    person = thirty_year_old_woman(users)
    response = client_for(users["caseworker"]).get(
        reverse("assessments:record", args=[person.uuid, "mrrm_screening"])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert checked(html, "q-sex") == ["female"]
    assert value_of(html, "q-age") == "30"
    # Still an ordinary input the caseworker can change, and the page says where the value came from.
    assert html.count('data-testid="prefilled"') == 2
    age_input = re.search(r'<input[^>]*name="q-age"[^>]*>', html).group(0)
    assert "readonly" not in age_input and "disabled" not in age_input


def test_nothing_is_prefilled_when_the_record_does_not_say(users, client_for, mrrm):
    person = register(users["caseworker"], given_name="Musa")  # sex not stated, no date of birth
    html = (
        client_for(users["caseworker"])
        .get(reverse("assessments:record", args=[person.uuid, "mrrm_screening"]))
        .content.decode()
    )
    assert checked(html, "q-sex") == []
    assert value_of(html, "q-age") == ""
    assert 'data-testid="prefilled"' not in html


def test_the_corrected_age_is_what_is_saved(users, client_for, mrrm):
    person = thirty_year_old_woman(users)
    data = {
        "q-sex": "female",
        "q-age": "34",  # the caseworker corrects the record's 30
        "q-detention": "no",
        "q-pregnant_lactating": "neither",
        "q-serious_medical": "no",
        **{f"q-wg_{domain}": "1" for domain in WG},
        "q-distress": "no",
        "q-immediate_danger": "no",
        "q-violence": "no",
        "q-tip_forced_work": "no",
        "q-tip_debt": "no",
        "q-tip_documents": "no",
        "q-tip_movement": "no",
        "q-shelter": "adequate",
        "q-food_24h": "yes",
        "q-items_lacking": "none",
        "q-single_caregiver": "no",
        "q-family_lost_contact": "no",
        "q-vhr_interest": "no",
    }
    response = client_for(users["caseworker"]).post(
        reverse("assessments:record", args=[person.uuid, "mrrm_screening"]), data
    )
    assert response.status_code == 302, response.content.decode()[:300]
    saved = Assessment.objects.get(person=person)
    assert saved.answers["age"] == 34
    assert saved.answers["sex"] == "female"


def test_an_unknown_fact_is_refused_when_the_form_is_loaded():
    text = (FORMS_DIR / "mrrm_screening.md").read_text().replace("| | | sex |", "| | | shoe_size |")
    with pytest.raises(DefinitionError) as raised:
        load_definition(text.encode(), filename="mrrm_screening.md")
    assert any("shoe_size" in error and "(sex)" in error for error in raised.value.errors)
