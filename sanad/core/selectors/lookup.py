"""Finding one record by the UUID a URL, a form or an API client gave.

Integer keys stay internal; everything from outside names a record by its UUID. What a client
sends may be anything, so a malformed value is treated as "no such record" (404), never as a
server error.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import Model, QuerySet
from django.http import Http404


def parse_uuid(value) -> UUID | None:
    """``value`` as a UUID, or None when it is empty or not a UUID."""
    if isinstance(value, UUID):
        return value
    if value is None or value == "":
        return None
    try:
        return UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _queryset(queryset_or_model) -> QuerySet:
    if isinstance(queryset_or_model, QuerySet):
        return queryset_or_model
    if isinstance(queryset_or_model, type) and issubclass(queryset_or_model, Model):
        return queryset_or_model._default_manager.all()
    return queryset_or_model.all()  # a manager


_SEEN_BY = "_sanad_seen_by"


def seen_by(record, user):
    """Mark ``record`` as fetched for ``user`` through a scoped selector, so the selectors of its
    children check the user without another query. Returns ``record``."""
    record.__dict__.setdefault(_SEEN_BY, set()).add(getattr(user, "pk", None))
    return record


def require_seen(record, *, user, fetch) -> None:
    """404 unless ``user`` may see ``record``: it was fetched for them (``seen_by``), or
    ``fetch()`` — the record's scoped getter for ``user`` — finds it (else raises ``Http404``)."""
    if user is None or getattr(user, "pk", None) is None:
        raise Http404
    if user.pk in record.__dict__.get(_SEEN_BY, ()):
        return
    fetch()
    seen_by(record, user)


def get_by_uuid(queryset_or_model, value, *, field: str = "uuid"):
    """The record of ``queryset_or_model`` whose ``field`` is ``value``, or None (also for a
    malformed value). Give an already scoped queryset: this only looks up."""
    key = parse_uuid(value)
    if key is None:
        return None
    return _queryset(queryset_or_model).filter(**{field: key}).first()


def get_by_uuid_or_404(queryset_or_model, value, *, field: str = "uuid"):
    """As :func:`get_by_uuid`, raising ``Http404`` when there is no such record."""
    found = get_by_uuid(queryset_or_model, value, field=field)
    if found is None:
        raise Http404
    return found
