"""Reads of users and roles, always through the actor's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from sanad.core.lists import filtered
from sanad.core.models import Agency, Role, Team, TeamMembership, Unit, User
from sanad.core.permissions import ACTION_LABELS, MATRIX, ROLES, Scope, scope_for
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404


def user_list(*, actor, data=None, action: str = "users.view") -> QuerySet[User]:
    """Users the actor may ``action``, by username, narrowed by the list's filters
    (``core.filters.UserFilterSet``) that ``data`` names."""
    from sanad.core.filters import UserFilterSet

    qs = (
        User.objects.select_related("agency")
        .prefetch_related(
            "roles",
            Prefetch("memberships", queryset=TeamMembership.objects.select_related("team")),
        )
        .order_by("username")
    )
    qs = scope_filter(qs, actor=actor, action=action)
    return filtered(qs, UserFilterSet, data, user=actor)


def user_get(*, actor, uuid, action: str = "users.view") -> User:
    """The user, if the actor may ``action`` them; otherwise (or missing) 404."""
    qs = scope_filter(User.objects.select_related("agency"), actor=actor, action=action)
    return get_by_uuid_or_404(qs, uuid)


def login_pending_user(*, pk: int) -> User | None:
    """The user between the password and the code step of sign-in (not yet logged in)."""
    return User.objects.filter(pk=pk, is_active=True).first()


def user_memberships(*, user: User) -> QuerySet[TeamMembership]:
    return user.memberships.select_related("team", "team__unit", "team__agency").order_by("team__name")


def user_role_codes(*, user: User) -> list[str]:
    """The codes of the user's roles, sorted (from the prefetched roles when loaded)."""
    return sorted(role.code for role in user.roles.all())


def user_unit_uuids(*, user: User) -> list:
    """The UUIDs of the units the user belongs to."""
    return [unit.uuid for unit in user.units.all()]


def user_security_status(*, user: User) -> dict[str, Any]:
    """Two-factor, lock-out and API-token state for the user's page."""
    from axes.models import AccessAttempt

    devices = list(TOTPDevice.objects.filter(user=user).values_list("confirmed", flat=True))
    attempts = AccessAttempt.objects.filter(username=user.username)
    return {
        "two_factor_enrolled": any(devices),
        "two_factor_pending": bool(devices) and not any(devices),
        "failed_attempts": sum(attempts.values_list("failures_since_start", flat=True)),
        "has_api_token": Token.objects.filter(user=user).exists(),
    }


def assignable_agencies(*, actor) -> QuerySet[Agency]:
    scope = scope_for(actor, "users.manage")
    qs = Agency.objects.filter(is_active=True)
    if scope is None:
        return qs.none()
    if scope < Scope.ALL:
        qs = qs.filter(pk=actor.agency_id)
    return qs


def assignable_units(*, actor) -> QuerySet[Unit]:
    return Unit.objects.filter(agency__in=assignable_agencies(actor=actor), is_active=True).select_related(
        "agency"
    )


def assignable_teams(*, actor) -> QuerySet[Team]:
    return Team.objects.filter(agency__in=assignable_agencies(actor=actor), is_active=True).select_related(
        "agency"
    )


def filter_choices(*, actor) -> dict[str, Any]:
    """Agencies and teams offered as filters on the user list (those the actor can see users of)."""
    scope = scope_for(actor, "users.view")
    agencies = Agency.objects.all()
    teams = Team.objects.select_related("agency")
    if scope is None:
        return {"agencies": agencies.none(), "teams": teams.none()}
    if scope == Scope.TEAM:
        agencies = agencies.filter(pk=actor.agency_id)
        teams = teams.filter(pk__in=actor.team_ids)
    elif scope < Scope.ALL:
        agencies = agencies.filter(pk=actor.agency_id)
        teams = teams.filter(agency_id=actor.agency_id)
    return {"agencies": agencies, "teams": teams}


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
def role_list(*, actor) -> list[Role]:
    """Every role of the matrix with its user count (active users). Needs ``roles.manage``."""
    if scope_for(actor, "roles.manage") is None:
        return []
    roles = Role.objects.annotate(user_count=Count("users", filter=Q(users__is_active=True)))
    by_code = {role.code: role for role in roles}
    return [by_code[code] for code in ROLES if code in by_code]


def role_get(*, actor, code: str) -> Role:
    if scope_for(actor, "roles.manage") is None or code not in ROLES:
        raise Http404
    role = (
        Role.objects.annotate(user_count=Count("users", filter=Q(users__is_active=True)))
        .filter(code=code)
        .first()
    )
    if role is None:
        raise Http404
    return role


def role_matrix() -> list[dict[str, Any]]:
    """Rows of the permission matrix: ``{"action": ..., "label": ..., "cells": [scope or None per
    role]}``."""
    return [
        {"action": action, "label": ACTION_LABELS.get(action, ""), "cells": [row.get(code) for code in ROLES]}
        for action, row in sorted(MATRIX.items())
    ]
