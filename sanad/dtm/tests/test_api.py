"""The DTM API: role matrix, 401 without a token, 404 for unknown rounds, query counts."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sanad.core.tests.role_matrix import REVIEWED

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["dtm.view"])


def _urls(round_):
    return [
        reverse("api_dtm_round_list"),
        reverse("api_dtm_round_detail", kwargs={"uuid": round_.uuid}),
        reverse("api_dtm_round_locations", kwargs={"uuid": round_.uuid}),
        reverse("api_dtm_round_indicators", kwargs={"uuid": round_.uuid}),
    ]


def test_api_role_matrix(r54, users, api_client_for):
    for role, user in users.items():
        client = api_client_for(user)
        for url in _urls(r54.round):
            response = client.get(url)
            assert response.status_code == (200 if role in VIEWERS else 403), (role, url)
            if response.status_code == 403:
                assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_api_without_credentials_is_401(r54):
    response = APIClient().get(reverse("api_dtm_round_list"))
    assert response.status_code == 401
    assert "error" in response.json()


def test_api_unknown_round_is_404(r54, users, api_client_for):
    response = api_client_for(users["dtm_officer"]).get(
        reverse("api_dtm_round_locations", kwargs={"uuid": uuid.uuid4()})
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_rounds_locations_and_indicators(r54, users, api_client_for, django_assert_max_num_queries):
    client = api_client_for(users["me_officer"])
    with django_assert_max_num_queries(8):
        rounds = client.get(reverse("api_dtm_round_list")).json()
    assert rounds["count"] == 1
    assert rounds["results"][0]["total_individuals"] == 787_326
    assert rounds["results"][0]["status"] == "verified"
    url = reverse("api_dtm_round_locations", kwargs={"uuid": r54.round.uuid})
    with django_assert_max_num_queries(8):
        locations = client.get(url, {"page_size": 500}).json()
    assert locations["count"] == 100
    assert sum(row["individuals"] for row in locations["results"]) == 787_326
    tripoli = next(row for row in locations["results"] if row["pcode"] == "LY021104")
    assert tripoli["parent_pcode"] == "LY0211"
    with django_assert_max_num_queries(8):
        muhallas = client.get(url, {"level": "muhalla", "page_size": 500}).json()
    assert muhallas["count"] == 663
    assert {"adult_men", "shelter", "priority_needs"} <= set(muhallas["results"][0])
    indicators = client.get(
        reverse("api_dtm_round_indicators", kwargs={"uuid": r54.round.uuid}), {"baladiya": "LY021104"}
    ).json()
    assert indicators["baladiya"] == "LY021104"
    assert indicators["individuals"] == tripoli["individuals"]
    assert indicators["priority_needs"][0]["score"] > 0
