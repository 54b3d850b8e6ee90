"""Recording an assessment from a case page: the form carries the case, the assessment belongs to it;
a case the actor does not see is a 404, another person's case is refused with the reason, and
neither records anything."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.assessments.models import Assessment
from sanad.assessments.tests.conftest import register
from sanad.cases.services import case_open

pytestmark = pytest.mark.django_db

DATA = {"q-full_name": "M", "q-age": "30", "q-sex": "m", "q-detained": "no", "q-hh_size": "1"}


@pytest.fixture
def case(users, person):
    return case_open(actor=users["caseworker"], person=person, case_type="mhpss")


def test_a_case_page_assessment_belongs_to_the_case(users, client_for, person, engine_version, case):
    client = client_for(users["caseworker"])
    start = client.get(reverse("assessments:start", args=[person.uuid]), {"case": case.uuid})
    assert start.status_code == 200
    record_url = reverse("assessments:record", args=[person.uuid, "engine_test"])
    assert f"{record_url}?case={case.uuid}" in start.content.decode()
    form = client.get(record_url, {"case": case.uuid})
    assert f'name="case" value="{case.uuid}"' in form.content.decode()
    response = client.post(record_url, {**DATA, "case": str(case.uuid), "idempotency_key": "k1"})
    assert response.status_code == 302
    assert Assessment.objects.get().case == case


def test_a_case_the_actor_does_not_work_on_is_not_found(
    users, other_team_users, client_for, person, engine_version, case
):
    client = client_for(other_team_users["caseworker"])
    record_url = reverse("assessments:record", args=[person.uuid, "engine_test"])
    response = client.post(record_url, {**DATA, "case": str(case.uuid), "idempotency_key": "k2"})
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_another_persons_case_is_refused_with_the_reason(users, client_for, person, engine_version, case):
    # The case is one the caseworker sees and works on, so its existence is no secret: the
    # same-person rule (the service's, shared with the API) says what is wrong (issue 13).
    someone_else = register(users["caseworker"], given_name="Yusuf")
    client = client_for(users["caseworker"])
    record_url = reverse("assessments:record", args=[someone_else.uuid, "engine_test"])
    form = client.get(record_url, {"case": case.uuid})
    assert form.status_code == 400 and "The case belongs to another person." in form.content.decode()
    response = client.post(record_url, {**DATA, "case": str(case.uuid), "idempotency_key": "k3"})
    assert response.status_code == 400 and "The case belongs to another person." in response.content.decode()
    assert not Assessment.objects.exists()
