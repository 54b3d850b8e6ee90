"""Writes to the stock ledger.

Every change of stock is one or more ``StockMovement`` rows (append-only) plus the matching
change of the cached ``StockBalance`` row, in one transaction, with that balance row locked
(``SELECT … FOR UPDATE``) before it is read. Two writers taking stock from the same balance are
therefore serialised by the database: the second one sees the first one's result and is refused
if the stock is no longer there. The check constraint ``stock_balance_never_negative`` is the
last line of defence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.assistance.models import (
    Item,
    KitComponent,
    StockAdjustment,
    StockBalance,
    StockMovement,
    Store,
    Transfer,
    TransferLine,
)
from sanad.assistance.services.rules import require_scope
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError, Forbidden
from sanad.core.references import reference_next


class InsufficientStock(DomainError):
    code = "insufficient_stock"


# ---------------------------------------------------------------------------------------------
# Catalogue and stores
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def item_create(
    *,
    actor,
    code: str,
    name_en: str,
    name_ar: str = "",
    name_fr: str = "",
    category: str,
    unit_of_measure: str = Item.UnitOfMeasure.PIECE,
    components: list[tuple[Item, int]] | None = None,
    description: str = "",
) -> Item:
    if Item.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An item with this code already exists.")})
    item = Item(
        code=code,
        name_en=name_en,
        name_ar=name_ar,
        name_fr=name_fr,
        category=category,
        unit_of_measure=unit_of_measure,
        is_kit=bool(components),
        description=description,
    )
    item.full_clean()
    item.save()
    for component, quantity in components or []:
        if quantity <= 0:
            raise ValidationError({"components": _("Each kit component needs a positive quantity.")})
        KitComponent.objects.create(kit=item, component=component, quantity=quantity)
    audit_record(
        actor=actor,
        action="assistance.item.create",
        obj=item,
        changes={
            "code": [None, code],
            "components": [None, [f"{c.code}×{q}" for c, q in components or []]],
        },
    )
    return item


@transaction.atomic
def store_create(
    *,
    actor,
    code: str,
    name_en: str,
    kind: str,
    agency,
    name_ar: str = "",
    name_fr: str = "",
    unit=None,
    team=None,
    site=None,
    admin_unit=None,
    logistics_officer=None,
) -> Store:
    if Store.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A store with this code already exists.")})
    store = Store(
        code=code,
        name_en=name_en,
        name_ar=name_ar,
        name_fr=name_fr,
        kind=kind,
        agency=agency,
        unit=unit if unit is not None else getattr(team, "unit", None),
        team=team,
        site=site,
        admin_unit=admin_unit,
        logistics_officer=logistics_officer,
    )
    store.full_clean()
    store.save()
    audit_record(actor=actor, action="assistance.store.create", obj=store, changes={"code": [None, code]})
    return store


# ---------------------------------------------------------------------------------------------
# The ledger primitive
# ---------------------------------------------------------------------------------------------
def _balance_locked(*, store: Store, item: Item, batch: str, expiry_date=None) -> StockBalance:
    """The balance row of store × item × batch, created if needed, locked until commit."""
    try:
        with transaction.atomic():
            StockBalance.objects.get_or_create(
                store=store, item=item, batch=batch, defaults={"expiry_date": expiry_date}
            )
    except IntegrityError:
        pass  # another transaction created it concurrently; it exists now
    return StockBalance.objects.select_for_update().get(store=store, item=item, batch=batch)


def _post(
    *, actor, kind: str, balance: StockBalance, quantity: int, note: str = "", **links
) -> StockMovement:
    """Append one movement and apply it to the (already locked) balance row."""
    if quantity == 0:
        raise ValidationError({"quantity": _("The quantity cannot be zero.")})
    if balance.quantity + quantity < 0:
        raise InsufficientStock(
            _("Not enough %(item)s in %(store)s: %(available)d on hand, %(wanted)d needed.")
            % {
                "item": balance.item.name,
                "store": balance.store.name,
                "available": balance.quantity,
                "wanted": -quantity,
            }
        )
    balance.quantity += quantity
    balance.save(update_fields=["quantity"])
    return StockMovement.objects.create(
        kind=kind,
        store=balance.store,
        item=balance.item,
        batch=balance.batch,
        expiry_date=balance.expiry_date,
        quantity=quantity,
        note=note[:300],
        created_by=actor,
        **links,
    )


def _take(
    *,
    actor,
    kind: str,
    store: Store,
    item: Item,
    quantity: int,
    batch: str | None = None,
    note: str = "",
    **links,
) -> list[StockMovement]:
    """Take ``quantity`` out of the store: from ``batch`` if given, else first-expiry-first-out."""
    if quantity <= 0:
        raise ValidationError({"quantity": _("Enter a quantity of at least 1.")})
    if batch is not None:
        balance = _balance_locked(store=store, item=item, batch=batch)
        return [_post(actor=actor, kind=kind, balance=balance, quantity=-quantity, note=note, **links)]
    # Lock every batch of the item in this store in a fixed order (no deadlock between takers).
    balances = list(
        StockBalance.objects.select_for_update()
        .filter(store=store, item=item)
        .select_related("store", "item")
        .order_by("pk")
    )
    available = sum(b.quantity for b in balances)
    if available < quantity:
        raise InsufficientStock(
            _("Not enough %(item)s in %(store)s: %(available)d on hand, %(wanted)d needed.")
            % {"item": item.name, "store": store.name, "available": available, "wanted": quantity}
        )
    far = datetime.date.max
    movements = []
    remaining = quantity
    for balance in sorted(balances, key=lambda b: (b.expiry_date or far, b.pk)):
        if remaining == 0:
            break
        part = min(balance.quantity, remaining)
        if part:
            movements.append(
                _post(actor=actor, kind=kind, balance=balance, quantity=-part, note=note, **links)
            )
            remaining -= part
    return movements


# ---------------------------------------------------------------------------------------------
# Receipts, issues, returns
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def stock_receive(
    *,
    actor,
    store: Store,
    item: Item,
    quantity: int,
    batch: str = "",
    expiry_date: datetime.date | None = None,
    donor: str = "",
    project: str = "",
    supplier: str = "",
    note: str = "",
) -> StockMovement:
    """Goods arriving from a supplier or donor into a store."""
    require_scope(
        actor=actor,
        obj=store,
        action="stock.manage",
        view_action="stock.view",
        message=_("You may not manage the stock of this store."),
    )
    errors = {}
    if quantity is None or quantity <= 0:
        errors["quantity"] = _("Enter a quantity of at least 1.")
    if not store.is_active:
        errors["store"] = _("This store is closed.")
    if not item.is_active:
        errors["item"] = _("This item is no longer in the catalogue.")
    if errors:
        raise ValidationError(errors)
    batch = (batch or "").strip()
    balance = _balance_locked(store=store, item=item, batch=batch, expiry_date=expiry_date)
    if balance.expiry_date != expiry_date and balance.expiry_date is not None and expiry_date is not None:
        raise ValidationError(
            {
                "expiry_date": _("Batch %(batch)s is already recorded with expiry %(date)s.")
                % {"batch": batch or "—", "date": balance.expiry_date}
            }
        )
    if balance.expiry_date is None and expiry_date is not None:
        balance.expiry_date = expiry_date
        balance.save(update_fields=["expiry_date"])
    movement = _post(
        actor=actor,
        kind=StockMovement.Kind.RECEIPT,
        balance=balance,
        quantity=quantity,
        note=note,
        donor=donor,
        project=project,
        supplier=supplier,
    )
    audit_record(
        actor=actor,
        action="assistance.stock.receive",
        obj=movement,
        changes={
            "store": [None, store.code],
            "item": [None, item.code],
            "quantity": [None, quantity],
            "batch": [None, batch],
            "donor": [None, donor],
            "supplier": [None, supplier],
        },
    )
    return movement


@transaction.atomic
def stock_issue(
    *, actor, distribution, item: Item, quantity: int, batch: str | None = None
) -> list[StockMovement]:
    """Stock leaving the distribution's store for the distribution (first-expiry-first-out)."""
    movements = _take(
        actor=actor,
        kind=StockMovement.Kind.ISSUE,
        store=distribution.store,
        item=item,
        quantity=quantity,
        batch=batch,
        distribution=distribution,
    )
    audit_record(
        actor=actor,
        action="assistance.stock.issue",
        obj=distribution,
        changes={
            "item": [None, item.code],
            "quantity": [None, quantity],
            "batches": [None, [m.batch for m in movements]],
        },
    )
    return movements


