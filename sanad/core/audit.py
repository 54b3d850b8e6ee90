"""Recording audit events. Services call ``audit_record`` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from sanad.core.bulk import TableWriter
from sanad.core.context import current_origin
from sanad.core.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "uuid", value.pk))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return (
            sorted(_plain(v) for v in value)
            if isinstance(value, set | frozenset)
            else [_plain(v) for v in value]
        )
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited state of ``instance``: field name -> plain JSON value (FKs by uuid or pk)."""
    state = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            state[name] = sorted(str(v) for v in getattr(instance, name).values_list("pk", flat=True))
            related = field.related_model
            if hasattr(related, "code"):
                state[name] = sorted(getattr(instance, name).values_list("code", flat=True))
        elif field.is_relation:
            related = getattr(instance, name)
            state[name] = _plain(related) if related is not None else None
        else:
            state[name] = _plain(getattr(instance, name))
    return state


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as ``{field: [before, after]}``."""
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _event_values(
    *,
    actor,
    action: str,
    object_type: str,
    object_uuid: str,
    object_repr: str,
    changes: dict[str, Any] | None,
    sensitive_read: bool,
    origin,
) -> dict[str, Any]:
    """The columns of one audit event (by attribute name): who, from where, what. The one place
    an event's row is built, for ``audit_record`` and ``audit_record_bulk`` alike."""
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return {
        "actor_id": actor_obj.pk if actor_obj else None,
        "actor_username": getattr(actor_obj, "username", "") if actor_obj else "",
        "ip_address": origin.ip_address,
        "user_agent": origin.user_agent[:300],
        "channel": origin.channel,
        "request_id": origin.request_id,
        "action": action,
        "object_type": object_type,
        "object_uuid": str(object_uuid or ""),
        "object_repr": (object_repr or "")[:300],
        "changes": changes or {},
        "is_sensitive_read": sensitive_read,
    }


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    object_repr: str | None = None,
    sensitive_read: bool = False,
) -> AuditEvent:
    return AuditEvent.objects.create(
        **_event_values(
            actor=actor,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_uuid=str(getattr(obj, "uuid", None) or getattr(obj, "pk", "")) if obj is not None else "",
            object_repr=object_repr if object_repr is not None else (str(obj) if obj is not None else ""),
            changes=changes,
            sensitive_read=sensitive_read,
            origin=current_origin(),
        )
    )


@dataclass(frozen=True)
class BulkEvent:
    """One event of a bulk write, for records written without model instances (the import):
    the object is named by its type label (``registry.person``), uuid and display."""

    action: str
    object_type: str
    object_uuid: object
    object_repr: str
    changes: dict[str, Any]


def audit_record_bulk(*, actor, events: Iterable[BulkEvent]) -> int:
    """Record many events of one actor in one go (inside the caller's transaction), each row
    built as ``audit_record`` builds it, with the same origin. Returns how many were written."""
    origin = current_origin()
    rows = TableWriter(AuditEvent, now=timezone.now())
    for event in events:
        rows.add(
            _event_values(
                actor=actor,
                action=event.action,
                object_type=event.object_type,
                object_uuid=event.object_uuid,
                object_repr=event.object_repr,
                changes=event.changes,
                sensitive_read=False,
                origin=origin,
            )
        )
    return rows.flush()
