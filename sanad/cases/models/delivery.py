"""Individual services delivered to a person, with or without a case."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.cases.models.case import (
    Case,
)
from sanad.core.fields import EncryptedTextField
from sanad.core.models import BaseModel
from sanad.core.permissions import Scope


# ---------------------------------------------------------------------------------------------
# Services delivered to a person
# ---------------------------------------------------------------------------------------------
class ServiceType(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling session")
    PFA = "pfa", _("Psychological first aid")
    PSYCHOEDUCATION = "psychoeducation", _("Psychoeducation")
    PSYCHIATRIC_CONSULTATION = "psychiatric_consultation", _("Psychiatric consultation")
    LEGAL_COUNSELLING = "legal_counselling", _("Legal counselling")
    FAMILY_TRACING = "family_tracing", _("Family tracing step")
    MEDICAL_FOLLOW_UP = "medical_follow_up", _("Medical consultation follow-up")
    CASE_CONFERENCE = "case_conference", _("Case conference")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment to a service")
    HOME_VISIT = "home_visit", _("Home or shelter visit")
    OTHER = "other", _("Other individual service")


# Which need (core.needs) each service answers, so reporting counts them under one vocabulary.
SERVICE_NEED = {
    ServiceType.COUNSELLING: "mhpss",
    ServiceType.PFA: "mhpss",
    ServiceType.PSYCHOEDUCATION: "mhpss",
    ServiceType.PSYCHIATRIC_CONSULTATION: "health_psychiatric",
    ServiceType.LEGAL_COUNSELLING: "protection_legal",
    ServiceType.FAMILY_TRACING: "family_tracing",
    ServiceType.MEDICAL_FOLLOW_UP: "health_primary",
    ServiceType.CASE_CONFERENCE: "protection_general",
    ServiceType.ACCOMPANIMENT: "protection_general",
    ServiceType.HOME_VISIT: "protection_general",
    ServiceType.OTHER: "other",
}


# Services that are sensitive whatever the case: mental-health treatment. Any other service can be
# marked sensitive when recorded (e.g. counselling a GBV or trafficking survivor without a case),
# and every service of a sensitive case is sensitive.
SENSITIVE_SERVICE_TYPES = frozenset({ServiceType.PSYCHIATRIC_CONSULTATION})


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote (helpline / phone)")


class ServiceDelivery(BaseModel):
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="services_delivered",
        verbose_name=_("person"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("case"),
    )
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    need = models.CharField(_("need"), max_length=30)  # a core.needs.Need code, from SERVICE_NEED
    delivered_at = models.DateTimeField(_("when"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices)
    site = models.ForeignKey(
        "geo.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Seen only by who delivered it, their team leader and those who may see its case."),
    )

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    scope_paths = {
        Scope.OWN: "delivered_by",
        Scope.TEAM: "team",
        Scope.UNIT: "unit",
        Scope.AGENCY: "agency",
    }

    class Meta:
        ordering = ["-delivered_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "delivered_at"], name="service_agency_when"),
            models.Index(fields=["service_type", "delivered_at"], name="service_type_when"),
        ]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    def __str__(self) -> str:
        return f"{self.get_service_type_display()} {self.delivered_at:%Y-%m-%d}"
