"""The role administration page and its two-factor toggle."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.core.models import AuditEvent, Role
from sanad.core.permissions import ALL_ROLES, MATRIX, ROLES
from sanad.core.tests.role_matrix import REVIEWED, assert_role_matrix

MANAGERS = set(REVIEWED["roles.manage"])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_list_role_matrix(role, users, client_for):
    response = client_for(users[role]).get(reverse("core:role_list"))
    assert response.status_code == (200 if role in MANAGERS else 403)


def test_role_list_shows_every_role_with_counts_and_matrix(users, other_team_users, client_for):
    response = client_for(users["system_admin"]).get(reverse("core:role_list"))
    roles = response.context["roles"]
    assert [r.code for r in roles] == list(ROLES)
    assert all(r.user_count == 2 for r in roles)  # one in each team of the fixtures
    html = response.content.decode()
    assert 'data-testid="role-matrix"' in html
    assert "table-responsive" in html
    matrix = response.context["matrix"]
    assert {row["action"] for row in matrix} == set(MATRIX)
    row = next(r for r in matrix if r["action"] == "users.manage")
    codes = list(ROLES)
    assert row["cells"][codes.index("agency_admin")].label == "agency"
    assert row["cells"][codes.index("caseworker")] is None


def test_every_action_of_the_matrix_has_a_label_shown_on_the_roles_page(users, client_for):
    from sanad.core.permissions import ACTION_LABELS

    assert set(ACTION_LABELS) == set(MATRIX)
    html = client_for(users["system_admin"]).get(reverse("core:role_list")).content.decode()
    assert "Manage users" in html
    assert '<bdi translate="no">users.manage</bdi>' in html


def test_role_list_query_count(users, client_for, django_assert_max_num_queries):
    client = client_for(users["system_admin"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("core:role_list")).status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_toggle_requires_2fa_role_matrix(role, users, client_for):
    url = reverse("core:role_two_factor", kwargs={"code": "caseworker"})
    response = client_for(users[role]).post(url, {"requires_2fa": "on"}, HTTP_HX_REQUEST="true")
    requires = Role.objects.get(code="caseworker").requires_2fa
    if role in MANAGERS:
        assert response.status_code == 200
        assert b"checked" in response.content
        assert requires
        event = AuditEvent.objects.get(action="core.role.update")
        assert event.changes == {"requires_2fa": [False, True]}
    else:
        assert response.status_code == 403
        assert not requires
        assert not AuditEvent.objects.exists()


def test_toggle_off_without_htmx_redirects(users, client_for):
    url = reverse("core:role_two_factor", kwargs={"code": "medical"})
    response = client_for(users["system_admin"]).post(url, {})
    assert response.status_code == 302
    assert not Role.objects.get(code="medical").requires_2fa


def test_toggle_unknown_role_is_404(users, client_for):
    url = reverse("core:role_two_factor", kwargs={"code": "wizard"})
    assert client_for(users["system_admin"]).post(url, {"requires_2fa": "on"}).status_code == 404


def test_toggled_role_enforces_2fa(make_user, client_for):
    from django.test import Client

    from sanad.conftest import PASSWORD

    make_user("dtm_officer", username="counter")
    client = Client()
    client.post("/account/login/", {"username": "counter", "password": PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200
    Role.objects.filter(code="dtm_officer").update(requires_2fa=True)
    assert client.get(reverse("core:home"))["Location"] == reverse("core:two_factor_setup")


def test_core_grants_are_the_reviewed_ones():
    """The core rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("agencies", "units", "teams", "users", "roles", "audit", "jobs", "api_tokens", "work")
