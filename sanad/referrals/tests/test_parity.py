"""Web/API parity of sending a referral from an origin: a case, a screening, a helpline ticket
(issue 13, item 2). The origin rules live in ``referral_send``; the page
(``/referrals/new/?person=…&case=…``) and the API (``POST /api/v1/referrals/``) only resolve the
references, so they refuse a bad one the same way and write nothing.

Reviewed table (written from the rules, before the code was changed):

| bad reference                                      | rule          | page | API                      |
|----------------------------------------------------|---------------|------|--------------------------|
| case of another person                             | same person   | 400  | 400, ``case`` field      |
| screening (assessment) of another person           | same person   | 400  | 400, ``assessment`` field|
| helpline ticket about another person               | same person   | 400  | 400, ``ticket`` field    |
| case outside the actor's scope (another team's)    | out of scope  | 404  | 400, ``case``, = unknown |
| actor without the right to refer (M&E officer)    | missing right | 403  | 403                      |

A body reference the actor may not see answers exactly as a uuid that does not exist (400 naming
the field): nobody learns the record exists. In the page the reference is in the URL: 404.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from sanad.assessments.tests.conftest import answers as engine_answers
from sanad.assessments.tests.conftest import upload_form
from sanad.cases.services import case_open
from sanad.referrals.models import Referral
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db

API = "/api/v1/referrals/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def other_person(users):
    return person_register(
        actor=users["caseworker"],
        data={"given_name": "Halima", "family_name": "Omar", "given_name_ar": "حليمة", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )


@pytest.fixture
def origins(users, other_person):
    """A case, a screening and a helpline ticket, all about ``other_person``."""
    from sanad.assessments.services import assessment_record
    from sanad.feedback.services import ticket_log

    upload_form()
    worker = users["caseworker"]
    return {
        "case": case_open(actor=worker, person=other_person, case_type="mhpss"),
        "assessment": assessment_record(
            actor=worker, person=other_person, instrument_code="engine_test", answers=engine_answers()
        ),
        "ticket": ticket_log(
            actor=worker,
            channel="helpline_call",
            category="assistance_request",
            description="Asks for help.",
            person=other_person,
        ),
    }


def _form(directory) -> dict:
    return {
        "service": str(directory.psychiatric.uuid),
        "urgency": "urgent",
        "needs": ["health_psychiatric"],
        "reason": "Needs a psychiatric assessment.",
        "consent_given": "on",
        "idempotency_key": uuid.uuid4().hex,
    }


def _body(person, directory, **references) -> dict:
    return {
        "person": str(person.uuid),
        "service": str(directory.psychiatric.uuid),
        "reason": "Needs a psychiatric assessment.",
        "urgency": "urgent",
        "needs": ["health_psychiatric"],
        "consent_given": True,
        **{name: str(value) for name, value in references.items()},
    }


def _page_post(client, person, directory, **references):
    query = "&".join(f"{name}={value}" for name, value in {"person": person.uuid, **references}.items())
    return client.post(f"{reverse('referrals:create')}?{query}", _form(directory))


@pytest.mark.parametrize("origin", ["case", "assessment", "ticket"])
def test_an_origin_about_another_person_is_refused_on_both(
    origin, users, person, directory, origins, client_for, api_client_for
):
    worker = users["caseworker"]
    reference = origins[origin].uuid
    api = api_client_for(worker).post(API, _body(person, directory, **{origin: reference}), format="json")
    assert api.status_code == 400, api.content
    assert origin in api.json()["error"]["fields"]
    page = _page_post(client_for(worker), person, directory, **{origin: reference})
    assert page.status_code == 400
    assert Referral.objects.count() == 0


def test_a_case_outside_the_scope_answers_as_an_unknown_one(
    users, other_team_users, person, other_person, directory, origins, client_for, api_client_for
):
    outsider = other_team_users["caseworker"]  # sees the people (agency), not team A's case
    api = api_client_for(outsider)
    refused = api.post(API, _body(other_person, directory, case=origins["case"].uuid), format="json")
    unknown = api.post(API, _body(other_person, directory, case=uuid.uuid4()), format="json")
    assert refused.status_code == 400 and "case" in refused.json()["error"]["fields"]
    assert refused.json() == unknown.json()
    page = _page_post(client_for(outsider), other_person, directory, case=origins["case"].uuid)
    assert page.status_code == 404
    assert Referral.objects.count() == 0


def test_without_the_right_to_refer_both_answer_403(users, person, directory, client_for, api_client_for):
    officer = users["me_officer"]
    assert api_client_for(officer).post(API, _body(person, directory), format="json").status_code == 403
    assert _page_post(client_for(officer), person, directory).status_code == 403
    assert Referral.objects.count() == 0


def test_the_api_files_a_referral_from_the_persons_own_case_and_screening(
    users, other_person, directory, origins, api_client_for
):
    response = api_client_for(users["caseworker"]).post(
        API,
        _body(other_person, directory, case=origins["case"].uuid, assessment=origins["assessment"].uuid),
        format="json",
    )
    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    assert referral.case == origins["case"] and referral.assessment == origins["assessment"]


def test_the_service_itself_refuses_another_persons_origin(users, person, origins, send):
    """The importer and any future caller use the service directly: it is the authority."""
    from django.core.exceptions import ValidationError

    for origin in ("case", "assessment", "ticket"):
        with pytest.raises(ValidationError) as error:
            send(**{origin: origins[origin]})
        assert origin in error.value.message_dict
    assert Referral.objects.count() == 0
