"""A browser session that skipped the two-factor step its role requires cannot use the API."""

from django.test import Client


def test_unverified_session_is_refused_by_the_api(users):
    user = users["protection_caseworker"]  # a role that requires two-factor authentication
    assert user.requires_2fa
    client = Client()
    client.force_login(user)  # password only, no code
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "authentication_failed"


def test_verified_session_and_roles_without_two_factor_reach_the_api(users, client_for):
    assert client_for(users["protection_caseworker"]).get("/api/v1/me/").status_code == 200
    client = Client()
    client.force_login(users["caseworker"])  # this role does not require a second factor
    assert client.get("/api/v1/me/").status_code == 200
