"""Reading the audit trail.

Scope of ``audit.view``: ALL sees every event; AGENCY (agency administrators) sees only events
whose actor belongs to the same agency. Anything narrower sees nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sanad.core.models import AuditEvent
from sanad.core.permissions import Scope, scope_for


def _scope_condition(actor, action: str) -> Q | None:
    """None: no restriction; an empty-matching Q when the actor may not see events."""
    scope = scope_for(actor, action)
    if scope == Scope.ALL:
        return None
    if scope == Scope.AGENCY and actor.agency_id:
        return Q(actor__agency_id=actor.agency_id)
    return Q(pk__in=[])


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_event_list(*, actor, filters: dict[str, Any] | None = None, action: str = "audit.view") -> QuerySet:
    """Events the actor may see, narrowed by ``filters``.

    Filters (all optional): ``actor`` (username, exact, case-insensitive), ``action`` (prefix),
    ``object_type``, ``object_id``, ``date_from`` / ``date_to`` (dates, inclusive, local time),
    ``sensitive_only``.
    """
    queryset = AuditEvent.objects.all()
    condition = _scope_condition(actor, action)
    if condition is not None:
        queryset = queryset.filter(condition)
    filters = filters or {}
    if filters.get("actor"):
        queryset = queryset.filter(actor_username__iexact=filters["actor"].strip())
    if filters.get("action"):
        queryset = queryset.filter(action__startswith=filters["action"].strip())
    if filters.get("object_type"):
        queryset = queryset.filter(object_type=filters["object_type"].strip())
    if filters.get("object_id"):
        queryset = queryset.filter(object_uuid=str(filters["object_id"]).strip())
    date_from = _as_date(filters.get("date_from"))
    if date_from:
        queryset = queryset.filter(at__gte=_day_start(date_from))
    date_to = _as_date(filters.get("date_to"))
    if date_to:
        queryset = queryset.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    if filters.get("sensitive_only"):
        queryset = queryset.filter(is_sensitive_read=True)
    return queryset.order_by("-at", "-id")


def _as_date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def audit_object_types(*, actor) -> list[str]:
    """The object types present in the actor's visible events (for the filter's choices)."""
    return list(
        audit_event_list(actor=actor)
        .exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )


def _readable(value: Any) -> Any:
    """A recorded value as a reader sees it: mappings as "key: value; …", lists joined by commas."""
    if isinstance(value, dict):
        # Sorted: PostgreSQL's jsonb does not keep the recorded order, and both databases must agree.
        return "; ".join(f"{key}: {_as_text(value[key])}" for key in sorted(value, key=str))
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(item) for item in value)
    return value


def _as_text(value: Any) -> str:
    return "—" if value is None else str(_readable(value))


def audit_change_rows(changes: Any) -> list[tuple[str, Any, Any]]:
    """The rows ``(field, before, after)`` of an event's ``changes``, for display.

    Built here rather than looked up in the template: recorded keys are arbitrary (``items``,
    ``keys``, ``values``, … would shadow dict methods there). Most services record
    ``{field: [before, after]}``; a few record a plain value, shown as the new value. Rows come
    in field order (PostgreSQL's jsonb does not keep the recorded order).
    """
    if not changes:
        return []
    if not isinstance(changes, dict):
        return [("", None, _readable(changes))]
    rows = []
    for name, value in sorted(changes.items(), key=lambda pair: str(pair[0])):
        if isinstance(value, list | tuple) and len(value) == 2:
            before, after = value
        else:
            before, after = None, value
        rows.append((str(name), _readable(before), _readable(after)))
    return rows
