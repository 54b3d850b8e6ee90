"""The assessments API: role matrix, scope, sensitivity, create 201/400, idempotency, schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from sanad.assessments.models import Assessment, SafetyAlert
from sanad.assessments.services import assessment_record
from sanad.assessments.tests.conftest import answers, register
from sanad.core.permissions import ALL_ROLES, Scope
from sanad.core.tests.role_matrix import REVIEWED

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["assessments.view"])
# Administrators see only what a safety alert was addressed to them about: another's record is a 404.
OWN_VIEWERS = {role for role, scope in REVIEWED["assessments.view"].items() if scope == Scope.OWN}
RECORDERS = set(REVIEWED["assessments.record"])
INSTRUMENT_VIEWERS = set(REVIEWED["instruments.view"])


def record(actor, person, instrument="engine_test", **changes) -> Assessment:
    return assessment_record(
        actor=actor, person=person, instrument_code=instrument, answers=answers(**changes)
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_instruments_role_matrix(users, api_client_for, engine_version, role):
    client = api_client_for(users[role])
    listing = client.get("/api/v1/instruments/")
    detail = client.get("/api/v1/instruments/engine_test/")
    expected = 200 if role in INSTRUMENT_VIEWERS else 403
    assert (listing.status_code, detail.status_code) == (expected, expected)
    if expected == 200:
        assert listing.json()["results"][0]["code"] == "engine_test"
        body = detail.json()
        assert body["active_version"] == "2026.1"
        assert body["definition"]["form_id"] == "engine_test"
        assert body["versions"][0]["version"] == "2026.1"


def test_unknown_instrument_is_404(users, api_client_for):
    response = api_client_for(users["caseworker"]).get("/api/v1/instruments/nope/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_assessments_role_matrix(users, api_client_for, person, engine_version, role):
    existing = record(users["caseworker"], person)
    client = api_client_for(users[role])
    listing = client.get("/api/v1/assessments/")
    detail = client.get(f"/api/v1/assessments/{existing.uuid}/")
    assert listing.status_code == (200 if role in VIEWERS else 403)
    assert detail.status_code == ((404 if role in OWN_VIEWERS else 200) if role in VIEWERS else 403)
    created = client.post(
        "/api/v1/assessments/",
        {"person": str(person.uuid), "instrument": "engine_test", "answers": answers()},
        format="json",
    )
    assert created.status_code == (201 if role in RECORDERS else 403)
    assert Assessment.objects.count() == (2 if role in RECORDERS else 1)


def test_create_returns_scores(users, api_client_for, person, engine_version):
    response = api_client_for(users["caseworker"]).post(
        "/api/v1/assessments/",
        {
            "person": str(person.uuid),
            "instrument": "engine_test",
            "answers": answers(detained="yes", needs=["food", "nfi"], sex="f", pregnant="yes"),
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="api-1",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["score"] == "5.00"
    assert body["scores"] == {"score_detention": "3", "score_needs": "2"}
    assert (body["band"], body["priority"]) == ("severe", "high")
    assert body["flags"] == ["detained", "pregnant_lactating"]
    assert body["suggested_referrals"] == ["health_srh"]
    assert body["suggested_assistance"] == ["food", "nfi"]
    assert body["person"]["uuid"] == str(person.uuid)
    assert body["version"] == "2026.1"
    again = api_client_for(users["caseworker"]).post(
        "/api/v1/assessments/",
        {"person": str(person.uuid), "instrument": "engine_test", "answers": answers()},
        format="json",
        HTTP_IDEMPOTENCY_KEY="api-1",
    )
    assert again.status_code == 201 and again.json()["uuid"] == body["uuid"]
    assert Assessment.objects.count() == 1


def test_create_with_bad_answers_is_400_per_field(users, api_client_for, person, engine_version):
    response = api_client_for(users["caseworker"]).post(
        "/api/v1/assessments/",
        {
            "person": str(person.uuid),
            "instrument": "engine_test",
            "answers": answers(age="abc", sex=None, hh_size="3", children=[{"child_age": "40"}], bogus="1"),
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"age", "sex", "children.0.child_age", "bogus"}
    assert fields["children.0.child_age"] == ["Under 18"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"instrument": "engine_test", "answers": {}},
        {"person": "not-a-uuid", "instrument": "engine_test", "answers": {}},
        {"person": "00000000-0000-0000-0000-000000000000", "instrument": "engine_test", "answers": {}},
        {"instrument": "nope", "answers": {}},
        {"instrument": "engine_test", "answers": ["a"]},
    ],
)
def test_create_rejects_bad_bodies(users, api_client_for, person, engine_version, body):
    body = {"person": str(person.uuid), **body}
    response = api_client_for(users["caseworker"]).post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]
    assert not Assessment.objects.exists()


def test_person_of_another_agency_is_refused(
    users, other_agency_users, api_client_for, person, engine_version
):
    response = api_client_for(other_agency_users["caseworker"]).post(
        "/api/v1/assessments/",
        {"person": str(person.uuid), "instrument": "engine_test", "answers": answers()},
        format="json",
    )
    assert response.status_code == 400 and "person" in response.json()["error"]["fields"]
    assert not Assessment.objects.exists()


def test_scope_and_sensitivity(
    users, other_team_users, other_agency_users, api_client_for, person, engine_version, sensitive_version
):
    plain = record(users["caseworker"], person)
    sensitive = record(users["caseworker"], person, instrument="mh_test", age="16", detained="yes")
    assert SafetyAlert.objects.filter(assessment=sensitive).exists()
    outsider = api_client_for(other_agency_users["caseworker"])
    assert outsider.get(f"/api/v1/assessments/{plain.uuid}/").status_code == 404
    assert outsider.get("/api/v1/assessments/").json()["count"] == 0

    colleague = api_client_for(other_team_users["caseworker"])
    rows = {row["uuid"]: row for row in colleague.get("/api/v1/assessments/").json()["results"]}
    assert rows[str(plain.uuid)]["restricted"] is False
    assert rows[str(plain.uuid)]["person"]["reference"] == person.reference
    hidden = rows[str(sensitive.uuid)]
    assert hidden["restricted"] is True
    assert hidden["person"] is None and hidden["score"] is None and hidden["safety_alert"] is None
    assert colleague.get(f"/api/v1/assessments/{sensitive.uuid}/").status_code == 404

    officer = api_client_for(users["mhpss_officer"])
    body = officer.get(f"/api/v1/assessments/{sensitive.uuid}/").json()
    assert body["safety_alert"] is True and body["answers"]["age"] == 16


def test_list_filters_and_query_count(users, api_client_for, person, engine_version):
    caseworker = users["caseworker"]
    client = api_client_for(users["team_leader"])
    for index in range(3):
        record(
            caseworker, register(caseworker, given_name=f"P{index}"), detained="yes", needs=["food", "nfi"]
        )
    client.get("/api/v1/assessments/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/assessments/").json()["count"] == 3
    for index in range(5):
        record(caseworker, register(caseworker, given_name=f"Q{index}"))
    with CaptureQueriesContext(connection) as more:
        assert client.get("/api/v1/assessments/").json()["count"] == 8
    assert len(more.captured_queries) == len(few.captured_queries) <= 12
    assert client.get("/api/v1/assessments/", {"priority": "high"}).json()["count"] == 3
    assert client.get("/api/v1/assessments/", {"instrument": "engine_test"}).json()["count"] == 8
    assert client.get("/api/v1/assessments/", {"person": str(person.uuid)}).json()["count"] == 0
    assert client.get("/api/v1/assessments/", {"priority": "urgent"}).status_code == 400


def test_schema_has_no_warnings():
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include("sanad.assessments.api_urls"))])
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular emitted warnings or errors"
    assert {
        "/api/v1/instruments/",
        "/api/v1/instruments/{code}/",
        "/api/v1/assessments/",
        "/api/v1/assessments/{uuid}/",
        "/api/v1/assessments/{uuid}/flags/",
    } <= set(schema["paths"])
