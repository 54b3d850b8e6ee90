"""Detention-centre profiles: periodic snapshots of a centre's population and conditions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel
from sanad.core.permissions import Scope
from sanad.dtm.models.counts import NationalityCount, SexAgeCounts

CONDITIONS = ("water", "sanitation", "health_access", "food")
# Occupancy as a share of the official capacity above which a centre is overcrowded / severely so.
OVERCROWDED_FROM = 100
SEVERELY_OVERCROWDED_FROM = 150


class Rating(models.TextChoices):
    ADEQUATE = "adequate", _("Adequate")
    INSUFFICIENT = "insufficient", _("Insufficient")
    CRITICAL = "critical", _("Critical")


def _rating(label):
    return models.CharField(label, max_length=12, choices=Rating.choices, blank=True)


def _note(label):
    return models.CharField(label, max_length=300, blank=True)


class DetentionSnapshot(BaseModel, SexAgeCounts):
    centre = models.ForeignKey(
        "geo.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("detention centre")
    )
    date = models.DateField(_("date"))
    occupancy = models.PositiveIntegerField(_("people held"))
    capacity = models.PositiveIntegerField(_("official capacity"), null=True, blank=True)
    water = _rating(_("water"))
    water_note = _note(_("water: note"))
    sanitation = _rating(_("sanitation"))
    sanitation_note = _note(_("sanitation: note"))
    health_access = _rating(_("access to health care"))
    health_access_note = _note(_("access to health care: note"))
    food = _rating(_("food"))
    food_note = _note(_("food: note"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    scope_paths = {Scope.OWN: "recorded_by"}

    class Meta:
        ordering = ["-date", "centre_id"]
        verbose_name = _("detention-centre snapshot")
        verbose_name_plural = _("detention-centre snapshots")
        constraints = [
            models.UniqueConstraint(fields=["centre", "date"], name="dtm_detention_snapshot_unique_per_day"),
            models.CheckConstraint(
                condition=models.Q(
                    occupancy=models.F("adult_men")
                    + models.F("adult_women")
                    + models.F("boys")
                    + models.F("girls")
                ),
                name="dtm_detention_breakdown_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} · {self.occupancy}"

    @property
    def occupancy_rate(self) -> float | None:
        """People held as a percentage of the official capacity; None without a capacity."""
        if not self.capacity:
            return None
        return self.occupancy / self.capacity * 100

    @property
    def overcrowding(self) -> str:
        """Derived from occupancy and capacity: "" (unknown), adequate, insufficient or critical."""
        rate = self.occupancy_rate
        if rate is None:
            return ""
        if rate > SEVERELY_OVERCROWDED_FROM:
            return Rating.CRITICAL
        if rate > OVERCROWDED_FROM:
            return Rating.INSUFFICIENT
        return Rating.ADEQUATE

    @property
    def overcrowding_label(self) -> str:
        return {
            "": _("Capacity unknown"),
            Rating.ADEQUATE: _("Within capacity"),
            Rating.INSUFFICIENT: _("Overcrowded"),
            Rating.CRITICAL: _("Severely overcrowded"),
        }[self.overcrowding]

    @property
    def conditions(self) -> list[dict]:
        labels = {
            "water": _("Water"),
            "sanitation": _("Sanitation"),
            "health_access": _("Access to health care"),
            "food": _("Food"),
        }
        return [
            {
                "key": key,
                "label": labels[key],
                "rating": getattr(self, key),
                "rating_label": getattr(self, f"get_{key}_display")(),
                "note": getattr(self, f"{key}_note"),
            }
            for key in CONDITIONS
        ]


class DetentionNationality(NationalityCount):
    snapshot = models.ForeignKey(DetentionSnapshot, on_delete=models.CASCADE, related_name="nationalities")

    class Meta(NationalityCount.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "nationality"], name="dtm_detention_nationality_unique"
            ),
        ]
