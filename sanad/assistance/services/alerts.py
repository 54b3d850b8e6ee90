"""Low-stock and expiry alerts, refreshed by a periodic job and shown on "My work"."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from sanad.assistance.models import StockAlert, StockBalance, StockThreshold

EXPIRY_WARNING_DAYS = 60


@transaction.atomic
def stock_alerts_refresh(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Raise the alerts that hold now and resolve those that no longer do. Idempotent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    wanted: dict[tuple, dict] = {}
    on_hand = {
        (r["store_id"], r["item_id"]): r["total"]
        for r in StockBalance.objects.values("store_id", "item_id").annotate(total=Sum("quantity"))
    }
    for threshold in StockThreshold.objects.filter(store__is_active=True):
        quantity = on_hand.get((threshold.store_id, threshold.item_id), 0)
        if quantity < threshold.minimum:
            key = (threshold.store_id, threshold.item_id, StockAlert.Kind.LOW_STOCK, "")
            wanted[key] = {"quantity": quantity, "expiry_date": None}
    horizon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    for balance in StockBalance.objects.filter(
        quantity__gt=0, expiry_date__lte=horizon, store__is_active=True
    ):
        key = (balance.store_id, balance.item_id, StockAlert.Kind.EXPIRY, balance.batch)
        wanted[key] = {"quantity": balance.quantity, "expiry_date": balance.expiry_date}

    raised = resolved = 0
    open_alerts = {
        (a.store_id, a.item_id, a.kind, a.batch): a for a in StockAlert.objects.filter(resolved_at=None)
    }
    for key, alert in open_alerts.items():
        if key not in wanted:
            alert.resolved_at = now
            alert.save(update_fields=["resolved_at"])
            resolved += 1
        elif alert.quantity != wanted[key]["quantity"]:
            alert.quantity = wanted[key]["quantity"]
            alert.save(update_fields=["quantity"])
    for key, values in wanted.items():
        if key not in open_alerts:
            store_id, item_id, kind, batch = key
            StockAlert.objects.create(
                store_id=store_id, item_id=item_id, kind=kind, batch=batch, raised_at=now, **values
            )
            raised += 1
    return {"raised": raised, "resolved": resolved, "open": len(wanted)}
