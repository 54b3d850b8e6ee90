"""Sanity of the permission matrix itself, and its comparison with the reviewed snapshot."""

import ast
import copy
from pathlib import Path

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
from sanad.core.tests.role_matrix import REVIEWED, assert_role_matrix, differences, granted


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


# --- The reviewed snapshot (sanad/core/tests/data/role_matrix.csv) ---------------------------


def test_the_whole_matrix_is_the_reviewed_snapshot():
    assert_role_matrix()


def test_a_changed_grant_fails_naming_the_role_the_action_and_the_scopes():
    changed = copy.deepcopy(MATRIX)
    changed["cases.view"]["caseworker"] = Scope.AGENCY  # widened from team
    changed["audit.view"]["auditor"] = Scope.AGENCY  # narrowed from all
    changed["stock.manage"]["cash_officer"] = Scope.UNIT  # added
    del changed["users.manage"]["agency_admin"]  # removed
    changed["cases.erase"] = {"data_protection_officer": Scope.ALL}  # a new action
    with pytest.raises(AssertionError) as failure:
        assert_role_matrix(matrix=changed)
    message = str(failure.value)
    assert "cases.view × caseworker: widened from team to agency" in message
    assert "audit.view × auditor: narrowed from all to agency" in message
    assert "stock.manage × cash_officer: granted, scope unit (snapshot: not granted)" in message
    assert "users.manage × agency_admin: no longer granted (snapshot: agency)" in message
    assert "cases.erase: in MATRIX but not in the snapshot (grants data_protection_officer=all)" in message
    assert "sanad/core/tests/data/role_matrix.csv" in message
    # An app checks its own areas only.
    assert_role_matrix("tickets", matrix=changed)
    with pytest.raises(AssertionError, match="cases.view × caseworker"):
        assert_role_matrix("cases", matrix=changed)


def test_an_action_removed_from_the_matrix_and_an_unknown_area_fail():
    changed = {action: row for action, row in MATRIX.items() if action != "work.view"}
    assert differences("work", matrix=changed) == ["work.view: in the snapshot but no longer in MATRIX"]
    with pytest.raises(AssertionError, match="returns: no action of this area in the snapshot"):
        assert_role_matrix("returns")


def test_role_tests_read_the_snapshot():
    assert granted("cases.view", scope=Scope.OWN) == {"agency_admin", "system_admin"}
    assert granted("audit.export") == {"system_admin", "auditor", "data_protection_officer"}
    assert "caseworker" not in granted("assessments.view", wider_than=Scope.AGENCY)
    assert REVIEWED["teams.manage"]["team_leader"] == Scope.TEAM
    with pytest.raises(KeyError):
        granted("no.such_action")


def test_every_area_of_the_matrix_is_checked_by_an_apps_role_test():
    """Each app's role tests call ``assert_role_matrix`` with the areas of its actions; an area
    nobody checks (a new app's) fails here until its role test does."""
    checked = set()
    for path in Path(__file__).resolve().parents[2].glob("*/tests/test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "assert_role_matrix":
                checked |= {arg.value for arg in node.args if isinstance(arg, ast.Constant)}
    areas = {action.split(".", 1)[0] for action in MATRIX}
    assert areas - checked == set()
