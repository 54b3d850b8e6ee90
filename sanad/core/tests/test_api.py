"""The core API: role matrix, scope (404), error shape, no secrets, query counts, schema and docs."""

import re

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from sanad.core.models import AuditEvent, Team
from sanad.core.permissions import ALL_ROLES, Scope
from sanad.core.services.jobs import job_create, job_progress, job_start
from sanad.core.tests.factories import TeamFactory, UserFactory
from sanad.core.tests.role_matrix import REVIEWED

LISTS = {
    "/api/v1/agencies/": "agencies.view",
    "/api/v1/units/": "units.view",
    "/api/v1/teams/": "teams.view",
    "/api/v1/users/": "users.view",
}


def _error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_list_endpoints_role_matrix(role, users, api_client_for, org):
    client = api_client_for(users[role])
    for url, action in LISTS.items():
        response = client.get(url)
        if role in REVIEWED[action]:
            assert response.status_code == 200, (url, role)
        else:
            _error(response, 403, "permission_denied")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_team_endpoint_scope(role, users, api_client_for, org):
    client = api_client_for(users[role])
    scope = REVIEWED["teams.view"][role]
    codes = {team["code"] for team in client.get("/api/v1/teams/").json()["results"]}
    expected = {"tripoli-1"}
    if scope >= Scope.AGENCY:
        expected.add("misrata-1")
    if scope == Scope.ALL:
        expected.add("clinic-1")
    assert codes == expected
    partner = client.get(f"/api/v1/teams/{org.partner_team.uuid}/")
    if scope == Scope.ALL:
        assert partner.status_code == 200
    else:
        _error(partner, 404, "not_found")


def test_user_endpoint_scope_and_no_secrets(users, other_team_users, other_agency_users, api_client_for, org):
    leader = api_client_for(users["team_leader"])
    names = {u["username"] for u in leader.get("/api/v1/users/").json()["results"]}
    assert names == {u.username for u in users.values()}  # team scope: own team only
    _error(leader.get(f"/api/v1/users/{other_team_users['caseworker'].uuid}/"), 404)
    admin = api_client_for(users["agency_admin"])
    assert admin.get(f"/api/v1/users/{other_team_users['caseworker'].uuid}/").status_code == 200
    _error(admin.get(f"/api/v1/users/{other_agency_users['caseworker'].uuid}/"), 404)

    body = admin.get(f"/api/v1/users/{users['team_leader'].uuid}/").json()
    assert set(body) == {
        "uuid",
        "username",
        "first_name",
        "last_name",
        "agency",
        "roles",
        "teams",
        "is_active",
    }
    assert body["agency"] == str(org.agency.uuid) and body["roles"] == ["team_leader"]
    assert body["teams"] == [
        {
            "uuid": str(org.team.uuid),
            "code": "tripoli-1",
            "name": "Tripoli mobile team 1",
            "function": "team_leader",
        }
    ]
    raw = admin.get("/api/v1/users/").content.decode() + admin.get("/api/v1/me/").content.decode()
    assert "password" not in raw and "pbkdf2" not in raw and "md5$" not in raw and "token" not in raw.lower()


def test_agency_and_unit_endpoints(users, api_client_for, org):
    client = api_client_for(users["partner_caseworker"])
    body = client.get(f"/api/v1/agencies/{org.agency.uuid}/").json()
    assert body["code"] == "iom" and body["name_ar"] == "المنظمة الدولية للهجرة"
    units = client.get("/api/v1/units/", {"agency": str(org.other_agency.uuid)}).json()["results"]
    assert [u["code"] for u in units] == ["health"] and units[0]["agency"]["uuid"] == str(
        org.other_agency.uuid
    )
    assert client.get(f"/api/v1/units/{org.unit.uuid}/").json()["agency"]["code"] == "iom"
    _error(client.get("/api/v1/agencies/00000000-0000-0000-0000-000000000000/"), 404, "not_found")


def test_team_detail_has_members_and_base(users, api_client_for, org):
    body = api_client_for(users["caseworker"]).get(f"/api/v1/teams/{org.team.uuid}/").json()
    assert body["agency"]["code"] == "iom" and body["unit"]["code"] == "mrrm"
    members = {m["username"]: m["function"] for m in body["members"]}
    assert members["team_leader-tripoli-1"] == "team_leader" and len(members) == body["member_count"] == 17


