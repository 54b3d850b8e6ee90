"""The case API: role matrix, scope (404 out of scope, sensitive cases), the workflow, one error
shape, idempotency, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sanad.cases import services
from sanad.cases.models import Case, CaseNote, FollowUp, ServiceDelivery
from sanad.core.permissions import Scope
from sanad.core.tests.role_matrix import REVIEWED
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def test_case_list_role_matrix(users, api_client_for):
    for role, user in users.items():
        response = api_client_for(user).get(f"{BASE}/cases/")
        assert response.status_code == (200 if role in REVIEWED["cases.view"] else 403), role
        if response.status_code == 403:
            assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_services_list_role_matrix(users, api_client_for):
    for role, user in users.items():
        response = api_client_for(user).get(f"{BASE}/services/")
        assert response.status_code == (200 if role in REVIEWED["services.view"] else 403), role


def test_open_case_over_the_api(users, api_client_for, person):
    client = api_client_for(users["caseworker"])
    body = {"person": str(person.uuid), "case_type": "mhpss", "risk_level": "high", "reason": "Distress"}
    response = client.post(f"{BASE}/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (
        data["status"] == "opened" and data["risk_level"] == "high" and data["person_name"] == "Amina Yusuf"
    )
    again = client.post(f"{BASE}/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.json()["uuid"] == data["uuid"] and Case.objects.count() == 1


def test_open_case_refused_and_invalid(users, api_client_for, person, other_agency_users):
    body = {"person": str(person.uuid), "case_type": "mhpss"}
    assert api_client_for(users["auditor"]).post(f"{BASE}/cases/", body, format="json").status_code == 403
    response = api_client_for(other_agency_users["caseworker"]).post(f"{BASE}/cases/", body, format="json")
    assert response.status_code == 400 and "person" in response.json()["error"]["fields"]
    response = api_client_for(users["caseworker"]).post(
        f"{BASE}/cases/", {"person": str(person.uuid), "case_type": "x"}, format="json"
    )
    assert response.status_code == 400 and "case_type" in response.json()["error"]["fields"]
    assert Case.objects.count() == 0


def test_detail_scope_and_sensitive_cases(
    users, api_client_for, open_case, other_team_users, other_agency_users, make_user, org
):
    mhpss, gbv = open_case("mhpss"), open_case("gbv")
    colleague = make_user("caseworker", team=org.team, username="colleague")
    for role, scope in REVIEWED["cases.view"].items():
        # Administrators (own scope) see only the cases a pending approval names them for.
        expected = 404 if scope == Scope.OWN else 200
        assert api_client_for(users[role]).get(f"{BASE}/cases/{mhpss.uuid}/").status_code == expected, role
    for outsider in (other_team_users["caseworker"], other_agency_users["caseworker"]):
        assert api_client_for(outsider).get(f"{BASE}/cases/{mhpss.uuid}/").status_code == 404
    for user in (
        colleague,
        other_team_users["caseworker"],
        other_agency_users["caseworker"],
        users["me_officer"],
    ):
        client = api_client_for(user)
        assert client.get(f"{BASE}/cases/{gbv.uuid}/").status_code == 404
        assert client.get(f"{BASE}/cases/{gbv.uuid}/followups/").status_code == 404
        assert client.get(f"{BASE}/cases/{gbv.uuid}/notes/").status_code == 404
        listed = [c["uuid"] for c in client.get(f"{BASE}/cases/").json()["results"]]
        assert str(gbv.uuid) not in listed
    leader = api_client_for(users["team_leader"])
    listed = {c["uuid"]: c for c in leader.get(f"{BASE}/cases/").json()["results"]}
    assert listed[str(gbv.uuid)]["person_name"] == ""  # hidden in lists
    assert leader.get(f"{BASE}/cases/{gbv.uuid}/").json()["person_name"] == "Amina Yusuf"


def test_workflow_over_the_api(users, api_client_for, open_case):
    worker, leader = api_client_for(users["caseworker"]), api_client_for(users["team_leader"])
    case = open_case()
    url = f"{BASE}/cases/{case.uuid}"
    assert worker.post(f"{url}/start-assessment/").json()["status"] == "assessment"
    assert worker.post(f"{url}/plan/", {}, format="json").json()["status"] == "planning"
    plan = worker.post(f"{url}/plan/goals/", {"description": "Sleep"}, format="json").json()["plan"]
    goal = plan["goals"][0]["uuid"]
    response = worker.post(
        f"{url}/plan/actions/",
        {
            "goal": goal,
            "description": "Sessions",
            "responsible": str(users["caseworker"].uuid),
            "due_on": "2030-01-01",
        },
        format="json",
    )
    assert (
        response.status_code == 200
        and response.json()["plan"]["goals"][0]["actions"][0]["description"] == "Sessions"
    )
    assert worker.post(f"{url}/plan/submit/").json()["status"] == "implementation"
    response = worker.post(
        f"{url}/followups/", {"title": "Call", "due_at": "2030-01-01T10:00:00Z"}, format="json"
    )
    assert response.status_code == 201
    followup = response.json()["uuid"]
    done = worker.post(f"{url}/followups/{followup}/complete/", {"outcome": "ok"}, format="json")
    assert done.json()["status"] == "done"
    assert worker.post(f"{url}/notes/", {"text": "Progress."}, format="json").status_code == 201
    assert worker.get(f"{url}/notes/").json()["results"][0]["text"] == "Progress."
    response = worker.post(
        f"{BASE}/services/",
        {"case": str(case.uuid), "service_type": "counselling", "modality": "remote", "duration_minutes": 30},
        format="json",
    )
    assert response.status_code == 201 and response.json()["case"] == case.reference
    closing = worker.post(f"{url}/close/", {"reason": "goals_met"}, format="json").json()
    assert closing["status"] == "closure_requested" and closing["pending_approvals"][0]["kind"] == "closure"
    # The caseworker may not decide; the team leader does.
    assert worker.post(f"{url}/closure-decision/", {"approve": True}, format="json").status_code == 403
    assert (
        leader.post(f"{url}/closure-decision/", {"approve": True}, format="json").json()["status"] == "closed"
    )
    response = worker.post(f"{url}/start-assessment/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "illegal_transition"
    assert worker.post(f"{url}/reopen/", {"reason": "Relapse"}, format="json").json()["status"] == "reopened"


def test_transfer_needs_consent_over_the_api(users, api_client_for, open_case, make_user, org):
    case = open_case()
    receiver = make_user("caseworker", team=org.team, username="receiver")
    client = api_client_for(users["caseworker"])
    url = f"{BASE}/cases/{case.uuid}"
    response = client.post(f"{url}/transfer/", {"to_owner": str(receiver.uuid)}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "consent_required"
    client.post(f"{url}/consents/", {"purpose": "transfer_caseworker", "given_by": "Amina"}, format="json")
    response = client.post(f"{url}/transfer/", {"to_owner": str(receiver.uuid)}, format="json")
    # Same team: the sender still sees the (non-sensitive) case, now held by the receiver.
    assert response.status_code == 200 and response.json()["owner"]["username"] == "receiver"
    case.refresh_from_db()
    assert case.owner == receiver


def test_refused_api_writes_change_nothing(users, api_client_for, open_case, other_team_users):
    case = open_case()
    url = f"{BASE}/cases/{case.uuid}"
    assert (
        api_client_for(users["auditor"]).post(f"{url}/notes/", {"text": "x"}, format="json").status_code
        == 403
    )
    assert (
        api_client_for(other_team_users["team_leader"])
        .post(f"{url}/notes/", {"text": "x"}, format="json")
        .status_code
        == 404
    )
    response = api_client_for(other_team_users["caseworker"]).patch(
        f"{url}/", {"risk_level": "low"}, format="json"
    )
    assert response.status_code == 404
    assert CaseNote.objects.filter(kind="note").count() == 0
    case.refresh_from_db()
    assert case.risk_level == "medium"


def test_patch_updates_risk(users, api_client_for, open_case):
    case = open_case()
    response = api_client_for(users["caseworker"]).patch(
        f"{BASE}/cases/{case.uuid}/", {"risk_level": "high"}, format="json"
    )
    assert response.status_code == 200 and response.json()["risk_level"] == "high"


def test_service_without_person_or_case_is_a_field_error(users, api_client_for):
    response = api_client_for(users["caseworker"]).post(
        f"{BASE}/services/", {"service_type": "pfa"}, format="json"
    )
    assert response.status_code == 400 and "person" in response.json()["error"]["fields"]
    assert ServiceDelivery.objects.count() == 0


def _seed(users, n):
    worker = users["caseworker"]
    for index in range(n):
        person = person_register(
            actor=worker,
            data={"given_name": f"N{index}"},
            registration_channel=Registration.Channel.MOBILE_TEAM,
        )
        case = services.case_open(actor=worker, person=person, case_type="mhpss")
        services.service_record(actor=worker, person=person, case=case, service_type="pfa")
        services.followup_create(
            actor=worker, case=case, title="x", due_at=timezone.now() + datetime.timedelta(days=1)
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_api_list_query_counts_are_constant(users, api_client_for):
    client = api_client_for(users["team_leader"])
    _seed(users, 2)
    few = (_queries(client, f"{BASE}/cases/"), _queries(client, f"{BASE}/services/"))
    _seed(users, 5)
    many = (_queries(client, f"{BASE}/cases/"), _queries(client, f"{BASE}/services/"))
    assert few == many
    assert FollowUp.objects.count() == 7
