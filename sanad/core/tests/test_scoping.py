"""scope_filter at every scope level, on Team (plain foreign keys) and User (many-to-many paths)."""

import pytest

from sanad.core.models import Agency, Team, TeamMembership, Unit, User
from sanad.core.permissions import MATRIX, Scope
from sanad.core.scoping import scope_filter


@pytest.fixture
def scoped_action(monkeypatch):
    """A throw-away action granting ``caseworker`` the given scope."""

    def make(scope: Scope) -> str:
        monkeypatch.setitem(MATRIX, "test.view", {"caseworker": scope})
        return "test.view"

    return make


def _teams(actor, action):
    return set(scope_filter(Team.objects.all(), actor=actor, action=action).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope.ALL, {"tripoli-1", "misrata-1", "clinic-1"}),
        (Scope.AGENCY, {"tripoli-1", "misrata-1"}),
        (Scope.UNIT, {"tripoli-1"}),
        (Scope.TEAM, {"tripoli-1"}),
        (Scope.OWN, set()),  # a team is nobody's own record: no OWN path, nothing narrower
    ],
)
def test_team_scope_levels(org, make_user, scoped_action, scope, expected):
    actor = make_user("caseworker")
    assert _teams(actor, scoped_action(scope)) == expected


def test_unit_scope_on_teams_follows_the_actors_units_not_teams(org, make_user, scoped_action):
    actor = make_user("caseworker")
    actor.units.add(org.other_unit)
    actor.forget_cached_access()
    assert _teams(actor, scoped_action(Scope.UNIT)) == {"tripoli-1", "misrata-1"}
    assert _teams(actor, scoped_action(Scope.TEAM)) == {"tripoli-1"}


def test_no_role_for_the_action_sees_nothing(org, make_user, scoped_action):
    action = scoped_action(Scope.ALL)
    assert _teams(make_user("auditor"), action) == set()


def test_agency_scope_without_an_agency_sees_nothing(org, make_user, scoped_action):
    actor = make_user("caseworker")
    actor.agency = None
    actor.save()
    assert _teams(actor, scoped_action(Scope.AGENCY)) == set()


def _users(actor, action):
    return list(scope_filter(User.objects.order_by("username"), actor=actor, action=action))


def test_user_scope_levels(org, make_user, scoped_action):
    actor = make_user("caseworker", username="actor")
    make_user(None, username="teammate")
    same_unit_other_team = make_user(None, username="unit-mate")
    TeamMembership.objects.filter(user=same_unit_other_team).update(team=org.other_team)
    make_user(None, team=org.other_team, username="elsewhere")
    partner = make_user(None, team=org.partner_team, username="partner")

    def names(scope):
        return {u.username for u in _users(actor, scoped_action(scope))}

    assert names(Scope.OWN) == {"actor"}
    assert names(Scope.TEAM) == {"actor", "teammate"}
    assert names(Scope.UNIT) == {"actor", "teammate", "unit-mate"}
    assert names(Scope.AGENCY) == {"actor", "teammate", "unit-mate", "elsewhere"}
    assert names(Scope.ALL) == {"actor", "teammate", "unit-mate", "elsewhere", "partner"}
    assert partner.agency == org.other_agency


def test_many_to_many_paths_do_not_duplicate_rows(org, make_user, scoped_action):
    actor = make_user("caseworker", username="actor")
    TeamMembership.objects.create(team=org.other_team, user=actor, function="caseworker")
    actor.units.add(org.other_unit)
    actor.forget_cached_access()
    both = make_user(None, username="both")
    TeamMembership.objects.create(team=org.other_team, user=both, function="driver")
    both.units.add(org.other_unit)

    for scope in (Scope.TEAM, Scope.UNIT):
        rows = _users(actor, scoped_action(scope))
        usernames = [u.username for u in rows]
        assert usernames.count("both") == 1, scope
        assert usernames.count("actor") == 1, scope
        assert usernames == sorted(usernames), "ordering survives de-duplication"


def test_agency_and_unit_models_scope(org, make_user, scoped_action):
    actor = make_user("caseworker")
    action = scoped_action(Scope.AGENCY)
    assert set(scope_filter(Agency.objects.all(), actor=actor, action=action)) == {org.agency}
    assert set(scope_filter(Unit.objects.all(), actor=actor, action=action)) == {org.unit, org.other_unit}
    action = scoped_action(Scope.UNIT)
    assert set(scope_filter(Unit.objects.all(), actor=actor, action=action)) == {org.unit}
