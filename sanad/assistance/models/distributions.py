"""Distributions, their beneficiary lists and receipts, and the entitlement rules they apply."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel, LocalizedNameMixin
from sanad.core.permissions import Scope


class EntitlementRule(BaseModel, LocalizedNameMixin):
    """How much of an item a person or household may receive, how often, and who is eligible.

    Examples: one hygiene kit per person every 30 days; a dignity kit for women and girls 12–49;
    food kits per household by household-size bands.
    """

    class Basis(models.TextChoices):
        PERSON = "person", _("Per person")
        HOUSEHOLD = "household", _("Per household")

    class SexEligibility(models.TextChoices):
        ANY = "", _("Anyone")
        FEMALE = "F", _("Women and girls")
        MALE = "M", _("Men and boys")

    item = models.ForeignKey("assistance.Item", on_delete=models.PROTECT, related_name="entitlement_rules")
    unit = models.ForeignKey(
        "core.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
        help_text=_("Empty: the rule applies in every programme."),
    )
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices, default=Basis.PERSON)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    period_days = models.PositiveIntegerField(_("every N days"), default=30, help_text=_("0: once only."))
    sex = models.CharField(_("sex"), max_length=1, choices=SexEligibility.choices, blank=True, default="")
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["item__code", "name_en"]
        verbose_name = _("entitlement rule")


class EntitlementBand(models.Model):
    """Quantity by household size for a household rule (e.g. 1–3 people: 1 kit; 4–6: 2 kits)."""

    rule = models.ForeignKey(EntitlementRule, on_delete=models.CASCADE, related_name="bands")
    min_size = models.PositiveSmallIntegerField(_("from (people)"))
    max_size = models.PositiveSmallIntegerField(_("to (people)"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["min_size"]

    def __str__(self) -> str:
        return f"{self.min_size}–{self.max_size or '…'}: {self.quantity}"


class Distribution(BaseModel):
    class Modality(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        HOUSEHOLD = "household", _("Household")
        BLANKET = "blanket", _("Blanket (group, by head-count)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    site = models.ForeignKey(
        "geo.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    store = models.ForeignKey(
        "assistance.Store", on_delete=models.PROTECT, related_name="distributions", verbose_name=_("store")
    )
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    head_count = models.PositiveIntegerField(_("head-count"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    reconciliation = models.JSONField(_("reconciliation"), default=dict, blank=True)
    reconciliation_note = models.TextField(_("reconciliation note"), blank=True)

    scope_paths = {Scope.OWN: "created_by", Scope.TEAM: "team", Scope.UNIT: "unit", Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class DistributionListEntry(models.Model):
    """A person on the prepared beneficiary list of a distribution."""

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="list_entries")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "person"], name="distribution_list_person_unique")
        ]

    def __str__(self) -> str:
        return f"{self.distribution_id}:{self.person_id}"


class DistributionReceipt(BaseModel):
    """What one person (or household, through its representative) received at a distribution.

    A blanket distribution's head-count receipt has neither person nor household.
    """

    distribution = models.ForeignKey(Distribution, on_delete=models.PROTECT, related_name="receipts")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="assistance_receipts"
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    head_count = models.PositiveIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    override_reason = models.CharField(_("override reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class DistributionReceiptLine(models.Model):
    receipt = models.ForeignKey(DistributionReceipt, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey("assistance.Item", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    overridden = models.BooleanField(default=False)
    # Denormalised for fast double-dipping checks.
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["person", "item", "received_on"], name="receipt_line_person_idx"),
            models.Index(fields=["household", "item", "received_on"], name="receipt_line_household_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="receipt_line_positive")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}×{self.quantity}"
