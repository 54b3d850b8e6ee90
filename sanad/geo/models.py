"""The gazetteer: admin units with P-codes (region → mantika → baladiya → muhalla) and sites."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel, LocalizedNameMixin


class AdminUnit(BaseModel, LocalizedNameMixin):
    class Level(models.IntegerChoices):
        REGION = 1, _("Region")
        MANTIKA = 2, _("Mantika (district)")
        BALADIYA = 3, _("Baladiya (municipality)")
        MUHALLA = 4, _("Muhalla (neighbourhood)")

    class Source(models.TextChoices):
        COD_AB = "cod_ab", _("OCHA COD-AB")
        LOCAL = "local", _("Added in Sanad")

    pcode = models.CharField(
        _("P-code"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z]{2}[0-9A-Z]{2,16}$", _("A P-code is two capital letters then digits."))
        ],
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.LOCAL)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["pcode"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="admin_unit_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.pcode})"

    def ancestors(self) -> list[AdminUnit]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Site(BaseModel):
    class Type(models.TextChoices):
        DETENTION_CENTRE = "detention_centre", _("Detention centre")
        DISEMBARKATION_POINT = "disembarkation_point", _("Disembarkation point")
        URBAN_COMMUNITY = "urban_community", _("Urban community")
        SHELTER = "shelter", _("Shelter / collective centre")
        HEALTH_FACILITY = "health_facility", _("Health facility")
        MRRM_BASE = "mrrm_base", _("MRRM base")
        FLOW_MONITORING_POINT = "flow_monitoring_point", _("Flow-monitoring point")
        BORDER_CROSSING = "border_crossing", _("Border crossing")
        SCHOOL = "school", _("School")
        OTHER = "other", _("Other")

    site_type = models.CharField(_("type"), max_length=30, choices=Type.choices, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    admin_unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="sites", verbose_name=_("administrative unit")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="site_coordinates_both_or_neither",
            ),
        ]

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "en").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name_en

    def __str__(self) -> str:
        return self.name