@transaction.atomic
def stock_return(*, actor, distribution, item: Item, quantity: int) -> list[StockMovement]:
    """Unused stock coming back from a distribution into its store, to the batches it came from."""
    if quantity <= 0:
        raise ValidationError({"quantity": _("Enter a quantity of at least 1.")})
    by_batch = {
        row["batch"]: row["total"]
        for row in StockMovement.objects.filter(distribution=distribution, item=item)
        .values("batch")
        .annotate(total=Sum("quantity"))
    }
    outstanding = -sum(by_batch.values())
    if quantity > outstanding:
        raise ValidationError(
            {
                "quantity": _("Only %(count)d were issued to this distribution and not returned.")
                % {"count": outstanding}
            }
        )
    movements, remaining = [], quantity
    for batch_code, total in sorted(by_batch.items()):
        if remaining == 0:
            break
        part = min(-total, remaining)
        if part > 0:
            balance = _balance_locked(store=distribution.store, item=item, batch=batch_code)
            movements.append(
                _post(
                    actor=actor,
                    kind=StockMovement.Kind.RETURN,
                    balance=balance,
                    quantity=part,
                    distribution=distribution,
                )
            )
            remaining -= part
    audit_record(
        actor=actor,
        action="assistance.stock.return",
        obj=distribution,
        changes={"item": [None, item.code], "quantity": [None, quantity]},
    )
    return movements


