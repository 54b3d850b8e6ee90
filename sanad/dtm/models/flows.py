"""Flow monitoring: daily counts of people passing a flow-monitoring point.

One record per point, date, direction and (optional) place of origin or destination; a count
entered again for the same key replaces the figures instead of adding a second record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel
from sanad.core.permissions import Scope
from sanad.dtm.models.counts import NationalityCount, SexAgeCounts


class FlowCount(BaseModel, SexAgeCounts):
    class Direction(models.TextChoices):
        INFLOW = "inflow", _("Inflow (arriving)")
        OUTFLOW = "outflow", _("Outflow (leaving)")

    point = models.ForeignKey(
        "geo.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("flow-monitoring point")
    )
    date = models.DateField(_("date"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    # Where the people came from (inflow) or go to (outflow): a country, a baladiya, or neither.
    route_country = models.CharField(_("from / to country"), max_length=3, blank=True)
    route_admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from / to baladiya"),
    )
    # "" or "SDN" or "LY021104": the route as one non-null value, so uniqueness holds on every database.
    route_key = models.CharField(max_length=24, blank=True, default="", editable=False)
    total = models.PositiveIntegerField(_("total"))
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
        ordering = ["-date", "point_id", "direction"]
        verbose_name = _("flow count")
        verbose_name_plural = _("flow counts")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "date", "direction", "route_key"], name="dtm_flow_count_unique_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    total=models.F("adult_men")
                    + models.F("adult_women")
                    + models.F("boys")
                    + models.F("girls")
                ),
                name="dtm_flow_count_breakdown_adds_up",
            ),
        ]
        indexes = [models.Index(fields=["point", "date"])]

    def __str__(self) -> str:
        return f"{self.date} · {self.get_direction_display()} · {self.total}"


class FlowNationality(NationalityCount):
    flow = models.ForeignKey(FlowCount, on_delete=models.CASCADE, related_name="nationalities")

    class Meta(NationalityCount.Meta):
        constraints = [
            models.UniqueConstraint(fields=["flow", "nationality"], name="dtm_flow_nationality_unique"),
        ]
