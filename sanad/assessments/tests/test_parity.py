"""Web/API parity of recording an assessment with a reference to another record (issue 13, item 2).

The rules live in ``assessment_record``; the page (``/assessments/person/<uuid>/<code>/``) and the
API (``POST /api/v1/assessments/``) only resolve the references and hand them over, so they refuse
a bad reference the same way and write nothing.

Reviewed table (written from the rules, before the code was changed):

| bad reference                                     | rule          | page | API                     |
|---------------------------------------------------|---------------|------|-------------------------|
| case of another person (the probe: API got 201)   | same person   | 400  | 400, ``case`` field     |
| case the actor sees but may not work on           | missing right | 403  | 403                     |
| case outside the actor's scope (another team's)   | out of scope  | 404  | 400, ``case``, = unknown|
| person outside the actor's scope (another agency) | out of scope  | 404  | 400, ``person``, = unknown|

An API body reference that the actor may not see answers exactly as a uuid that does not exist
(400 naming the field): nobody learns that the record exists. In the page, the reference is part
of the URL, so it is a 404.
"""

from __future__ import annotations

import uuid

import pytest

from sanad.assessments.models import Assessment
from sanad.assessments.tests.conftest import answers, register
from sanad.cases.services import case_open

pytestmark = pytest.mark.django_db

API = "/api/v1/assessments/"


def _page_url(person, case=None) -> str:
    url = f"/assessments/person/{person.uuid}/engine_test/"
    return f"{url}?case={case.uuid}" if case is not None else url


def _page_post(client, person, case=None):
    data = {"q-full_name": "M", "q-age": "30", "q-sex": "m", "q-detained": "no", "q-hh_size": "1"}
    data["idempotency_key"] = uuid.uuid4().hex
    if case is not None:
        data["case"] = str(case.uuid)
    return client.post(_page_url(person, case), data)


def _api_post(client, person, case=None):
    body = {"person": str(person.uuid), "instrument": "engine_test", "answers": answers()}
    if case is not None:
        body["case"] = str(case.uuid)
    return client.post(API, body, format="json")


@pytest.fixture
def people(users):
    return register(users["caseworker"], "Amina"), register(users["caseworker"], "Halima")


@pytest.fixture
def case_of_b(users, people):
    return case_open(actor=users["caseworker"], person=people[1], case_type="mhpss")


def test_the_issues_probe_an_assessment_under_another_persons_case_is_refused(
    users, api_client_for, client_for, engine_version, people, case_of_b
):
    person_a, _ = people
    worker = users["caseworker"]
    api = _api_post(api_client_for(worker), person_a, case_of_b)
    assert api.status_code == 400, api.content
    assert "case" in api.json()["error"]["fields"]
    page = _page_post(client_for(worker), person_a, case_of_b)
    assert page.status_code == 400
    assert "The case belongs to another person." in page.content.decode()
    assert Assessment.objects.count() == 0


def test_a_case_the_actor_may_not_work_on_is_403_on_both(
    users, api_client_for, client_for, engine_version, people, case_of_b
):
    # The medical officer of the same unit sees the caseworker's case (cases.view: unit) but may
    # work only on their own (cases.manage: own).
    _, person_b = people
    medical = users["medical"]
    assert _api_post(api_client_for(medical), person_b, case_of_b).status_code == 403
    assert _page_post(client_for(medical), person_b, case_of_b).status_code == 403
    assert Assessment.objects.count() == 0


def test_a_case_outside_the_scope_answers_as_an_unknown_one(
    users, other_team_users, api_client_for, client_for, engine_version, people, case_of_b
):
    _, person_b = people
    outsider = other_team_users["caseworker"]  # sees the person (agency), not team A's case
    api = api_client_for(outsider)
    refused = _api_post(api, person_b, case_of_b)
    unknown = api.post(
        API,
        {
            "person": str(person_b.uuid),
            "instrument": "engine_test",
            "answers": answers(),
            "case": str(uuid.uuid4()),
        },
        format="json",
    )
    assert refused.status_code == 400 and "case" in refused.json()["error"]["fields"]
    assert refused.json() == unknown.json()
    assert _page_post(client_for(outsider), person_b, case_of_b).status_code == 404
    assert Assessment.objects.count() == 0


def test_a_person_outside_the_scope_answers_as_an_unknown_one(
    users, other_agency_users, api_client_for, client_for, engine_version, people
):
    person_a, _ = people
    outsider = other_agency_users["caseworker"]
    api = api_client_for(outsider)
    refused = _api_post(api, person_a)
    unknown = api.post(
        API, {"person": str(uuid.uuid4()), "instrument": "engine_test", "answers": answers()}, format="json"
    )
    assert refused.status_code == 400 and refused.json() == unknown.json()
    assert _page_post(client_for(outsider), person_a).status_code == 404
    assert Assessment.objects.count() == 0


def test_the_service_itself_refuses_every_bad_reference(
    users, other_team_users, engine_version, people, case_of_b
):
    """The importer and the OpenRosa mapper call the service directly: it is the authority."""
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    from sanad.assessments.services import assessment_record

    person_a, person_b = people
    with pytest.raises(ValidationError) as error:
        assessment_record(
            actor=users["caseworker"],
            person=person_a,
            answers=answers(),
            instrument_code="engine_test",
            case=case_of_b,
        )
    assert "case" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        assessment_record(
            actor=users["medical"],
            person=person_b,
            answers=answers(),
            instrument_code="engine_test",
            case=case_of_b,
        )
    with pytest.raises(Http404):
        assessment_record(
            actor=other_team_users["caseworker"],
            person=person_b,
            answers=answers(),
            instrument_code="engine_test",
            case=case_of_b,
        )
    assert Assessment.objects.count() == 0