# ---------------------------------------------------------------------------------------------
# Transfers between stores
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def transfer_dispatch(
    *, actor, from_store: Store, to_store: Store, lines: list[tuple[Item, int]], note: str = ""
) -> Transfer:
    for store in (from_store, to_store):
        require_scope(
            actor=actor,
            obj=store,
            action="stock.manage",
            view_action="stock.view",
            message=_("You may not manage the stock of this store."),
        )
    if from_store.pk == to_store.pk:
        raise ValidationError({"to_store": _("Choose a different store to send to.")})
    if not lines or any(q <= 0 for _item, q in lines):
        raise ValidationError({"lines": _("Add at least one item with a quantity of at least 1.")})
    transfer = Transfer.objects.create(
        reference=reference_next(series="TR"),
        from_store=from_store,
        to_store=to_store,
        note=note,
        dispatched_by=actor,
        dispatched_at=timezone.now(),
    )
    for item, quantity in lines:
        for movement in _take(
            actor=actor,
            kind=StockMovement.Kind.TRANSFER_OUT,
            store=from_store,
            item=item,
            quantity=quantity,
            transfer=transfer,
        ):
            TransferLine.objects.create(
                transfer=transfer,
                item=item,
                batch=movement.batch,
                expiry_date=movement.expiry_date,
                quantity_dispatched=-movement.quantity,
            )
    audit_record(
        actor=actor,
        action="assistance.transfer.dispatch",
        obj=transfer,
        changes={
            "from": [None, from_store.code],
            "to": [None, to_store.code],
            "lines": [None, [f"{i.code}×{q}" for i, q in lines]],
        },
    )
    return transfer


@transaction.atomic
def transfer_receive(
    *, actor, transfer: Transfer, received: dict[int, tuple[int, str]] | None = None
) -> Transfer:
    """Record what arrived. ``received`` maps line id -> (quantity received, loss reason); lines not
    listed arrived complete. Any loss needs a reason; losses never enter the receiving store."""
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.status != Transfer.Status.DISPATCHED:
        raise DomainError(_("This transfer was already received."), code="already_received")
    received = received or {}
    errors = []
    lines = list(transfer.lines.select_related("item"))
    for line in lines:
        quantity, reason = received.get(line.pk, (line.quantity_dispatched, ""))
        if quantity is None or quantity < 0 or quantity > line.quantity_dispatched:
            errors.append(
                _("%(item)s: received must be between 0 and %(max)d.")
                % {"item": line.item.name, "max": line.quantity_dispatched}
            )
            continue
        lost = line.quantity_dispatched - quantity
        if lost and not (reason or "").strip():
            errors.append(
                _("%(item)s: %(lost)d lost — give the reason.") % {"item": line.item.name, "lost": lost}
            )
            continue
        line.quantity_received, line.quantity_lost, line.loss_reason = quantity, lost, (reason or "").strip()
    if errors:
        raise ValidationError({"received": errors})
    for line in lines:
        line.save(update_fields=["quantity_received", "quantity_lost", "loss_reason"])
        if line.quantity_received:
            balance = _balance_locked(
                store=transfer.to_store, item=line.item, batch=line.batch, expiry_date=line.expiry_date
            )
            _post(
                actor=actor,
                kind=StockMovement.Kind.TRANSFER_IN,
                balance=balance,
                quantity=line.quantity_received,
                transfer=transfer,
                note=line.loss_reason
                and _("lost in transit: %(n)d (%(reason)s)")
                % {"n": line.quantity_lost, "reason": line.loss_reason},
            )
    transfer.status = Transfer.Status.RECEIVED
    transfer.received_by, transfer.received_at = actor, timezone.now()
    transfer.save(update_fields=["status", "received_by", "received_at", "updated_at"])
    audit_record(
        actor=actor,
        action="assistance.transfer.receive",
        obj=transfer,
        changes={
            "lines": [
                None,
                [
                    f"{ln.item.code}:{ln.quantity_received}/{ln.quantity_dispatched}"
                    + (f" lost {ln.quantity_lost} ({ln.loss_reason})" if ln.quantity_lost else "")
                    for ln in lines
                ],
            ]
        },
    )
    return transfer


