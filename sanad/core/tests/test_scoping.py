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


# --- The sensitivity rule ----------------------------------------------------------------------
def _sensitive_teams(monkeypatch, *, scope_free=False, beyond=None, hidden=None):
    """Declare, for the test, that the "misrata-1" team is sensitive and read only by its leader."""
    from django.db.models import Q

    from sanad.core.scoping import Sensitivity

    rule = Sensitivity(
        marked=Q(code="misrata-1"),
        readers=lambda actor, action: Q(memberships__user=actor.pk, memberships__function="team_leader"),
        beyond_scope=beyond,
        scope_free=scope_free,
        hidden_from=hidden,
        is_sensitive=lambda team: team.code == "misrata-1",
        read_action="test.team.read",
    )
    monkeypatch.setattr(Team, "sensitivity", rule, raising=False)


def test_sensitive_rows_hidden_marked_or_counted(org, make_user, scoped_action, monkeypatch):
    from sanad.core.models import AuditEvent
    from sanad.core.scoping import sensitive_read_log

    action = scoped_action(Scope.AGENCY)
    actor = make_user("caseworker")
    _sensitive_teams(monkeypatch)
    assert _teams(actor, action) == {"tripoli-1"}
    marked = scope_filter(Team.objects.all(), actor=actor, action=action, sensitive="mark")
    assert {(t.code, t.visible) for t in marked} == {("tripoli-1", True), ("misrata-1", False)}
    counted = scope_filter(Team.objects.all(), actor=actor, action=action, sensitive="count")
    assert counted.count() == 2
    misrata = Team.objects.get(code="misrata-1")
    TeamMembership.objects.create(user=actor, team=misrata, function="team_leader")
    assert _teams(actor, action) == {"tripoli-1", "misrata-1"}
    sensitive_read_log(actor=actor, obj=misrata)
    sensitive_read_log(actor=actor, obj=Team.objects.get(code="tripoli-1"))
    assert list(AuditEvent.objects.filter(is_sensitive_read=True).values_list("action", "object_repr")) == [
        ("test.team.read", str(misrata))
    ]


def test_sensitive_rows_beyond_scope_scope_free_and_hidden(org, make_user, scoped_action, monkeypatch):
    from django.db.models import Q

    actor = make_user("caseworker")
    # Beyond scope: the sensitive team even with a team scope that does not cover it.
    _sensitive_teams(monkeypatch, beyond=lambda actor, action: Q(code="misrata-1"))
    assert _teams(actor, scoped_action(Scope.TEAM)) == {"tripoli-1", "misrata-1"}
    # Scope-free: sensitive rows follow their readers only, even with scope ALL.
    _sensitive_teams(monkeypatch, scope_free=True)
    assert _teams(actor, scoped_action(Scope.ALL)) == {"tripoli-1", "clinic-1"}
    # Hidden from the actor whatever else says.
    _sensitive_teams(monkeypatch, hidden=lambda actor: Q(code="clinic-1"))
    assert _teams(actor, scoped_action(Scope.ALL)) == {"tripoli-1"}
