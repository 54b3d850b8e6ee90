"""Multi-purpose cash: financial service providers, cash plans and payments (LYD, Decimal only)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel
from sanad.core.permissions import Scope

# Libyan dinars have 1,000 dirhams: three decimal places.
AMOUNT = {"max_digits": 14, "decimal_places": 3}


class FinancialServiceProvider(BaseModel):
    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel workbook (XLSX)")
        CSV = "csv", _("CSV")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    export_format = models.CharField(
        _("export format"), max_length=4, choices=Format.choices, default=Format.XLSX
    )
    # Ordered list of column codes (see services.cash_export.EXPORT_COLUMNS) and their headers.
    columns = models.JSONField(_("columns"), default=list)
    is_active = models.BooleanField(_("active"), default=True)

    scope_paths = {Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["name"]
        verbose_name = _("financial service provider")

    def __str__(self) -> str:
        return self.name


class CashPlan(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING_PROGRAMME = "pending_programme", _("Awaiting programme approval")
        PENDING_FINANCE = "pending_finance", _("Awaiting finance approval")
        APPROVED = "approved", _("Approved")
        EXPORTED = "exported", _("Sent to the provider")
        RECONCILED = "reconciled", _("Reconciled")

    class AmountBasis(models.TextChoices):
        FIXED = "fixed", _("Fixed amount")
        HOUSEHOLD_SIZE = "household_size", _("By household size")

    class Target(models.TextChoices):
        PERSON = "person", _("People")
        HOUSEHOLD = "household", _("Households (paid to the head)")

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    cycle = models.CharField(
        _("cycle"), max_length=40, help_text=_("e.g. 2026-11; no one is paid twice in a cycle.")
    )
    fsp = models.ForeignKey(
        FinancialServiceProvider, on_delete=models.PROTECT, related_name="plans", verbose_name=_("provider")
    )
    target = models.CharField(_("paid to"), max_length=10, choices=Target.choices, default=Target.HOUSEHOLD)
    amount_basis = models.CharField(
        _("amount"), max_length=20, choices=AmountBasis.choices, default=AmountBasis.HOUSEHOLD_SIZE
    )
    fixed_amount = models.DecimalField(
        _("fixed amount (LYD)"),
        **AMOUNT,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    currency = models.CharField(max_length=3, default="LYD", editable=False)
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    follow_up_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    programme_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    programme_approved_at = models.DateTimeField(null=True, blank=True)
    finance_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finance_approved_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)

    scope_paths = {Scope.OWN: "created_by", Scope.UNIT: "unit", Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cash plan")
        verbose_name_plural = _("cash plans")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(amount_basis="fixed") | models.Q(fixed_amount__isnull=False),
                name="cash_plan_fixed_needs_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class CashAmountBand(models.Model):
    plan = models.ForeignKey(CashPlan, on_delete=models.CASCADE, related_name="bands")
    min_size = models.PositiveSmallIntegerField(_("from (people)"))
    max_size = models.PositiveSmallIntegerField(_("to (people)"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount (LYD)"), **AMOUNT, validators=[MinValueValidator(Decimal("0.001"))]
    )

    class Meta:
        ordering = ["min_size"]

    def __str__(self) -> str:
        return f"{self.min_size}–{self.max_size or '…'}: {self.amount}"


class Payment(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        NOT_COLLECTED = "not_collected", _("Not collected")

    # A failed or uncollected payment no longer counts as "paid in the cycle".
    LIVE = (Status.PENDING, Status.PAID)

    plan = models.ForeignKey(CashPlan, on_delete=models.PROTECT, related_name="payments")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="cash_payments")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household_size = models.PositiveSmallIntegerField(default=1)
    cycle_key = models.CharField(max_length=80, editable=False)
    amount = models.DecimalField(_("amount (LYD)"), **AMOUNT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    fsp_reference = models.CharField(_("provider reference"), max_length=100, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    follow_up_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )

    scope_paths = {Scope.OWN: "plan__created_by", Scope.UNIT: "plan__unit", Scope.AGENCY: "plan__agency"}

    class Meta:
        ordering = ["id"]
        verbose_name = _("payment")
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="payment_once_per_plan"),
            models.UniqueConstraint(
                fields=["cycle_key", "person"],
                condition=models.Q(status__in=["pending", "paid"]),
                name="payment_once_per_cycle",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]
