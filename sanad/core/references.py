"""Short human references (e.g. ``LBY-26-00123``) that staff can read out on the phone."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sanad.core.models import ReferenceCounter


@transaction.atomic
def reference_next(*, series: str = "") -> str:
    """The next reference of ``series`` for this year; gap-free per series and year, safe under
    concurrent writers (the counter row is locked for the rest of the transaction)."""
    year = timezone.localdate().year % 100
    key = f"{series}{year:02d}"
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(key=key)
    counter.value += 1
    counter.save(update_fields=["value"])
    prefix = settings.SANAD_REFERENCE_PREFIX
    return f"{prefix}-{series}{year:02d}-{counter.value:05d}"


@transaction.atomic
def reference_block(*, series: str = "", count: int) -> list[str]:
    """``count`` consecutive references of ``series`` reserved in one locked update (bulk imports)."""
    if count <= 0:
        return []
    year = timezone.localdate().year % 100
    key = f"{series}{year:02d}"
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(key=key)
    first = counter.value + 1
    counter.value += count
    counter.save(update_fields=["value"])
    prefix = settings.SANAD_REFERENCE_PREFIX
    return [f"{prefix}-{series}{year:02d}-{n:05d}" for n in range(first, counter.value + 1)]
