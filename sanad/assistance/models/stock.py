"""Items, stores and the append-only stock ledger.

Quantities are whole units of the item's unit of measure. A balance (store × item × batch) is the
sum of the ledger's movements; ``StockBalance`` caches it, is only ever changed in the same
transaction as the movement that changes it, under a row lock, and ``stock_verify`` checks it
against the ledger.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel, LocalizedNameMixin
from sanad.core.needs import Need
from sanad.core.permissions import Scope


class Item(BaseModel, LocalizedNameMixin):
    class UnitOfMeasure(models.TextChoices):
        PIECE = "piece", _("piece")
        KIT = "kit", _("kit")
        SET = "set", _("set")
        PAIR = "pair", _("pair")
        BOX = "box", _("box")
        KILOGRAM = "kg", _("kilogram")
        LITRE = "litre", _("litre")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    category = models.CharField(_("category"), max_length=30, choices=Need.choices, default=Need.NFI)
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=10, choices=UnitOfMeasure.choices, default=UnitOfMeasure.PIECE
    )
    is_kit = models.BooleanField(_("kit"), default=False)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("item")
        verbose_name_plural = _("items")


class KitComponent(models.Model):
    kit = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["component__code"]
        constraints = [
            models.UniqueConstraint(fields=["kit", "component"], name="kit_component_unique"),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="kit_component_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component_id}×{self.quantity}"


class Store(BaseModel, LocalizedNameMixin):
    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("Warehouse")
        TEAM_STORE = "team_store", _("Team store / vehicle")
        PREPOSITIONING = "prepositioning", _("Pre-positioning site")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WAREHOUSE)
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team = models.ForeignKey(
        "core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    site = models.ForeignKey("geo.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    logistics_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logistics officer"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    scope_paths = {Scope.TEAM: "team", Scope.UNIT: "unit", Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")


class StockThreshold(models.Model):
    """Below ``minimum`` units on hand the store's officer gets a low-stock alert."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="thresholds")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    minimum = models.PositiveIntegerField(_("minimum on hand"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "item"], name="stock_threshold_unique")]

    def __str__(self) -> str:
        return f"{self.store_id}/{self.item_id} ≥ {self.minimum}"


class StockBalance(models.Model):
    """Cached on-hand quantity per store × item × batch; changed only next to a ledger movement."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="balances")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="balances")
    batch = models.CharField(_("batch"), max_length=60, blank=True, default="")
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    quantity = models.IntegerField(_("on hand"), default=0)

    scope_paths = {Scope.TEAM: "store__team", Scope.UNIT: "store__unit", Scope.AGENCY: "store__agency"}

    class Meta:
        ordering = ["store__name_en", "item__code", "expiry_date", "batch"]
        constraints = [
            models.UniqueConstraint(fields=["store", "item", "batch"], name="stock_balance_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="stock_balance_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.store_id}/{self.item_id}/{self.batch}: {self.quantity}"


class StockMovement(BaseModel):
    """One line of the append-only ledger. ``quantity`` is signed: + into the store, − out of it."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        TRANSFER_OUT = "transfer_out", _("Transfer dispatched")
        TRANSFER_IN = "transfer_in", _("Transfer received")
        ISSUE = "issue", _("Issue to distribution")
        RETURN = "return", _("Return from distribution")
        ADJUSTMENT = "adjustment", _("Adjustment after count")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="movements")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="movements")
    batch = models.CharField(_("batch"), max_length=60, blank=True, default="")
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    quantity = models.IntegerField(_("quantity"))
    donor = models.CharField(_("donor"), max_length=120, blank=True)
    project = models.CharField(_("project"), max_length=120, blank=True)
    supplier = models.CharField(_("supplier"), max_length=120, blank=True)
    transfer = models.ForeignKey(
        "assistance.Transfer", on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    distribution = models.ForeignKey(
        "assistance.Distribution", on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    adjustment = models.ForeignKey(
        "assistance.StockAdjustment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    scope_paths = {Scope.TEAM: "store__team", Scope.UNIT: "store__unit", Scope.AGENCY: "store__agency"}

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["store", "item", "batch"], name="stock_movement_balance_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(quantity=0), name="stock_movement_not_zero")
        ]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+d} {self.item.code} @ {self.store.code}"


class Transfer(BaseModel):
    class Status(models.TextChoices):
        DISPATCHED = "dispatched", _("Dispatched (in transit)")
        RECEIVED = "received", _("Received")

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    from_store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="transfers_out")
    to_store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="transfers_in")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DISPATCHED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    dispatched_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dispatched_at = models.DateTimeField(_("dispatched at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["-dispatched_at"]
        verbose_name = _("transfer")

    def __str__(self) -> str:
        return self.reference


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    batch = models.CharField(_("batch"), max_length=60, blank=True, default="")
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    quantity_dispatched = models.PositiveIntegerField(_("dispatched"))
    quantity_received = models.PositiveIntegerField(_("received"), null=True, blank=True)
    quantity_lost = models.PositiveIntegerField(_("lost"), default=0)
    loss_reason = models.CharField(_("loss reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.item_id}×{self.quantity_dispatched}"

    @property
    def quantity_in_transit(self) -> int:
        return self.quantity_dispatched if self.quantity_received is None else 0


class StockAdjustment(BaseModel):
    """A correction after a physical count: posts to the ledger only once a second user approves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        POSTED = "posted", _("Approved and posted")
        REJECTED = "rejected", _("Rejected")

    class Reason(models.TextChoices):
        COUNT = "count", _("Physical count difference")
        DAMAGE = "damage", _("Damaged")
        EXPIRED = "expired", _("Expired")
        THEFT = "theft", _("Theft or loss")
        OTHER = "other", _("Other")

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="adjustments")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    batch = models.CharField(_("batch"), max_length=60, blank=True, default="")
    quantity = models.IntegerField(_("quantity change"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    scope_paths = {Scope.TEAM: "store__team", Scope.UNIT: "store__unit", Scope.AGENCY: "store__agency"}

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(quantity=0), name="stock_adjustment_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.quantity:+d}"


class StockAlert(models.Model):
    """A low-stock or expiry alert raised by the periodic check; resolved when the cause is gone."""

    class Kind(models.TextChoices):
        LOW_STOCK = "low_stock", _("Low stock")
        EXPIRY = "expiry", _("Expiring soon")

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="alerts")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    batch = models.CharField(max_length=60, blank=True, default="")
    quantity = models.IntegerField(default=0)
    expiry_date = models.DateField(null=True, blank=True)
    raised_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    scope_paths = {Scope.TEAM: "store__team", Scope.UNIT: "store__unit", Scope.AGENCY: "store__agency"}

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "item", "kind", "batch"],
                condition=models.Q(resolved_at__isnull=True),
                name="stock_alert_open_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.store_id}/{self.item_id}"
