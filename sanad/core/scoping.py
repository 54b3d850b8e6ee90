"""Apply an actor's scope to a queryset. Selectors call this; nothing else filters by role.

Two rules, applied in this order by ``scope_filter`` for every read:

1. **Scope** — the permission matrix gives the actor a scope for the action (own / team / unit /
   agency / all) and the model's ``scope_paths`` say which rows that covers (``scope_q``).
2. **Sensitivity** — a model that holds sensitive records (GBV, VoT, child protection, PSEA
   complaints, sensitive assessments and referrals) declares a ``Sensitivity``: which rows are
   sensitive, and who reads them (the people assigned, their supervisor, the focal points named
   for the category, ...). A sensitive row in scope is shown only to its readers; some readers
   (focal points, named approvers, alert recipients) read it even outside their scope. Every read
   of one sensitive record is logged by ``sensitive_read_log``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as CaseWhen

from sanad.core.permissions import Scope, scope_for

# Explicit "every row" / "no row" conditions: an empty Q() vanishes when OR-ed with another.
EVERY = Q(pk__isnull=False)
NOTHING = Q(pk__in=[])


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


def in_scope_q(model, actor, action: str) -> Q:
    """The rows of ``model`` in the actor's scope for ``action`` (the matrix alone)."""
    scope = scope_for(actor, action)
    if scope is None:
        return NOTHING
    condition = scope_q(model, actor, scope)
    return EVERY if condition is None else condition


# A rule gives a Q, or None for "no row".
Rule = Callable[..., Q | None]


@dataclass(frozen=True)
class Sensitivity:
    """How a model marks its sensitive rows and who may read them (``Model.sensitivity``).

    ``marked``: the sensitive rows.
    ``readers(actor, action)``: the sensitive rows the actor reads within their scope.
    ``beyond_scope(actor, action)``: rows the actor reads whatever their scope (focal points of the
        category, approvers a pending approval names, recipients of a safety alert).
    ``scope_free``: sensitive rows ignore the matrix altogether — only their readers see them.
    ``hidden_from(actor)``: rows never shown to the actor (the staff member a complaint is about).
    ``is_sensitive(obj)``: the same test as ``marked`` on one loaded record.
    ``read_action``: the audit action of a logged read.
    ``categories``: the categories focal points are named for (value, label), and
    ``focal_points_per_unit`` whether they are named per unit (else per agency).
    """

    marked: Q
    readers: Rule
    is_sensitive: Callable[[object], bool]
    read_action: str
    beyond_scope: Rule | None = None
    scope_free: bool = False
    hidden_from: Callable[[object], Q | None] | None = None
    categories: tuple = ()
    focal_points_per_unit: bool = False


def sensitive_models() -> list:
    """Every installed model that declares a ``Sensitivity``."""
    from django.apps import apps

    return [model for model in apps.get_models() if getattr(model, "sensitivity", None) is not None]


def category_label(value: str) -> str:
    """The label of a focal-point category, whichever model declares it."""
    for model in sensitive_models():
        labels = dict(model.sensitivity.categories)
        if value in labels:
            return str(labels[value])
    return value


def _rule(rule: Rule | None, *args) -> Q | None:
    if rule is None:
        return None
    found = rule(*args)
    if found is None:
        return None
    return EVERY if not found.children else found


def visible_q(model, actor, action: str) -> Q:
    """The rows of ``model`` the actor may ``action``: scope, then the model's sensitivity."""
    in_scope = in_scope_q(model, actor, action)
    rule: Sensitivity | None = getattr(model, "sensitivity", None)
    if rule is None:
        return in_scope
    if actor is None or not getattr(actor, "pk", None) or not actor.is_active:
        return NOTHING
    readers = _rule(rule.readers, actor, action) or NOTHING
    if rule.scope_free:
        condition = (in_scope & ~rule.marked) | (rule.marked & readers)
    else:
        condition = in_scope & (~rule.marked | readers)
    beyond = _rule(rule.beyond_scope, actor, action)
    if beyond is not None:
        condition |= beyond
    hidden = rule.hidden_from(actor) if rule.hidden_from is not None else None
    if hidden is not None:
        condition &= ~hidden
    return condition


def scope_filter(queryset: QuerySet, *, actor, action: str, sensitive: str = "hide") -> QuerySet:
    """Records of ``queryset`` the actor may ``action``; empty when the actor has no such right.

    ``sensitive`` says what becomes of the sensitive rows the actor may not read:
    ``"hide"`` (every read of records), ``"mark"`` (rows in scope stay, annotated
    ``visible=False``, for lists that show that a record exists without its content), or
    ``"count"`` (aggregates only: the matrix alone decides, no record is read).
    """
    model = queryset.model
    rule = getattr(model, "sensitivity", None)
    if rule is not None and sensitive in ("hide", "mark"):
        condition = visible_q(model, actor, action)
        if sensitive == "hide":
            return _deduplicated(queryset, queryset.filter(condition), actor, action)
        rows = in_scope_q(model, actor, action)
        beyond = _rule(rule.beyond_scope, actor, action) if condition is not NOTHING else None
        if beyond is not None:
            rows |= beyond
        shown = CaseWhen(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
        return _deduplicated(queryset, queryset.filter(rows), actor, action).annotate(visible=shown)
    scope = scope_for(actor, action)
    if scope is None:
        return queryset.none()
    condition = scope_q(model, actor, scope)
    if condition is None:
        return queryset
    return _deduplicated(queryset, queryset.filter(condition), actor, action)


def _deduplicated(queryset: QuerySet, filtered: QuerySet, actor, action: str) -> QuerySet:
    scope = scope_for(actor, action)
    found = _path_for(queryset.model, scope) if scope is not None and scope != Scope.ALL else None
    if found and _crosses_many(queryset.model, found[1]):
        # Only the primary keys are de-duplicated, so ordering and annotations stay intact.
        return queryset.filter(pk__in=filtered.values("pk"))
    return filtered


def sensitive_read_log(*, actor, obj) -> None:
    """Record, in the audit trail, that ``actor`` read ``obj`` — when ``obj`` is sensitive.

    The one place where reads of sensitive records are logged; selectors call it when they
    return one record to be shown (a page, an API detail, a list of API rows with their text).
    """
    rule: Sensitivity | None = getattr(type(obj), "sensitivity", None)
    if rule is None or not rule.is_sensitive(obj):
        return
    from sanad.core.audit import audit_record

    audit_record(actor=actor, action=rule.read_action, obj=obj, sensitive_read=True)
