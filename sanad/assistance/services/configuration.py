"""Changing the catalogue and the stores after they were created: names, category and unit of
an item, retiring it; a store's names, team, site, officer, retiring it, and its low-stock
minimums. Codes never change (they are in exports and in the ledger's history), nor do the
contents of a kit once it exists (stock already counted in kits would no longer add up)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from sanad.assistance.models import FinancialServiceProvider, Item, StockBalance, StockThreshold, Store
from sanad.core.audit import audit_record, diff, snapshot

ITEM_FIELDS = ("name_en", "name_ar", "name_fr", "category", "unit_of_measure", "description", "is_active")
FSP_FIELDS = ("name", "export_format", "columns", "is_active")
STORE_FIELDS = ("name_en", "name_ar", "name_fr", "team", "site", "logistics_officer", "is_active")


@transaction.atomic
def item_update(*, actor, item: Item, **changes) -> Item:
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"item_update: not editable: {sorted(unknown)}")
    item = Item.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, ITEM_FIELDS)
    for name, value in changes.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    if not item.name_en:
        raise ValidationError({"name_en": _("Give the item a name in English.")})
    if changes.get("is_active") is False and before["is_active"]:
        held = StockBalance.objects.filter(item=item, quantity__gt=0).aggregate(n=Sum("quantity"))["n"]
        if held:
            raise ValidationError(
                {
                    "is_active": _(
                        "%(n)d on hand in stores: distribute, transfer or adjust them out "
                        "before retiring the item."
                    )
                    % {"n": held}
                }
            )
    item.full_clean()
    changed = diff(before, snapshot(item, ITEM_FIELDS))
    if changed:
        item.save()
        audit_record(actor=actor, action="assistance.item.update", obj=item, changes=changed)
    return item


@transaction.atomic
def store_update(*, actor, store: Store, **changes) -> Store:
    unknown = set(changes) - set(STORE_FIELDS)
    if unknown:
        raise TypeError(f"store_update: not editable: {sorted(unknown)}")
    store = Store.objects.select_for_update().get(pk=store.pk)
    before = snapshot(store, STORE_FIELDS)
    for name, value in changes.items():
        setattr(store, name, value.strip() if isinstance(value, str) else value)
    if not store.name_en:
        raise ValidationError({"name_en": _("Give the store a name in English.")})
    if store.team is not None and store.team.agency_id != store.agency_id:
        raise ValidationError({"team": _("Choose a team of the store's agency.")})
    if "team" in changes and store.team is not None:
        store.unit = store.team.unit
    if changes.get("is_active") is False and store.balances.filter(quantity__gt=0).exists():
        raise ValidationError(
            {
                "is_active": _(
                    "The store still holds stock: transfer or adjust it out before closing the store."
                )
            }
        )
    if changes.get("is_active") is False and store.transfers_in.filter(status="dispatched").exists():
        raise ValidationError({"is_active": _("A transfer to this store is still in transit.")})
    store.full_clean()
    changed = diff(before, snapshot(store, STORE_FIELDS))
    if changed:
        store.save()
        audit_record(actor=actor, action="assistance.store.update", obj=store, changes=changed)
    return store


@transaction.atomic
def store_set_thresholds(*, actor, store: Store, minimums: dict[Item, int | None]) -> Store:
    """Set the low-stock minimum of each item in ``minimums`` (None or 0: no alert for it)."""
    errors = [
        _("%(item)s: the minimum cannot be negative.") % {"item": item.name}
        for item, minimum in minimums.items()
        if minimum is not None and minimum < 0
    ]
    if errors:
        raise ValidationError({"minimums": errors})
    current = {t.item_id: t for t in StockThreshold.objects.select_for_update().filter(store=store)}
    changed = {}
    for item, minimum in minimums.items():
        threshold = current.get(item.pk)
        old = threshold.minimum if threshold else None
        new = minimum or None
        if old == new:
            continue
        if new is None:
            threshold.delete()
        elif threshold is None:
            StockThreshold.objects.create(store=store, item=item, minimum=new)
        else:
            threshold.minimum = new
            threshold.save(update_fields=["minimum"])
        changed[item.code] = [old, new]
    if changed:
        audit_record(actor=actor, action="assistance.store.thresholds", obj=store, changes=changed)
    return store


@transaction.atomic
def fsp_update(*, actor, fsp: FinancialServiceProvider, **changes) -> FinancialServiceProvider:
    """Rename a provider, change its export template (new exports use it; files already exported
    are unchanged), or stop using it (plans already made with it keep it)."""
    from sanad.assistance.services.cash_files import EXPORT_COLUMNS

    unknown = set(changes) - set(FSP_FIELDS)
    if unknown:
        raise TypeError(f"fsp_update: not editable: {sorted(unknown)}")
    fsp = FinancialServiceProvider.objects.select_for_update().get(pk=fsp.pk)
    before = snapshot(fsp, FSP_FIELDS)
    for name, value in changes.items():
        setattr(fsp, name, value.strip() if isinstance(value, str) else value)
    if not fsp.name:
        raise ValidationError({"name": _("Give the provider a name.")})
    if fsp.export_format not in FinancialServiceProvider.Format.values:
        raise ValidationError({"export_format": _("Choose XLSX or CSV.")})
    unknown_columns = [c for c in fsp.columns or [] if c not in EXPORT_COLUMNS]
    if not fsp.columns or unknown_columns:
        raise ValidationError(
            {"columns": _("Unknown columns: %(cols)s") % {"cols": ", ".join(unknown_columns) or "—"}}
        )
    changed = diff(before, snapshot(fsp, FSP_FIELDS))
    if changed:
        fsp.save()
        audit_record(actor=actor, action="assistance.fsp.update", obj=fsp, changes=changed)
    return fsp
