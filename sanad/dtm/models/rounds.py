"""Displacement Tracking Matrix: published rounds of mobility tracking, as aggregate figures.

No personal data: every row is a count for a place. A round is identified by its number and
population type; re-importing it replaces all its figures in one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel


class Population(models.TextChoices):
    MIGRANTS = "migrants", _("Migrants")
    IDPS = "idps", _("Internally displaced people")
    RETURNEES = "returnees", _("Returnees")


class Round(BaseModel):
    class Status(models.TextChoices):
        VERIFIED = "verified", _("Totals match the published summary")
        DISCREPANCIES = "discrepancies", _("Totals differ from the published summary")
        UNCHECKED = "unchecked", _("No published summary to check against")

    number = models.PositiveIntegerField(_("round number"))
    population = models.CharField(_("population"), max_length=20, choices=Population.choices)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    period_label = models.CharField(_("period as published"), max_length=100, blank=True)
    source_file_name = models.CharField(_("source file"), max_length=255)
    mapping_name = models.CharField(_("column mapping"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCHECKED)
    # Totals of what was imported, kept with the round so lists cost one query.
    total_individuals = models.PositiveIntegerField(_("individuals"), default=0)
    baladiya_count = models.PositiveIntegerField(_("baladiyas"), default=0)
    muhalla_count = models.PositiveIntegerField(_("muhallas"), default=0)
    # [{"metric", "label", "expected", "imported", "matches"}]: imported totals against the Summary.
    summary_check = models.JSONField(_("summary comparison"), default=list, blank=True)

    class Meta:
        ordering = ["-number", "population"]
        verbose_name = _("DTM round")
        verbose_name_plural = _("DTM rounds")
        constraints = [
            models.UniqueConstraint(fields=["number", "population"], name="dtm_round_unique_per_population"),
        ]

    def __str__(self) -> str:
        return f"{_('Round')} {self.number} · {self.get_population_display()}"


class BaladiyaFigure(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="baladiyas")
    admin_unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    individuals = models.PositiveIntegerField(_("individuals"), default=0)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    source_row = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-individuals"]
        constraints = [
            models.UniqueConstraint(fields=["round", "admin_unit"], name="dtm_baladiya_unique_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.admin_unit_id}: {self.individuals}"


class MuhallaFigure(models.Model):
    """One muhalla in one round. Breakdowns whose categories change between rounds are JSON."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="muhallas")
    admin_unit = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    baladiya = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    hosts_population = models.BooleanField(_("hosts the population"), default=True)
    settlement_type = models.CharField(_("settlement type"), max_length=40, blank=True)
    individuals = models.PositiveIntegerField(_("individuals"), default=0)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    adult_men = models.PositiveIntegerField(_("adult men"), default=0)
    adult_women = models.PositiveIntegerField(_("adult women"), default=0)
    children = models.PositiveIntegerField(_("children"), default=0)
    shelter = models.JSONField(_("shelter"), default=dict, blank=True)
    arrival = models.JSONField(_("arrival"), default=dict, blank=True)
    permit = models.JSONField(_("permit status"), default=dict, blank=True)
    priority_need_1 = models.CharField(_("priority need 1"), max_length=100, blank=True)
    priority_problem_1 = models.CharField(_("problem"), max_length=200, blank=True)
    priority_need_2 = models.CharField(_("priority need 2"), max_length=100, blank=True)
    priority_problem_2 = models.CharField(_("problem"), max_length=200, blank=True)
    priority_need_3 = models.CharField(_("priority need 3"), max_length=100, blank=True)
    priority_problem_3 = models.CharField(_("problem"), max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    source_row = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-individuals"]
        constraints = [
            models.UniqueConstraint(fields=["round", "admin_unit"], name="dtm_muhalla_unique_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.admin_unit_id}: {self.individuals}"

    @property
    def priority_needs(self) -> list[tuple[str, str]]:
        pairs = [
            (self.priority_need_1, self.priority_problem_1),
            (self.priority_need_2, self.priority_problem_2),
            (self.priority_need_3, self.priority_problem_3),
        ]
        return [(need, problem) for need, problem in pairs if need]


class NationalityFigure(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="nationalities")
    muhalla = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    baladiya = models.ForeignKey("geo.AdminUnit", on_delete=models.PROTECT, related_name="+")
    nationality = models.CharField(_("nationality"), max_length=100)
    nationality_code = models.CharField(_("nationality code (ISO 3166 alpha-3)"), max_length=3, blank=True)
    region_of_origin = models.CharField(_("region of origin"), max_length=100, blank=True)
    subregion_of_origin = models.CharField(_("sub-region of origin"), max_length=100, blank=True)
    individuals = models.PositiveIntegerField(_("individuals"), default=0)
    source_row = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-individuals"]
        indexes = [models.Index(fields=["round", "nationality"])]

    def __str__(self) -> str:
        return f"{self.nationality}: {self.individuals}"
