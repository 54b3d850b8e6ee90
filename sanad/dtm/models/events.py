"""Emergency event tracking: an event, rapid assessments of the households it displaced, and the
72-hour clock from the event's start to the publication of its baseline."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel
from sanad.core.permissions import Scope

BASELINE_HOURS = 72


class PriorityNeed(models.TextChoices):
    FOOD = "food", _("Food")
    SHELTER = "shelter", _("Shelter")
    NON_FOOD_ITEMS = "non_food_items", _("Non-food items")
    WATER_SANITATION = "water_sanitation", _("Water and sanitation")
    HEALTH = "health", _("Health care")
    PROTECTION = "protection", _("Protection")
    CASH = "cash", _("Cash")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    OTHER = "other", _("Other")


class EmergencyEvent(BaseModel):
    class Type(models.TextChoices):
        ARMED_CLASHES = "armed_clashes", _("Armed clashes")
        FLOOD = "flood", _("Flood")
        STORM = "storm", _("Storm")
        FIRE = "fire", _("Fire")
        EVICTION = "eviction", _("Eviction")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    event_type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    started_at = models.DateTimeField(_("started at"))
    admin_units = models.ManyToManyField(
        "geo.AdminUnit", related_name="+", verbose_name=_("affected administrative units")
    )
    description = models.TextField(_("description"), blank=True)
    published_at = models.DateTimeField(_("baseline published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_paths = {Scope.OWN: "created_by"}

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("emergency event")
        verbose_name_plural = _("emergency events")

    def __str__(self) -> str:
        return self.title

    @property
    def baseline_deadline(self) -> datetime.datetime:
        return self.started_at + datetime.timedelta(hours=BASELINE_HOURS)


class RapidAssessment(BaseModel):
    """Households displaced by an event, counted at one location, with their priority needs."""

    event = models.ForeignKey(EmergencyEvent, on_delete=models.CASCADE, related_name="assessments")
    admin_unit = models.ForeignKey(
        "geo.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("location")
    )
    site = models.ForeignKey(
        "geo.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    assessed_on = models.DateField(_("assessed on"))
    households = models.PositiveIntegerField(_("displaced households"))
    individuals = models.PositiveIntegerField(_("displaced individuals"))
    priority_need_1 = models.CharField(_("priority need 1"), max_length=20, choices=PriorityNeed.choices)
    priority_need_2 = models.CharField(
        _("priority need 2"), max_length=20, choices=PriorityNeed.choices, blank=True
    )
    priority_need_3 = models.CharField(
        _("priority need 3"), max_length=20, choices=PriorityNeed.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_paths = {Scope.OWN: "recorded_by"}

    class Meta:
        ordering = ["event_id", "admin_unit__pcode", "-assessed_on"]
        verbose_name = _("rapid assessment")
        verbose_name_plural = _("rapid assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(individuals__gte=models.F("households")),
                name="dtm_assessment_individuals_at_least_households",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.admin_unit_id} · {self.households}"

    @property
    def priority_needs(self) -> list[str]:
        return [
            str(PriorityNeed(v).label)
            for v in (self.priority_need_1, self.priority_need_2, self.priority_need_3)
            if v
        ]
