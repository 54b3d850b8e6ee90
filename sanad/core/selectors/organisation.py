"""Reading agencies, units and teams, within the actor's scope."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from sanad.core.models import Agency, Team, TeamMembership, Unit, User
from sanad.core.permissions import Scope, scope_for
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.geo.models import AdminUnit, Site


# --- Agencies -----------------------------------------------------------------------------------
def agency_list(*, actor, action: str = "agencies.view") -> QuerySet[Agency]:
    return scope_filter(Agency.objects.all(), actor=actor, action=action)


def agency_get(*, actor, uuid, action: str = "agencies.view") -> Agency:
    return get_by_uuid_or_404(agency_list(actor=actor, action=action), uuid)


# --- Units --------------------------------------------------------------------------------------
def unit_list(
    *, actor, data=None, action: str = "units.view", agency: Agency | None = None
) -> QuerySet[Unit]:
    """Units the actor may see, narrowed by the list's filters (``core.filters.UnitFilterSet``)
    that ``data`` names, or to ``agency``."""
    from sanad.core.filters import UnitFilterSet
    from sanad.core.lists import filtered

    queryset = Unit.objects.select_related("agency")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    return filtered(scope_filter(queryset, actor=actor, action=action), UnitFilterSet, data, user=actor)


def unit_get(*, actor, uuid, action: str = "units.view") -> Unit:
    return get_by_uuid_or_404(unit_list(actor=actor, action=action), uuid)


# --- Teams --------------------------------------------------------------------------------------
def team_list(
    *, actor, data=None, action: str = "teams.view", agency: Agency | None = None, unit: Unit | None = None
) -> QuerySet[Team]:
    """Teams the actor may see, narrowed by the list's filters (``core.filters.TeamFilterSet``)
    that ``data`` names, or to ``agency`` and ``unit``."""
    from sanad.core.filters import TeamFilterSet
    from sanad.core.lists import filtered

    queryset = (
        Team.objects.select_related("agency", "unit", "base_admin_unit", "base_site")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("agency__code", "name")
    )
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    return filtered(scope_filter(queryset, actor=actor, action=action), TeamFilterSet, data, user=actor)


def team_membership_of(*, team: Team, user_uuid) -> TeamMembership | None:
    """The team's membership of the user with ``user_uuid`` (from the memberships ``team_get``
    loaded); ``None`` when the user is no member."""
    return next((m for m in team.memberships.all() if m.user.uuid == user_uuid), None)


def team_get(*, actor, uuid, action: str = "teams.view") -> Team:
    memberships = TeamMembership.objects.select_related("user").order_by("function", "user__username")
    queryset = team_list(actor=actor, action=action).prefetch_related(
        Prefetch("memberships", queryset=memberships)
    )
    return get_by_uuid_or_404(queryset, uuid)


def team_member_candidates(*, actor, team: Team) -> QuerySet[User]:
    """Active users of the team's agency who are not yet members (for the add-member picker)."""
    if scope_for(actor, "teams.manage") is None:
        return User.objects.none()
    return (
        User.objects.filter(agency_id=team.agency_id, is_active=True)
        .exclude(memberships__team=team)
        .order_by("username")
    )


def actor_may_create_team(*, actor) -> bool:
    """Creating a team needs at least agency scope: a team leader manages only their own team."""
    scope = scope_for(actor, "teams.manage")
    return scope is not None and scope >= Scope.AGENCY


def team_membership_list(*, team: Team) -> QuerySet[TeamMembership]:
    return team.memberships.select_related("user").order_by("function", "user__username")


# --- Places for the base-location pickers ---------------------------------------------------------
def team_base_admin_unit_choices() -> QuerySet[AdminUnit]:
    """Municipalities (baladiya): where a team is based. Shared reference data, readable by all."""
    return AdminUnit.objects.filter(level=AdminUnit.Level.BALADIYA, is_active=True).order_by("name_en")


def team_base_site_choices() -> QuerySet[Site]:
    return Site.objects.filter(is_active=True).select_related("admin_unit").order_by("name_en")


# --- Named on a command line -------------------------------------------------------------------
def cli_actor(*, username: str) -> User | None:
    """The active user a command runs as (a command line names them by username)."""
    return User.objects.filter(username=username, is_active=True).first()


def agency_by_code(*, code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def team_by_code(*, agency_id: int, code: str) -> Team | None:
    return Team.objects.filter(agency_id=agency_id, code=code).first()


def memberships_of(*, user) -> QuerySet[TeamMembership]:
    """The signed-in user's own team memberships (their home page)."""
    return user.memberships.select_related("team", "team__unit")


def record_permits(scoped: QuerySet, record) -> bool:
    """Whether ``record`` is among ``scoped`` (a list for the action in question)."""
    return scoped.filter(pk=record.pk).exists()


def unit_ids(*, actor, action: str, agency) -> set[int]:
    return set(unit_list(actor=actor, action=action, agency=agency).values_list("pk", flat=True))
