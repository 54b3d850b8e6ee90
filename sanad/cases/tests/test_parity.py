"""Web/API parity of the case writes that name another record (issue 13, item 2): opening a case
from a screening, recording a service within a case. The rules live in ``case_open`` and
``service_record``; the pages and the API only resolve the references.

Reviewed table (written from the rules, before the code was changed):

| write   | bad reference                                   | rule          | page | API                     |
|---------|-------------------------------------------------|---------------|------|-------------------------|
| open    | screening of another person                     | same person   | 400  | 400, ``assessment``     |
| service | case the actor sees but may not work on         | missing right | 403  | 403                     |
| service | case outside the actor's scope (another team's) | out of scope  | 404  | 400, ``case``, = unknown|

Nothing is written on any refusal.
"""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from sanad.assessments.tests.conftest import answers, upload_form
from sanad.cases.models import Case, ServiceDelivery
from sanad.cases.services import case_open, service_record
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(users, person):
    return case_open(actor=users["caseworker"], person=person, case_type="mhpss")


def test_a_case_opened_from_another_persons_screening_is_refused_on_both(
    users, person, client_for, api_client_for
):
    from sanad.assessments.services import assessment_record

    upload_form()
    worker = users["caseworker"]
    other = person_register(actor=worker, data={"given_name": "Halima"}, registration_channel="mobile_team")
    screening = assessment_record(
        actor=worker, person=other, instrument_code="engine_test", answers=answers()
    )
    before = Case.objects.count()
    api = api_client_for(worker).post(
        "/api/v1/cases/",
        {"person": str(person.uuid), "case_type": "mhpss", "assessment": str(screening.uuid)},
        format="json",
    )
    assert api.status_code == 400 and "assessment" in api.json()["error"]["fields"]
    page = client_for(worker).post(
        reverse("cases:open"),
        {
            "person": str(person.uuid),
            "assessment": str(screening.uuid),
            "case_type": "mhpss",
            "risk_level": "medium",
            "opened_from": "screening",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert page.status_code == 400
    assert Case.objects.count() == before


def test_a_service_within_a_case_the_actor_may_not_work_on_is_403_on_both(
    users, case, client_for, api_client_for
):
    medical = users["medical"]  # sees the unit's cases, works only on their own
    api = api_client_for(medical).post(
        "/api/v1/services/", {"case": str(case.uuid), "service_type": "counselling"}, format="json"
    )
    assert api.status_code == 403, api.content
    page = client_for(medical).post(
        f"{reverse('cases:service_record')}?case={case.uuid}",
        {
            "case": str(case.uuid),
            "service_type": "counselling",
            "delivered_at": "2026-01-05T10:00",
            "modality": "in_person",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert page.status_code == 403
    with pytest.raises(PermissionDenied):
        service_record(actor=medical, person=case.person, case=case, service_type="counselling")
    assert ServiceDelivery.objects.count() == 0


def test_a_service_within_a_case_outside_the_scope_answers_as_an_unknown_one(
    users, other_team_users, case, client_for, api_client_for
):
    outsider = other_team_users["caseworker"]
    api = api_client_for(outsider)
    refused = api.post(
        "/api/v1/services/", {"case": str(case.uuid), "service_type": "counselling"}, format="json"
    )
    unknown = api.post(
        "/api/v1/services/", {"case": str(uuid.uuid4()), "service_type": "counselling"}, format="json"
    )
    assert refused.status_code == 400 and refused.json() == unknown.json()
    page = client_for(outsider).post(
        f"{reverse('cases:service_record')}?case={case.uuid}",
        {"case": str(case.uuid), "service_type": "counselling", "idempotency_key": uuid.uuid4().hex},
    )
    assert page.status_code == 404
    with pytest.raises(Http404):
        service_record(actor=outsider, person=case.person, case=case, service_type="counselling")
    assert ServiceDelivery.objects.count() == 0
