"""Post-distribution monitoring: a reproducible random sample of recipients and their answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel


class PdmSample(BaseModel):
    distribution = models.ForeignKey(
        "assistance.Distribution", on_delete=models.PROTECT, null=True, blank=True, related_name="pdm_samples"
    )
    cash_plan = models.ForeignKey(
        "assistance.CashPlan", on_delete=models.PROTECT, null=True, blank=True, related_name="pdm_samples"
    )
    seed = models.PositiveIntegerField(_("seed"))
    size = models.PositiveIntegerField(_("sample size"))
    population = models.PositiveIntegerField(_("recipients"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(distribution__isnull=False, cash_plan__isnull=True)
                | models.Q(distribution__isnull=True, cash_plan__isnull=False),
                name="pdm_sample_one_source",
            )
        ]


class PdmSampleMember(models.Model):
    sample = models.ForeignKey(PdmSample, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["sample", "person"], name="pdm_member_unique")]

    def __str__(self) -> str:
        return f"{self.sample_id}#{self.position}"


class PdmResponse(BaseModel):
    class Problem(models.TextChoices):
        QUALITY = "quality", _("Poor quality items")
        QUANTITY = "quantity", _("Not enough")
        WAITING = "waiting", _("Long waiting time")
        SAFETY = "safety", _("Felt unsafe going to or from the site")
        PAYMENT = "payment", _("Problem collecting the cash")
        FEES = "fees", _("Asked to pay or give something")
        INFORMATION = "information", _("Not informed in advance")
        OTHER = "other", _("Other")

    member = models.OneToOneField(PdmSampleMember, on_delete=models.PROTECT, related_name="response")
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"))
    appropriate = models.BooleanField(_("the assistance met the person's needs"))
    problems = models.JSONField(_("problems"), default=list, blank=True)
    complaint_raised = models.BooleanField(_("raised a complaint"), default=False)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    assessment_uuid = models.UUIDField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5), name="pdm_satisfaction_1_5"
            )
        ]
