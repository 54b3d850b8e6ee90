"""Directory management pages and endpoints: role matrix, writes and refused writes, query
counts; the emergency-override review page; the partner's view of other referrals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanad.core.models import AuditEvent
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import may
from sanad.referrals.models import Referral, ReferralPathway, ReferralService, ServiceProvider

pytestmark = pytest.mark.django_db


def _service_post(directory, places, **overrides):
    data = {
        "name_en": "Mobile counselling Sabha",
        "name_ar": "الإرشاد المتنقل سبها",
        "need": "mhpss",
        "provider": str(directory.iom.uuid),
        "unit": "",
        "admin_unit": str(places.sabha.uuid),
        "catchment": "LY03",
        "eligible_sex": "any",
        "status": "active",
        "population_groups": ["migrant", "refugee"],
        "languages": ["ar", "fr"],
        "age_min": "",
        "age_max": "",
        "idempotency_key": "svc-1",
    }
    data.update(overrides)
    return data


def test_service_create_and_refused_write(users, client_for, directory, places):
    before = ReferralService.objects.count()
    response = client_for(users["caseworker"]).post(
        reverse("referrals:service_create"), _service_post(directory, places)
    )
    assert response.status_code == 403 and ReferralService.objects.count() == before
    response = client_for(users["me_officer"]).post(
        reverse("referrals:service_create"), _service_post(directory, places, age_min="18", age_max="5")
    )
    assert response.status_code == 400 and ReferralService.objects.count() == before
    response = client_for(users["me_officer"]).post(
        reverse("referrals:service_create"), _service_post(directory, places)
    )
    service = ReferralService.objects.get(name_en="Mobile counselling Sabha")
    assert response.status_code == 302
    assert list(service.catchment.values_list("pcode", flat=True)) == ["LY03"]
    assert service.population_groups == ["migrant", "refugee"]
    assert AuditEvent.objects.filter(
        action="referrals.service.create", object_uuid=str(service.uuid)
    ).exists()
    client_for(users["me_officer"]).post(
        reverse("referrals:service_create"), _service_post(directory, places)
    )
    assert ReferralService.objects.filter(name_en="Mobile counselling Sabha").count() == 1
    response = client_for(users["me_officer"]).post(
        reverse("referrals:service_edit", args=[service.uuid]),
        _service_post(directory, places, status="suspended", catchment="LY99"),
    )
    assert response.status_code == 400  # unknown P-code
    response = client_for(users["me_officer"]).post(
        reverse("referrals:service_edit", args=[service.uuid]),
        _service_post(directory, places, status="suspended"),
    )
    service.refresh_from_db()
    assert response.status_code == 302 and service.status == "suspended"


def test_service_unit_must_belong_to_provider_agency(users, client_for, directory, places, org):
    response = client_for(users["system_admin"]).post(
        reverse("referrals:service_create"), _service_post(directory, places, unit=str(org.partner_unit.uuid))
    )
    assert response.status_code == 400
    assert "must belong to the provider" in response.content.decode()


def test_provider_pages(users, client_for, org):
    for role in ALL_ROLES:
        expected = 200 if may(users[role], "directory.manage") else 403
        assert client_for(users[role]).get(reverse("referrals:provider_create")).status_code == expected, role
        assert client_for(users[role]).get(reverse("referrals:provider_list")).status_code == 200, role
    data = {
        "name_en": "Shelter NGO",
        "kind": "external",
        "organisation_type": "national_ngo",
        "is_active": "on",
    }
    assert client_for(users["caseworker"]).post(reverse("referrals:provider_create"), data).status_code == 403
    assert not ServiceProvider.objects.filter(name_en="Shelter NGO").exists()
    bad = {**data, "kind": "sanad_agency"}
    assert (
        client_for(users["system_admin"]).post(reverse("referrals:provider_create"), bad).status_code == 400
    )
    response = client_for(users["system_admin"]).post(reverse("referrals:provider_create"), data)
    assert response.status_code == 302 and ServiceProvider.objects.filter(name_en="Shelter NGO").exists()


def test_pathway_edit_page(users, client_for, directory, places):
    data = {
        "name_en": "Psychiatric emergency in Sabha",
        "need": "health_psychiatric",
        "admin_unit": str(places.sabha.uuid),
        "step_1": str(directory.psychiatric.uuid),
        "step_2": str(directory.mhpss.uuid),
        "is_active": "on",
    }
    assert client_for(users["caseworker"]).post(reverse("referrals:pathway_create"), data).status_code == 403
    assert ReferralPathway.objects.count() == 0
    response = client_for(users["me_officer"]).post(reverse("referrals:pathway_create"), data)
    pathway = ReferralPathway.objects.get()
    assert response.status_code == 302
    assert [s.service for s in pathway.steps.all()] == [directory.psychiatric, directory.mhpss]
    data["step_2"] = str(directory.psychiatric.uuid)
    response = client_for(users["me_officer"]).post(
        reverse("referrals:pathway_edit", args=[pathway.uuid]), data
    )
    assert response.status_code == 400 and pathway.steps.count() == 2
    page = client_for(users["caseworker"]).get(reverse("referrals:pathway_list")).content.decode()
    assert "Psychiatric emergency in Sabha" in page


def test_directory_search_query_count(users, client_for, directory):
    client = client_for(users["caseworker"])
    client.get(reverse("referrals:service_list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("referrals:service_list") + "?need=health_psychiatric&q=clinic")
    assert response.status_code == 200 and "Psychiatric clinic" in response.content.decode()
    assert len(queries) <= 12
    data = client.get(reverse("referrals:service_map_data")).json()
    assert {f["properties"]["name"] for f in data["features"]} == {"Psychiatric clinic", "Counselling"}


def test_api_lists_query_counts_do_not_grow(send, users, api_client_for):
    api = api_client_for(users["caseworker"])
    send()
    api.get("/api/v1/referrals/")
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/referrals/")
    for _ in range(4):
        send()
    with CaptureQueriesContext(connection) as many:
        assert api.get("/api/v1/referrals/").json()["count"] == 5
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as services:
        api.get("/api/v1/referral-services/")
    assert len(services) <= 8


def test_api_directory_role_matrix(users, api_client_for, directory):
    for role in ALL_ROLES:
        api = api_client_for(users[role])
        assert api.get("/api/v1/service-providers/").status_code == 200, role
        assert api.get(f"/api/v1/referral-services/{directory.psychiatric.uuid}/").status_code == 200, role
    api = api_client_for(users["caseworker"])
    assert api.get("/api/v1/referral-services/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert api.get("/api/v1/referral-services/?place=LY0211").json()["count"] == 2
    assert api.get("/api/v1/referral-services/?place=ZZ").status_code == 400


def test_partner_cannot_see_referrals_to_others(
    send, directory, other_agency_users, client_for, api_client_for
):
    external = send(service=directory.legal, needs=["protection_legal"])
    for user in (other_agency_users["partner_caseworker"], other_agency_users["caseworker"]):
        assert client_for(user).get(reverse("referrals:detail", args=[external.uuid])).status_code == 404
        assert api_client_for(user).get(f"/api/v1/referrals/{external.uuid}/").status_code == 404
        response = client_for(user).post(reverse("referrals:transition", args=[external.uuid, "accept"]), {})
        assert response.status_code == 404
    external.refresh_from_db()
    assert external.status == Referral.Status.SENT


def test_override_review_page(send, users, client_for, other_team_users):
    referral = send(
        consent_given=False, emergency_override=True, urgency="emergency", override_reason="Unconscious"
    )
    # A team leader of another team does not see it (404), the sender's team leader reviews it.
    response = client_for(other_team_users["team_leader"]).post(
        reverse("referrals:override_review", args=[referral.uuid]), {"note": "ok"}
    )
    assert response.status_code == 404
    page = client_for(users["team_leader"]).get(reverse("referrals:override_list")).content.decode()
    assert referral.reference in page
    client_for(users["team_leader"]).post(
        reverse("referrals:override_review", args=[referral.uuid]), {"note": "ok"}
    )
    referral.refresh_from_db()
    assert referral.override_reviewed_by == users["team_leader"]


def test_service_detail_and_provider_edit_role_matrix(users, client_for, directory):
    detail = reverse("referrals:service_detail", args=[directory.legal.uuid])
    edit = reverse("referrals:provider_edit", args=[directory.outside.uuid])
    for role in ALL_ROLES:
        user = users[role]
        expected = 200 if may(user, "directory.view") else 403
        assert client_for(user).get(detail).status_code == expected, role
        expected = 200 if may(user, "directory.manage") else 403
        assert client_for(user).get(edit).status_code == expected, role
        if expected == 403:
            before = AuditEvent.objects.count()
            data = {"name_en": "Renamed", "kind": "external", "organisation_type": "national_ngo"}
            assert client_for(user).post(edit, data).status_code == 403, role
            assert AuditEvent.objects.count() == before, role
    directory.outside.refresh_from_db()
    assert directory.outside.name_en == "Legal Aid Libya"
    viewer = next(users[r] for r in ALL_ROLES if may(users[r], "directory.view"))
    arabic = client_for(viewer).get(detail, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic and "Legal aid desk" in arabic
    missing = reverse("referrals:service_detail", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for(viewer).get(missing).status_code == 404
