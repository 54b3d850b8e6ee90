"""Apply an actor's scope to a queryset. Selectors call this; nothing else filters by role."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sanad.core.permissions import Scope, scope_for


def _path_for(model, scope: Scope) -> tuple[Scope, str] | None:
    paths = getattr(model, "scope_paths", {})
    for value in range(scope, Scope.OWN - 1, -1):
        level = Scope(value)
        if paths.get(level):
            return level, paths[level]
    return None


def _crosses_many(model, path: str) -> bool:
    first = path.split("__", 1)[0]
    if first == "pk":
        return False
    field = model._meta.get_field(first)
    return bool(field.many_to_many or field.one_to_many)


def scope_q(model, actor, scope: Scope) -> Q | None:
    """The filter for ``scope`` on ``model``; None means no restriction.

    A model declares ``scope_paths = {Scope.TEAM: "team", ...}``. When a level is missing the
    next narrower declared level applies, so a model without teams is never widened by a
    team scope. A model that declares no level at all can only be seen with scope ALL.
    """
    if scope == Scope.ALL:
        return None
    found = _path_for(model, scope)
    if found is None:
        return Q(pk__in=[])
    level, path = found
    if level == Scope.OWN:
        return Q(**{path: actor.pk})
    if level == Scope.TEAM:
        return Q(**{f"{path}__in": actor.team_ids})
    if level == Scope.UNIT:
        return Q(**{f"{path}__in": actor.unit_ids})
    return Q(**{path: actor.agency_id}) if actor.agency_id else Q(pk__in=[])


def scope_filter(queryset: QuerySet, *, actor, action: str) -> QuerySet:
    """Records of ``queryset`` the actor may ``action``; empty when the actor has no such right."""
    scope = scope_for(actor, action)
    if scope is None:
        return queryset.none()
    condition = scope_q(queryset.model, actor, scope)
    if condition is None:
        return queryset
    filtered = queryset.filter(condition)
    found = _path_for(queryset.model, scope)
    if found and _crosses_many(queryset.model, found[1]):
        # Only the primary keys are de-duplicated, so ordering and annotations stay intact.
        filtered = queryset.filter(pk__in=filtered.values("pk"))
    return filtered
