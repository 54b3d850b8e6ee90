"""User administration pages: role matrix, scope (404), refused writes change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from sanad.conftest import PASSWORD
from sanad.core.models import AuditEvent, TeamMembership, User
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import REVIEWED

VIEWERS = set(REVIEWED["users.view"])
MANAGERS = set(REVIEWED["users.manage"])


def detail_url(user) -> str:
    return reverse("core:user_detail", kwargs={"uuid": user.uuid})


def form_data(user=None, **overrides) -> dict:
    data = {
        "username": "newcomer",
        "first_name": "New",
        "last_name": "Comer",
        "email": "newcomer@example.org",
        "phone": "",
        "preferred_language": "en",
        "agency": "",
        "units": [],
        "roles": ["caseworker"],
        "idempotency_key": "key-1",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------------------------
# List
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_list_role_matrix(role, users, client_for):
    response = client_for(users[role]).get(reverse("core:user_list"))
    assert response.status_code == (200 if role in VIEWERS else 403)


def usernames(response) -> set[str]:
    # Every matching user, not only the first page.
    return {u.username for u in response.context["page_obj"].paginator.object_list}


def test_user_list_scope(users, other_team_users, other_agency_users, client_for):
    everyone = {u.username for group in (users, other_team_users, other_agency_users) for u in group.values()}
    seen = usernames(client_for(users["system_admin"]).get(reverse("core:user_list")))
    assert everyone <= seen

    seen = usernames(client_for(users["agency_admin"]).get(reverse("core:user_list")))
    assert {u.username for u in users.values()} <= seen
    assert {u.username for u in other_team_users.values()} <= seen
    assert not seen & {u.username for u in other_agency_users.values()}

    seen = usernames(client_for(users["team_leader"]).get(reverse("core:user_list")))
    assert seen == {u.username for u in users.values()}


def test_user_list_filters(users, other_team_users, org, client_for):
    client = client_for(users["system_admin"])
    url = reverse("core:user_list")
    assert usernames(client.get(url, {"q": "medical-misrata"})) == {"medical-misrata-1"}
    assert usernames(client.get(url, {"role": "auditor"})) == {"auditor-tripoli-1", "auditor-misrata-1"}
    by_team = usernames(client.get(url, {"team": str(org.other_team.uuid)}))
    assert by_team == {u.username for u in other_team_users.values()}
    users["caseworker"].is_active = False
    users["caseworker"].save()
    assert "caseworker-tripoli-1" in usernames(client.get(url, {"active": "no"}))
    assert "caseworker-tripoli-1" not in usernames(client.get(url, {"active": "yes"}))
    assert usernames(client.get(url, {"agency": "not-a-uuid", "q": "auditor-tripoli"})) == {
        "auditor-tripoli-1"
    }


def test_user_list_query_count(
    users, other_team_users, other_agency_users, client_for, django_assert_max_num_queries
):
    client = client_for(users["system_admin"])
    client.get(reverse("core:user_list"))  # warm up
    with django_assert_max_num_queries(16):
        response = client.get(reverse("core:user_list"))
    assert len(response.context["users"]) == 50  # a full page of 51 users


# ---------------------------------------------------------------------------------------------
# Detail
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_detail_role_matrix(role, users, client_for):
    target = users["caseworker"]
    response = client_for(users[role]).get(detail_url(target))
    assert response.status_code == (200 if role in VIEWERS else 403)


@pytest.mark.parametrize("role", sorted(VIEWERS))
def test_user_detail_out_of_scope_is_404(role, users, other_team_users, other_agency_users, client_for):
    client = client_for(users[role])
    other_agency = client.get(detail_url(other_agency_users["caseworker"]))
    other_team = client.get(detail_url(other_team_users["caseworker"]))
    if role in {"system_admin", "auditor", "data_protection_officer"}:
        assert (other_agency.status_code, other_team.status_code) == (200, 200)
    elif role == "agency_admin":
        assert (other_agency.status_code, other_team.status_code) == (404, 200)
    else:  # team leader
        assert (other_agency.status_code, other_team.status_code) == (404, 404)


def test_user_detail_unknown_uuid_is_404(users, client_for):
    url = reverse("core:user_detail", kwargs={"uuid": "00000000-0000-0000-0000-000000000000"})
    assert client_for(users["system_admin"]).get(url).status_code == 404


# ---------------------------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_create_role_matrix(role, users, org, client_for):
    client = client_for(users[role])
    count = User.objects.count()
    get = client.get(reverse("core:user_create"))
    response = client.post(reverse("core:user_create"), form_data(agency=str(org.agency.uuid)))
    if role in MANAGERS:
        assert get.status_code == 200
        assert response.status_code == 200  # the one-time password page
        assert b'data-testid="one-time-password"' in response.content
        assert User.objects.count() == count + 1
        assert AuditEvent.objects.filter(action="core.user.create").count() == 1
    else:
        assert (get.status_code, response.status_code) == (403, 403)
        assert User.objects.count() == count
        assert not AuditEvent.objects.exists()


def test_user_create_with_password_and_idempotent_retry(users, org, client_for):
    client = client_for(users["system_admin"])
    data = form_data(agency=str(org.agency.uuid), password="Sunny-Harbour-77", units=[str(org.unit.uuid)])
    response = client.post(reverse("core:user_create"), data)
    created = User.objects.get(username="newcomer")
    assert response["Location"] == detail_url(created)
    assert created.check_password("Sunny-Harbour-77")
    assert created.password_changed_at is None
    assert set(created.role_codes) == {"caseworker"}
    assert list(created.units.all()) == [org.unit]
    # A retried submission returns the same user instead of an error or a copy.
    again = client.post(reverse("core:user_create"), data)
    assert again["Location"] == detail_url(created)
    assert User.objects.filter(username="newcomer").count() == 1
    event = AuditEvent.objects.get(action="core.user.create")
    assert event.changes["username"] == [None, "newcomer"]
    assert event.changes["roles"] == [None, ["caseworker"]]
    assert "Sunny-Harbour-77" not in str(event.changes)


def test_user_create_weak_password_and_duplicate_username(users, org, client_for):
    client = client_for(users["system_admin"])
    response = client.post(
        reverse("core:user_create"), form_data(agency=str(org.agency.uuid), password="weak")
    )
    assert response.status_code == 200
    assert "This password is too short." in response.content.decode()
    response = client.post(
        reverse("core:user_create"), form_data(agency=str(org.agency.uuid), username="CASEWORKER-tripoli-1")
    )
    assert "This username is already taken." in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    assert not AuditEvent.objects.exists()


# ---------------------------------------------------------------------------------------------
# Edit
# ---------------------------------------------------------------------------------------------
def edit_data(target, **overrides) -> dict:
    data = {
        "username": target.username,
        "first_name": "Changed",
        "last_name": target.last_name,
        "email": target.email,
        "phone": "",
        "preferred_language": "ar",
        "agency": str(target.agency.uuid),
        "units": [str(u.uuid) for u in target.units.all()],
        "roles": sorted(target.role_codes),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_edit_role_matrix(role, users, client_for):
    target = users["caseworker"]
    client = client_for(users[role])
    get = client.get(reverse("core:user_edit", kwargs={"uuid": target.uuid}))
    response = client.post(reverse("core:user_edit", kwargs={"uuid": target.uuid}), edit_data(target))
    target.refresh_from_db()
    if role in MANAGERS:
        assert get.status_code == 200
        assert response.status_code == 302
        assert target.first_name == "Changed"
        event = AuditEvent.objects.get(action="core.user.update")
        assert event.changes["first_name"][1] == "Changed"
        assert event.changes["preferred_language"] == ["en", "ar"]
    else:
        assert (get.status_code, response.status_code) == (403, 403)
        assert target.first_name != "Changed"
        assert not AuditEvent.objects.exists()


def test_agency_admin_cannot_edit_other_agency_user(users, other_agency_users, client_for):
    target = other_agency_users["caseworker"]
    client = client_for(users["agency_admin"])
    url = reverse("core:user_edit", kwargs={"uuid": target.uuid})
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(target)).status_code == 404
    target.refresh_from_db()
    assert target.first_name != "Changed"
    assert not AuditEvent.objects.exists()


def test_edit_roles_audited_before_after(users, client_for):
    target = users["caseworker"]
    client = client_for(users["system_admin"])
    client.post(
        reverse("core:user_edit", kwargs={"uuid": target.uuid}),
        edit_data(
            target, first_name=target.first_name, preferred_language="en", roles=["caseworker", "medical"]
        ),
    )
    event = AuditEvent.objects.get(action="core.user.roles_set")
    assert event.changes == {"roles": [["caseworker"], ["caseworker", "medical"]]}
    assert not AuditEvent.objects.filter(action="core.user.update").exists()  # nothing else changed


# ---------------------------------------------------------------------------------------------
# One-click actions
# ---------------------------------------------------------------------------------------------
ACTIONS = ["user_deactivate", "user_reset_two_factor", "user_unlock", "user_password_reset"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_user_actions_role_matrix(action, role, users, client_for):
    target = users["caseworker"]
    TOTPDevice.objects.create(user=target, name="phone", confirmed=True)
    response = client_for(users[role]).post(reverse(f"core:{action}", kwargs={"uuid": target.uuid}))
    target.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code in {200, 302}  # the password reset shows the new password
        assert (
            AuditEvent.objects.filter(action__startswith="core.user.", object_uuid=str(target.uuid)).count()
            == 1
        )
    else:
        assert response.status_code == 403
        assert target.is_active
        assert target.check_password(PASSWORD)
        assert TOTPDevice.objects.filter(user=target).exists()
        assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_user_actions_out_of_scope_is_404(action, users, other_agency_users, client_for):
    target = other_agency_users["caseworker"]
    response = client_for(users["agency_admin"]).post(reverse(f"core:{action}", kwargs={"uuid": target.uuid}))
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.is_active
    assert target.check_password(PASSWORD)
    assert not AuditEvent.objects.exists()


def test_actions_are_post_only(users, client_for):
    target = users["caseworker"]
    response = client_for(users["system_admin"]).get(
        reverse("core:user_deactivate", kwargs={"uuid": target.uuid})
    )
    assert response.status_code == 405


def test_deactivate_then_reactivate(users, client_for):
    target = users["caseworker"]
    client = client_for(users["system_admin"])
    client.post(reverse("core:user_deactivate", kwargs={"uuid": target.uuid}))
    target.refresh_from_db()
    assert not target.is_active
    client.post(reverse("core:user_activate", kwargs={"uuid": target.uuid}))
    target.refresh_from_db()
    assert target.is_active
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "changes"))
    assert actions == [
        ("core.user.deactivate", {"is_active": [True, False]}),
        ("core.user.activate", {"is_active": [False, True]}),
    ]


def test_admin_cannot_deactivate_self(users, client_for):
    admin = users["system_admin"]
    response = client_for(admin).post(
        reverse("core:user_deactivate", kwargs={"uuid": admin.uuid}), follow=True
    )
    assert "You may not deactivate your own account." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_unlock_clears_lockout(users, client_for):
    from django.test import Client

    target = users["caseworker"]
    anonymous = Client()
    for _ in range(5):
        response = anonymous.post("/account/login/", {"username": target.username, "password": "nope"})
    assert response.status_code == 429
    detail = client_for(users["system_admin"]).get(detail_url(target))
    assert detail.context["security"]["failed_attempts"] == 5
    client_for(users["system_admin"]).post(reverse("core:user_unlock", kwargs={"uuid": target.uuid}))
    response = anonymous.post("/account/login/", {"username": target.username, "password": PASSWORD})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="core.user.unlock")
    assert event.changes == {"failed_attempts_cleared": [1, 0]}


# ---------------------------------------------------------------------------------------------
# Team memberships
# ---------------------------------------------------------------------------------------------
def test_membership_add_and_remove(users, org, client_for):
    target = users["caseworker"]
    client = client_for(users["agency_admin"])
    url = reverse("core:user_membership_add", kwargs={"uuid": target.uuid})
    response = client.post(url, {"team": str(org.other_team.uuid), "function": "psychologist"})
    assert response.status_code == 302
    functions = dict(TeamMembership.objects.filter(user=target).values_list("team__code", "function"))
    assert functions == {"tripoli-1": "caseworker", "misrata-1": "psychologist"}
    event = AuditEvent.objects.get(action="core.user.memberships_set")
    assert event.changes["memberships"][0] == {str(org.team.uuid): "caseworker"}
    assert event.changes["memberships"][1] == {
        str(org.team.uuid): "caseworker",
        str(org.other_team.uuid): "psychologist",
    }
    remove = reverse("core:user_membership_remove", kwargs={"uuid": target.uuid, "team_uuid": org.team.uuid})
    client.post(remove)
    assert list(TeamMembership.objects.filter(user=target).values_list("team__code", flat=True)) == [
        "misrata-1"
    ]


def test_agency_admin_cannot_add_team_of_other_agency(users, org, client_for):
    target = users["caseworker"]
    client = client_for(users["agency_admin"])
    url = reverse("core:user_membership_add", kwargs={"uuid": target.uuid})
    response = client.post(url, {"team": str(org.partner_team.uuid), "function": "nurse"})
    assert response.status_code == 400
    assert TeamMembership.objects.filter(user=target).count() == 1
    assert not AuditEvent.objects.exists()


# ---------------------------------------------------------------------------------------------
# API tokens
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ALL_ROLES)
def test_api_token_issue_role_matrix(role, users, client_for):
    target = users["dtm_officer"]
    response = client_for(users[role]).post(reverse("core:api_token_issue", kwargs={"uuid": target.uuid}))
    if role in REVIEWED["api_tokens.manage"]:
        assert response.status_code == 200
        key = Token.objects.get(user=target).key
        assert key in response.content.decode()
        event = AuditEvent.objects.get(action="core.api_token.issue")
        assert key not in str(event.changes)
    else:
        assert response.status_code == 403
        assert not Token.objects.filter(user=target).exists()
        assert not AuditEvent.objects.exists()


def test_api_token_key_shown_once_and_revocable(users, client_for):
    target = users["dtm_officer"]
    client = client_for(users["system_admin"])
    client.post(reverse("core:api_token_issue", kwargs={"uuid": target.uuid}))
    key = Token.objects.get(user=target).key
    assert key not in client.get(detail_url(target)).content.decode()
    client.post(reverse("core:api_token_revoke", kwargs={"uuid": target.uuid}))
    assert not Token.objects.filter(user=target).exists()
    assert AuditEvent.objects.filter(action="core.api_token.revoke").count() == 1


def test_password_reset_shows_one_time_password_once(users, client_for):
    from django.test import Client

    target = users["caseworker"]
    target.password_changed_at = target.date_joined
    target.save()
    response = client_for(users["agency_admin"]).post(
        reverse("core:user_password_reset", kwargs={"uuid": target.uuid})
    )
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(password)
    assert target.password_changed_at is None
    event = AuditEvent.objects.get(action="core.user.password_set")
    assert password not in str(event.changes)
    # The user signs in with it and is sent to choose their own.
    login = Client().post("/account/login/", {"username": target.username, "password": password})
    assert login["Location"] == reverse("core:password_change")
