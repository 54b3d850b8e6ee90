"""Sanity of the permission matrix itself."""

import pytest

from sanad.core.models import Role
from sanad.core.permissions import (
    ALL_ROLES,
    MATRIX,
    ROLES,
    Scope,
    actions_for_role,
    has_permission,
    scope_for,
)


def test_every_action_maps_known_roles_to_scopes():
    for action, row in MATRIX.items():
        assert row, f"{action} grants nobody"
        assert set(row) <= set(ROLES), f"{action} names unknown roles {set(row) - set(ROLES)}"
        assert all(isinstance(scope, Scope) for scope in row.values()), action
        assert action.count(".") == 1, f"{action} is not '<area>.<verb>'"


def test_every_role_appears_in_at_least_one_action():
    for role in ROLES:
        assert actions_for_role(role), f"role {role} can do nothing"


def test_system_admin_holds_every_core_administration_action_with_scope_all():
    for action in (
        "agencies.manage",
        "units.manage",
        "teams.manage",
        "users.manage",
        "audit.view",
        "audit.export",
    ):
        assert MATRIX[action]["system_admin"] == Scope.ALL


def test_auditor_changes_nothing():
    manage = [action for action in actions_for_role("auditor") if action.endswith((".manage", ".export"))]
    assert manage == ["audit.export"]


@pytest.mark.django_db
def test_scope_for_picks_the_widest_of_several_roles(make_user):
    user = make_user("caseworker")
    assert scope_for(user, "teams.view") == Scope.AGENCY
    assert scope_for(user, "jobs.view") == Scope.OWN
    user.roles.add(Role.objects.get(code="system_admin"))
    user.forget_cached_access()
    assert scope_for(user, "jobs.view") == Scope.ALL
    assert scope_for(user, "teams.view") == Scope.ALL


@pytest.mark.django_db
def test_team_leader_and_agency_admin_combined_get_agency_scope_for_team_management(make_user):

    user = make_user("team_leader")
    assert scope_for(user, "teams.manage") == Scope.TEAM
    user.roles.add(Role.objects.get(code="agency_admin"))
    user.forget_cached_access()
    assert scope_for(user, "teams.manage") == Scope.AGENCY


@pytest.mark.django_db
def test_no_role_no_scope_and_inactive_users_have_nothing(make_user):
    nobody = make_user(None)
    assert scope_for(nobody, "agencies.view") is None
    admin = make_user("system_admin")
    admin.is_active = False
    assert scope_for(admin, "agencies.view") is None
    assert not has_permission(admin, "audit.view")


def test_unknown_action_is_a_programming_error():
    class Stub:
        is_authenticated = True
        is_active = True
        role_codes = frozenset(ALL_ROLES)

    with pytest.raises(KeyError):
        scope_for(Stub(), "no.such_action")
