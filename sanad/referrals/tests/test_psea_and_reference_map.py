"""A PSEA focal point refers survivors and sees only the referrals they sent (pages and API);
the directory maps' baladiya reference dots are public reference data served without sign-in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.core.tests.factories import AdminUnitFactory
from sanad.referrals.models import Referral

pytestmark = pytest.mark.django_db

PSEA = "psea_focal_point"


@pytest.fixture
def psea_referral(send, users, directory):
    return send(
        actor=users[PSEA],
        service=directory.mhpss,
        needs=["mhpss"],
        reason="Survivor of sexual exploitation asks for psychosocial support.",
    )


def test_psea_focal_point_sees_own_referrals_only_in_the_list(send, psea_referral, users, client_for):
    colleague = send()
    response = client_for(users[PSEA]).get(reverse("referrals:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert psea_referral.reference in html
    assert colleague.reference not in html


def test_psea_focal_point_creates_a_referral_through_the_page(users, client_for, person, directory):
    url = reverse("referrals:create") + f"?person={person.uuid}"
    client = client_for(users[PSEA])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "service": str(directory.mhpss.uuid),
            "urgency": "urgent",
            "needs": ["mhpss"],
            "reason": "Survivor assistance",
            "shared_fields": ["full_name"],
            "consent_given": "on",
            "idempotency_key": "psea-1",
        },
    )
    referral = Referral.objects.get()
    assert referral.created_by == users[PSEA]
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:detail", args=[referral.uuid]
    )
    assert client.get(response["Location"]).status_code == 200


def test_psea_focal_point_detail_own_visible_colleagues_404(send, psea_referral, users, client_for):
    colleague = send()
    client = client_for(users[PSEA])
    assert client.get(reverse("referrals:detail", args=[psea_referral.uuid])).status_code == 200
    assert client.get(reverse("referrals:detail", args=[colleague.uuid])).status_code == 404
    # The colleague still sees their own referral and, with agency scope, the focal point's.
    caseworker = client_for(users["caseworker"])
    assert caseworker.get(reverse("referrals:detail", args=[colleague.uuid])).status_code == 200


def test_psea_focal_point_api_list_create_and_detail(
    send, psea_referral, users, api_client_for, person, directory
):
    colleague = send()
    api = api_client_for(users[PSEA])
    listed = api.get("/api/v1/referrals/")
    assert listed.status_code == 200
    assert [r["uuid"] for r in listed.json()["results"]] == [str(psea_referral.uuid)]
    assert api.get(f"/api/v1/referrals/{psea_referral.uuid}/").status_code == 200
    assert api.get(f"/api/v1/referrals/{colleague.uuid}/").status_code == 404
    before = Referral.objects.count()
    response = api.post(
        "/api/v1/referrals/",
        {
            "person": str(person.uuid),
            "service": str(directory.legal.uuid),
            "reason": "Legal counselling for a survivor",
            "urgency": "routine",
            "needs": ["protection_legal"],
            "consent_given": True,
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="psea-api-1",
    )
    assert response.status_code == 201
    assert Referral.objects.count() == before + 1
    assert Referral.objects.get(uuid=response.json()["uuid"]).created_by == users[PSEA]


def test_psea_focal_point_cannot_answer_for_the_receiving_side(send, users, api_client_for):
    colleague = send()
    response = api_client_for(users[PSEA]).post(
        f"/api/v1/referrals/{colleague.uuid}/accept/", {}, format="json"
    )
    assert response.status_code in (403, 404)
    colleague.refresh_from_db()
    assert colleague.status == Referral.Status.SENT


def test_public_baladiya_centroids_without_login_and_without_personal_data(client, places, send):
    send()
    AdminUnitFactory(
        pcode="LY031902",
        name_en="Closed baladiya",
        parent=places.south,
        is_active=False,
        latitude="27.0",
        longitude="14.4",
    )
    response = client.get(reverse("referrals_public:baladiya_centroids"))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    data = response.json()
    assert data["type"] == "FeatureCollection"
    by_pcode = {f["properties"]["pcode"]: f for f in data["features"]}
    assert "LY021104" in by_pcode  # Tripoli Centre has a centroid
    assert by_pcode["LY021104"]["geometry"]["coordinates"] == [13.19, 32.88]
    assert "LY02" not in by_pcode and "LY0211" not in by_pcode  # regions and districts are not dots
    assert "LY031902" not in by_pcode
    for feature in data["features"]:
        assert set(feature["properties"]) == {"name", "pcode"}
    text = response.content.decode()
    for personal in ("Mohamed", "Ahmed", "0912345678", "Severe distress"):
        assert personal not in text


def test_both_directory_maps_use_the_public_reference_dots(client, users, client_for, directory):
    url = reverse("referrals_public:baladiya_centroids")
    for response in (
        client.get(reverse("referrals_public:directory")),
        client_for(users["caseworker"]).get(reverse("referrals:service_list")),
    ):
        assert response.status_code == 200
        assert response.context["map_config"]["centroidsUrl"].startswith(url)
        assert 'id="service-map-config"' in response.content.decode()
