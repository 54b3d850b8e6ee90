"""A retried request never creates a second record.

Forms carry a hidden key generated when the form is shown; API clients send an
``Idempotency-Key`` header. Services creating records call ``idempotent_lookup`` first and
``idempotent_remember`` after saving, inside the same transaction.
"""

from __future__ import annotations

from django.db import models

from sanad.core.models import IdempotencyKey


def idempotent_lookup(*, actor, action: str, key: str | None, model: type[models.Model]):
    if not key:
        return None
    entry = IdempotencyKey.objects.filter(actor=actor, action=action, key=key[:100]).first()
    if entry is None:
        return None
    return model._default_manager.filter(uuid=entry.object_uuid).first()


def idempotent_remember(*, actor, action: str, key: str | None, obj: models.Model) -> None:
    if key:
        IdempotencyKey.objects.create(actor=actor, action=action, key=key[:100], object_uuid=obj.uuid)
