"""API: role matrix, filters, idempotent POST, PATCH, the one error shape, query counts, schema."""

from __future__ import annotations

import pytest

from sanad.core.models import AuditEvent
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.factories import SiteFactory
from sanad.geo.models import Site
from sanad.geo.tests.conftest import SITES_MANAGERS

SITES = "/api/v1/sites/"
UNITS = "/api/v1/admin-units/"


def _body(tree, **extra):
    return {
        "site_type": "shelter",
        "name_en": "Sabri shelter",
        "name_ar": "ملجأ الصابري",
        "admin_unit": str(tree.sabri.uuid),
        "latitude": 32.12,
        "longitude": 20.07,
        **extra,
    }


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads(role, users, sites, tree, api_client_for):
    client = api_client_for(users[role])
    assert client.get(SITES).status_code == 200
    assert client.get(f"{SITES}{sites.detention.uuid}/").status_code == 200
    assert client.get(UNITS).status_code == 200
    assert client.get(f"{UNITS}{tree.sabri.uuid}/").status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_write_matrix(role, users, sites, tree, api_client_for):
    client = api_client_for(users[role])
    created = client.post(SITES, _body(tree), format="json")
    patched = client.patch(f"{SITES}{sites.detention.uuid}/", {"name_en": "Renamed"}, format="json")
    sites.detention.refresh_from_db()
    if role in SITES_MANAGERS:
        assert created.status_code == 201, created.json()
        assert patched.status_code == 200
        assert sites.detention.name_en == "Renamed"
    else:
        assert created.status_code == 403
        assert created.json()["error"]["code"] == "permission_denied"
        assert patched.status_code == 403
        assert sites.detention.name_en == "Ganfouda detention centre"
        assert Site.objects.count() == 2
        assert not AuditEvent.objects.filter(action__startswith="geo.").exists()


def test_other_agency_reads_shared_sites_and_unknown_is_404(other_agency_users, sites, api_client_for):
    client = api_client_for(other_agency_users["partner_caseworker"])
    assert client.get(f"{SITES}{sites.detention.uuid}/").status_code == 200
    response = client.get(f"{SITES}6f1c1f5e-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_anonymous_gets_401(client, db):
    response = client.get(SITES)
    assert response.status_code == 401
    assert "error" in response.json()


def test_output_uses_uuids_and_pcodes(users, sites, tree, api_client_for):
    data = api_client_for(users["caseworker"]).get(f"{SITES}{sites.detention.uuid}/").json()
    assert data["uuid"] == str(sites.detention.uuid)
    assert data["admin_unit"] == {
        "uuid": str(tree.sabri.uuid),
        "pcode": "LY01030401",
        "level": 4,
        "name_en": "Al Sabri",
        "name_ar": "الصابري",
    }
    assert "id" not in data
    unit = api_client_for(users["caseworker"]).get(f"{UNITS}{tree.benghazi.uuid}/").json()
    assert unit["parent"]["pcode"] == "LY0103"
    assert "id" not in unit


def test_filters(users, sites, tree, api_client_for):
    client = api_client_for(users["caseworker"])

    def names(params):
        response = client.get(SITES, params)
        assert response.status_code == 200, response.json()
        return [s["name_en"] for s in response.json()["results"]]

    assert names({"admin_unit": "LY01"}) == ["Ganfouda detention centre"]
    assert names({"admin_unit": str(tree.west.uuid)}) == ["Tripoli port"]
    assert names({"type": "disembarkation_point"}) == ["Tripoli port"]
    assert names({"q": "قنفودة"}) == ["Ganfouda detention centre"]
    assert names({"active": "false"}) == []
    units = client.get(UNITS, {"level": 2, "q": "طرابلس"}).json()["results"]
    assert [u["pcode"] for u in units] == ["LY0211"]
    children = client.get(UNITS, {"parent": "LY0103"}).json()["results"]
    assert [u["pcode"] for u in children] == ["LY010304"]


def test_bad_filters_get_the_error_shape(users, db, api_client_for):
    client = api_client_for(users["caseworker"])
    response = client.get(SITES, {"type": "castle", "admin_unit": "LY99"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "type" in error["fields"]
    response = client.get(UNITS, {"parent": "LY99"})
    assert response.status_code == 400
    assert "parent" in response.json()["error"]["fields"]


def test_bad_body_gets_field_errors_and_changes_nothing(users, tree, api_client_for):
    client = api_client_for(users["team_leader"])
    response = client.post(
        SITES, _body(tree, latitude=48.2, site_type="castle", admin_unit="LY77"), format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert "site_type" in error["fields"]
    response = client.post(SITES, _body(tree, latitude=48.2, longitude=None), format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "Libya" in fields["latitude"][0]
    assert "longitude" in fields
    response = client.post(SITES, _body(tree, admin_unit="LY77"), format="json")
    assert response.json()["error"]["fields"]["admin_unit"]
    assert not Site.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="geo.").exists()


def test_idempotency_key_creates_one_site(users, tree, api_client_for):
    client = api_client_for(users["me_officer"])
    first = client.post(SITES, _body(tree), format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    second = client.post(SITES, _body(tree), format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    assert first.status_code == second.status_code == 201
    assert first.json()["uuid"] == second.json()["uuid"]
    assert Site.objects.count() == 1
    third = client.post(SITES, _body(tree), format="json", HTTP_IDEMPOTENCY_KEY="other")
    assert third.json()["uuid"] != first.json()["uuid"]


def test_patch_by_pcode_and_deactivate(users, sites, tree, api_client_for):
    client = api_client_for(users["dtm_officer"])
    url = f"{SITES}{sites.detention.uuid}/"
    response = client.patch(url, {"admin_unit": "LY010304", "is_active": False}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["admin_unit"]["pcode"] == "LY010304"
    assert response.json()["is_active"] is False
    event = AuditEvent.objects.get(action="geo.site.update")
    assert event.changes["is_active"] == [True, False]
    assert event.changes["admin_unit"] == [str(tree.sabri.uuid), str(tree.benghazi.uuid)]
    response = client.patch(url, {"latitude": 10}, format="json")
    assert response.status_code == 400


def test_list_query_counts(users, tree, api_client_for, django_assert_max_num_queries):
    for i in range(40):
        SiteFactory(name_en=f"Site {i}", admin_unit=tree.sabri)
    client = api_client_for(users["caseworker"])
    client.get(SITES)
    with django_assert_max_num_queries(6):
        assert len(client.get(SITES).json()["results"]) == 40
    with django_assert_max_num_queries(6):
        assert client.get(UNITS).status_code == 200


def test_schema_documents_the_endpoints(users, client_for):
    schema = client_for(users["caseworker"]).get("/api/schema/").content.decode()
    for path in (
        "/api/v1/sites/",
        "/api/v1/sites/{uuid}/",
        "/api/v1/admin-units/",
        "/api/v1/admin-units/{uuid}/",
    ):
        assert path in schema
    assert "Idempotency-Key" in schema
