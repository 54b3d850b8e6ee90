"""Instruments (XLSForm-defined, versioned), assessments recorded with them, and safety alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.core.fields import EncryptedTextField
from sanad.core.models import BaseModel, LocalizedNameMixin
from sanad.core.permissions import Scope
from sanad.core.scoping import Sensitivity


class Domain(models.TextChoices):
    SCREENING = "screening", _("Screening")
    MHPSS = "mhpss", _("Mental health and psychosocial support")
    PROTECTION = "protection", _("Protection")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    MONITORING = "monitoring", _("Monitoring")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Instrument(BaseModel, LocalizedNameMixin):
    """A questionnaire (MRRM screening, PHQ-9, ...). Its questions live in its versions."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Answers and results are seen only by the roles of the instrument's domain."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["domain", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    @property
    def active_version(self) -> InstrumentVersion | None:
        # Uses the prefetched versions when the selector prefetched them.
        versions = [v for v in self.versions.all() if v.is_active]
        return versions[0] if versions else None


def _version_upload_to(instance: InstrumentVersion, filename: str) -> str:
    return f"instruments/{instance.instrument.code}/{instance.version}/{filename}"


class InstrumentVersion(BaseModel):
    """One uploaded XLSForm of an instrument. Assessments stay tied to the version they used."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(_("version"), max_length=60)
    file = models.FileField(_("XLSForm file"), upload_to=_version_upload_to, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    file_sha256 = models.CharField(max_length=64)
    definition = models.JSONField(_("definition"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["instrument__code", "-created_at"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "version"], name="instrument_version_unique"),
            models.UniqueConstraint(
                fields=["instrument"],
                condition=models.Q(is_active=True),
                name="instrument_one_active_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.version}"

    @property
    def uploaded_at(self):
        return self.created_at


SENSITIVE_DOMAINS = (Domain.MHPSS, Domain.PROTECTION, Domain.CHILD_PROTECTION)


def _alerted_to(actor) -> Q:
    """The assessments whose safety alert names the actor."""
    return Q(
        Exists(
            SafetyAlert.recipients.through.objects.filter(
                safetyalert__assessment=OuterRef("pk"), user_id=actor.pk
            )
        )
    )


def _assessment_readers(actor, action: str) -> Q:
    """A sensitive assessment in scope: who recorded it, the recipients of its safety alert, and
    the holders of "assessments.see_<its domain>" in a scope covering it."""
    from sanad.core.permissions import scope_for
    from sanad.core.scoping import scope_q

    condition = Q(recorded_by=actor.pk) | _alerted_to(actor)
    for domain in SENSITIVE_DOMAINS:
        scope = scope_for(actor, f"assessments.see_{domain}")
        if scope is None:
            continue
        in_scope = scope_q(Assessment, actor, scope)
        domain_q = Q(sensitivity_domain=domain)
        condition |= domain_q & in_scope if in_scope is not None else domain_q
    return condition


def _assessment_beyond_scope(actor, action: str) -> Q | None:
    """What a safety alert was addressed to the actor about, whatever their scope."""
    return _alerted_to(actor) if action == "assessments.view" else None


class Assessment(BaseModel):
    """One administration of an instrument version to one person: answers, computed values, result."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="assessments")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    answers = models.JSONField(_("answers"), default=dict)
    values = models.JSONField(_("computed values"), default=dict)
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=2, null=True, blank=True)
    scores = models.JSONField(_("sub-scores"), default=dict, blank=True)
    band = models.CharField(_("band"), max_length=40, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    suggested_referrals = models.JSONField(_("suggested referrals"), default=list, blank=True)
    suggested_assistance = models.JSONField(_("suggested assistance"), default=list, blank=True)
    safety_alert = models.BooleanField(_("safety alert"), default=False)
    # Decided when recorded, so lists, counts and filters need no join: sensitive when the
    # instrument is, or when the result discloses violence or trafficking (PROTECTION_DISCLOSURE_FLAGS).
    # ``sensitivity_domain`` names the "assessments.see_<domain>" action that lifts the restriction
    # (the instrument's domain, or "protection" for a disclosure); blank when not sensitive.
    sensitive = models.BooleanField(_("sensitive"), default=False)
    sensitivity_domain = models.CharField(
        _("sensitivity domain"), max_length=20, choices=Domain.choices, blank=True
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments"
    )

    scope_paths = {Scope.OWN: "recorded_by", Scope.TEAM: "team", Scope.UNIT: "unit", Scope.AGENCY: "agency"}
    sensitivity = Sensitivity(
        marked=Q(sensitive=True),
        readers=_assessment_readers,
        beyond_scope=_assessment_beyond_scope,
        is_sensitive=lambda assessment: assessment.sensitive,
        read_action="assessments.assessment.read",
    )

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(fields=["person", "instrument", "-recorded_at"], name="assessment_person_latest"),
            models.Index(fields=["agency", "-recorded_at"], name="assessment_agency_recent"),
            models.Index(fields=["team", "-recorded_at"], name="assessment_team_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.recorded_at:%Y-%m-%d}"


# Flags whose disclosure makes an assessment sensitive (protection domain) and that an assessment
# only *proposes*: a protection caseworker or team leader confirms them before they reach the person.
PROTECTION_DISCLOSURE_FLAGS = ("gbv_survivor", "vot", "survivor_of_violence")


def sensitivity_for(instrument: Instrument, flags) -> tuple[bool, str]:
    """(sensitive, domain) of an assessment of ``instrument`` whose result has ``flags``."""
    if instrument.sensitive:
        return True, instrument.domain
    if set(flags or []) & set(PROTECTION_DISCLOSURE_FLAGS):
        return True, Domain.PROTECTION
    return False, ""


class FlagProposal(BaseModel):
    """A vulnerability flag an assessment proposes and a protection worker confirms or dismisses."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="flag_proposals")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    flag = models.CharField(_("flag"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = EncryptedTextField(_("reason"), blank=True)

    class Meta:
        ordering = ["created_at", "flag"]
        verbose_name = _("flag proposal")
        verbose_name_plural = _("flag proposals")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "flag"], name="flag_proposal_unique"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="flag_proposal_status")]

    def __str__(self) -> str:
        return f"{self.flag} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PROPOSED

    def get_flag_display(self) -> str:
        from sanad.registry.models import VulnerabilityFlag

        return str(dict(VulnerabilityFlag.choices).get(self.flag, self.flag))


class SafetyAlert(BaseModel):
    """Raised when an assessment's ``safety_alert`` is true (PHQ-9 item 9 above 0)."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="alert")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="safety_alerts")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledgement_note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("safety alert")
        verbose_name_plural = _("safety alerts")

    def __str__(self) -> str:
        return f"{self.assessment} alert"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None