# ---------------------------------------------------------------------------------------------
# Adjustments after counts (four eyes)
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def adjustment_request(
    *, actor, store: Store, item: Item, quantity: int, reason: str, batch: str = "", note: str = ""
) -> StockAdjustment:
    errors = {}
    if not quantity:
        errors["quantity"] = _("Enter the change: negative to remove stock, positive to add.")
    if reason not in StockAdjustment.Reason.values:
        errors["reason"] = _("Choose a reason.")
    if reason == StockAdjustment.Reason.OTHER and not note.strip():
        errors["note"] = _("Explain the adjustment.")
    if errors:
        raise ValidationError(errors)
    adjustment = StockAdjustment.objects.create(
        store=store, item=item, batch=batch, quantity=quantity, reason=reason, note=note, requested_by=actor
    )
    audit_record(
        actor=actor,
        action="assistance.adjustment.request",
        obj=adjustment,
        changes={
            "store": [None, store.code],
            "item": [None, item.code],
            "quantity": [None, quantity],
            "reason": [None, reason],
        },
    )
    return adjustment


@transaction.atomic
def adjustment_decide(*, actor, adjustment: StockAdjustment, approve: bool) -> StockAdjustment:
    """A second user approves (the adjustment posts to the ledger) or rejects it."""
    adjustment = StockAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.status != StockAdjustment.Status.PENDING:
        raise DomainError(_("This adjustment was already decided."), code="already_decided")
    if adjustment.requested_by_id == actor.pk:
        raise Forbidden(_("Another person must approve an adjustment you requested."), code="four_eyes")
    if approve:
        balance = _balance_locked(store=adjustment.store, item=adjustment.item, batch=adjustment.batch)
        _post(
            actor=actor,
            kind=StockMovement.Kind.ADJUSTMENT,
            balance=balance,
            quantity=adjustment.quantity,
            adjustment=adjustment,
            note=adjustment.get_reason_display(),
        )
    adjustment.status = StockAdjustment.Status.POSTED if approve else StockAdjustment.Status.REJECTED
    adjustment.decided_by, adjustment.decided_at = actor, timezone.now()
    adjustment.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="assistance.adjustment." + ("approve" if approve else "reject"),
        obj=adjustment,
        changes={"status": ["pending", adjustment.status]},
    )
    return adjustment


# ---------------------------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BalanceMismatch:
    store_id: int
    item_id: int
    batch: str
    cached: int
    ledger: int


def stock_verify(*, store: Store | None = None) -> list[BalanceMismatch]:
    """Every balance row whose cached quantity differs from the sum of its ledger (should be none)."""
    ledger = StockMovement.objects.all()
    balances = StockBalance.objects.all()
    if store is not None:
        ledger, balances = ledger.filter(store=store), balances.filter(store=store)
    sums = {
        (r["store_id"], r["item_id"], r["batch"]): r["total"]
        for r in ledger.values("store_id", "item_id", "batch").annotate(total=Sum("quantity"))
    }
    mismatches = []
    seen = set()
    for b in balances.values("store_id", "item_id", "batch", "quantity"):
        key = (b["store_id"], b["item_id"], b["batch"])
        seen.add(key)
        if sums.get(key, 0) != b["quantity"]:
            mismatches.append(BalanceMismatch(*key, cached=b["quantity"], ledger=sums.get(key, 0)))
    for key, total in sums.items():
        if key not in seen:
            mismatches.append(BalanceMismatch(*key, cached=0, ledger=total))
    return mismatches