def test_error_shapes(users, api_client_for, org):
    _error(APIClient().get("/api/v1/teams/"), 401, "not_authenticated")
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token nope")
    _error(bad_token.get("/api/v1/me/"), 401)
    client = api_client_for(users["caseworker"])
    error = _error(client.get("/api/v1/teams/", {"agency": "not-a-uuid", "unit": "x"}), 400, "invalid")
    assert set(error["fields"]) == {"agency", "unit"} and error["message"]
    _error(client.get("/api/v1/users/"), 403, "permission_denied")
    _error(client.get(f"/api/v1/teams/{org.partner_team.uuid}/"), 404, "not_found")


@pytest.mark.parametrize("role", ["system_admin", "team_leader", "caseworker"])
def test_writes_are_refused_and_change_nothing(role, users, api_client_for, org):
    client = api_client_for(users[role])
    before = AuditEvent.objects.count()
    for method, url in [
        ("post", "/api/v1/teams/"),
        ("patch", f"/api/v1/teams/{org.team.uuid}/"),
        ("delete", f"/api/v1/teams/{org.team.uuid}/"),
        ("post", "/api/v1/agencies/"),
        ("put", f"/api/v1/users/{users['caseworker'].uuid}/"),
    ]:
        response = getattr(client, method)(url, {"name": "Changed", "code": "changed"}, format="json")
        assert response.status_code in (403, 405), (method, url)
        assert "error" in response.json()
    assert Team.objects.get(pk=org.team.pk).name == "Tripoli mobile team 1"
    assert AuditEvent.objects.count() == before


def test_me(users, api_client_for):
    body = api_client_for(users["auditor"]).get("/api/v1/me/").json()
    assert body["username"] == "auditor-tripoli-1" and body["roles"] == ["auditor"]
    assert body["actions"]["audit.export"] == "all" and "users.manage" not in body["actions"]
    assert body["actions"]["jobs.view"] == "own"


def test_job_endpoint(users, other_team_users, api_client_for):
    job = job_create(actor=users["caseworker"], kind="x", label="Import")
    job_start(job, total=8)
    job_progress(job, 2, "Row 2")
    body = api_client_for(users["caseworker"]).get(f"/api/v1/jobs/{job.uuid}/").json()
    assert (body["status"], body["progress"], body["total"], body["percent"], body["message"]) == (
        "running",
        2,
        8,
        25,
        "Row 2",
    )
    assert body["download_url"] is None
    _error(api_client_for(other_team_users["caseworker"]).get(f"/api/v1/jobs/{job.uuid}/"), 404)
    assert api_client_for(users["system_admin"]).get(f"/api/v1/jobs/{job.uuid}/").status_code == 200


@pytest.mark.parametrize("url", list(LISTS))
def test_list_query_counts(url, users, api_client_for, org, django_assert_max_num_queries):
    for i in range(15):
        team = TeamFactory(unit=org.unit, code=f"q-{i}")
        user = UserFactory(agency=org.agency, roles=["caseworker"], username=f"q-user-{i}")
        user.units.add(org.unit)
        team.memberships.create(user=user, function="driver")
        org.team.memberships.create(user=user, function="nurse")
    client = api_client_for(users["system_admin"])
    client.get("/api/v1/me/")  # warm the token user's cached lookups
    with django_assert_max_num_queries(8):
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200 and response.json()["count"] >= 2


def test_schema_generates_without_warnings_for_core_endpoints(users, client_for):
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include("sanad.core.api_urls"))])
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular emitted warnings or errors"
    assert {"/api/v1/teams/", "/api/v1/users/{uuid}/", "/api/v1/jobs/{uuid}/", "/api/v1/me/"} <= set(
        schema["paths"]
    )
    response = client_for(users["system_admin"]).get("/api/schema/")
    assert response.status_code == 200 and b"/api/v1/agencies/" in response.content


def test_docs_page_uses_only_local_assets(users, client_for):
    response = client_for(users["caseworker"]).get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in a for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets
    assert "cdn" not in html.lower() and "https://" not in " ".join(assets)


def test_the_whole_schema_generates_without_a_warning(tmp_path, db):
    """Every module's endpoints: no unresolvable field, no two components under one name."""
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/cases/" in text and "/api/v1/tickets/" in text and "/api/v1/referrals/" in text
