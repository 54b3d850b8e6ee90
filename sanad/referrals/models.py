"""The service directory (providers, services, referral pathways) and referrals.

A referral carries a *snapshot* of what the sender chose to share, taken when it is sent: the
receiving side reads that snapshot, never the live person record. Its status history is kept as
``ReferralEvent`` rows (who, when, what); SLA escalations as the deadline kit's ``DeadlineNotice`` rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from sanad.core.fields import EncryptedTextField
from sanad.core.models import BaseModel, LocalizedNameMixin
from sanad.core.needs import Need
from sanad.core.permissions import Scope
from sanad.core.scoping import Sensitivity


def _localized(instance, stem: str) -> str:
    language = (get_language() or "en")[:2]
    return getattr(instance, f"{stem}_{language}", "") or getattr(instance, f"{stem}_en", "")


# ---------------------------------------------------------------------------------------------
# Service directory
# ---------------------------------------------------------------------------------------------
class ServiceProvider(BaseModel, LocalizedNameMixin):
    """An organisation that offers services: an agency in Sanad or an organisation outside it."""

    class Kind(models.TextChoices):
        SANAD_AGENCY = "sanad_agency", _("Agency working in Sanad")
        EXTERNAL = "external", _("Organisation outside Sanad")

    class OrganisationType(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        INTERNATIONAL_NGO = "international_ngo", _("International NGO")
        NATIONAL_NGO = "national_ngo", _("National NGO")
        GOVERNMENT = "government", _("Government")
        RED_CRESCENT = "red_crescent", _("Red Crescent / Red Cross")
        PRIVATE = "private", _("Private provider")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EXTERNAL)
    organisation_type = models.CharField(
        _("type of organisation"),
        max_length=30,
        choices=OrganisationType.choices,
        default=OrganisationType.OTHER,
    )
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_providers",
        verbose_name=_("agency in Sanad"),
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_is_public = models.BooleanField(
        _("contact shown in the public directory"),
        default=False,
        help_text=_(
            "Tick only for an office contact meant for the public, never a staff member's own phone."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="external") | models.Q(agency__isnull=False),
                name="provider_sanad_agency_has_agency",
            )
        ]

    @property
    def is_external(self) -> bool:
        return self.kind == self.Kind.EXTERNAL


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class EligibleSex(models.TextChoices):
    ANY = "any", _("Everyone")
    FEMALE = "F", _("Women and girls")
    MALE = "M", _("Men and boys")


class ReferralService(BaseModel, LocalizedNameMixin):
    """One service of the directory: what, by whom, where, for whom, when, how to reach it."""

    need = models.CharField(_("type of service"), max_length=30, choices=Need.choices, db_index=True)
    provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="services", verbose_name=_("provider")
    )
    unit = models.ForeignKey(
        "core.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral_services",
        verbose_name=_("receiving unit"),
        help_text=_("The unit of a Sanad agency that receives the referrals to this service."),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        related_name="referral_services",
        verbose_name=_("municipality"),
    )
    sites = models.ManyToManyField(
        "geo.Site", blank=True, related_name="referral_services", verbose_name=_("sites")
    )
    catchment = models.ManyToManyField(
        "geo.AdminUnit",
        blank=True,
        related_name="referral_services_covering",
        verbose_name=_("catchment area"),
        help_text=_("Other areas whose people this service accepts (regions, districts or municipalities)."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    population_groups = models.JSONField(_("population groups"), default=list, blank=True)
    eligible_sex = models.CharField(
        _("sex"), max_length=3, choices=EligibleSex.choices, default=EligibleSex.ANY
    )
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_is_public = models.BooleanField(_("contact shown in the public directory"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("New people the service can take per month.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="service_age_range_ordered",
            )
        ]

    @property
    def description(self) -> str:
        return _localized(self, "description")

    @property
    def receiving_agency_id(self) -> int | None:
        return self.provider.agency_id if self.provider.kind == ServiceProvider.Kind.SANAD_AGENCY else None

    @property
    def is_active(self) -> bool:
        return self.status == ServiceStatus.ACTIVE

    def language_names(self) -> list[str]:
        """The languages spoken, by name in the reader's language (codes are stored)."""
        from sanad.referrals.forms import LANGUAGE_CHOICES

        names = dict(LANGUAGE_CHOICES)
        return [str(names.get(code, code)) for code in self.languages or []]

    def population_group_names(self) -> list[str]:
        from sanad.registry.models import PopulationGroup

        names = dict(PopulationGroup.choices)
        return [str(names.get(code, code)) for code in self.population_groups or []]

    def eligibility_text(self) -> str:
        parts = []
        if self.eligible_sex != EligibleSex.ANY:
            parts.append(str(self.get_eligible_sex_display()))
        low, high = self.age_min, self.age_max
        if low is not None and high is not None:
            parts.append(gettext("aged %(low)s–%(high)s") % {"low": low, "high": high})
        elif low is not None:
            parts.append(gettext("aged %(low)s and over") % {"low": low})
        elif high is not None:
            parts.append(gettext("aged up to %(high)s") % {"high": high})
        return " · ".join(parts)


class ReferralPathway(BaseModel, LocalizedNameMixin):
    """For a need and a place, the services to refer to, in order."""

    need = models.CharField(_("need"), max_length=30, choices=Need.choices, db_index=True)
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral_pathways",
        verbose_name=_("place"),
        help_text=_("Leave empty for the nationwide pathway."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["need", "name_en"]
        verbose_name = _("referral pathway")
        verbose_name_plural = _("referral pathways")


class PathwayStep(models.Model):
    pathway = models.ForeignKey(ReferralPathway, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    service = models.ForeignKey(ReferralService, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["pathway", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "service"], name="pathway_step_service_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.service}"


# ---------------------------------------------------------------------------------------------
# Referrals
# ---------------------------------------------------------------------------------------------
class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class SharedField(models.TextChoices):
    """What the sender may add to the minimal set (reference, first name, sex, age, need, urgency)."""

    FULL_NAME = "full_name", _("Full name")
    PHONE = "phone", _("Phone")
    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    NATIONALITY = "nationality", _("Nationality")
    FLAGS = "flags", _("Vulnerability flags")
    CASE_SUMMARY = "case_summary", _("Case summary")
    ASSESSMENT = "assessment", _("Assessment results")


SENSITIVE_NEEDS = frozenset({Need.PROTECTION_GBV, Need.PROTECTION_CHILD, Need.PROTECTION_TRAFFICKING})


class Referral(BaseModel):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        SERVICE_STARTED = "service_started", _("Service started")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    class Source(models.TextChoices):
        PERSON = "person", _("Person record")
        CASE = "case", _("Case")
        SCREENING = "screening", _("Screening")
        HELPLINE = "helpline", _("Helpline ticket")
        CONSULTATION = "consultation", _("Consultation")

    OPEN_STATUSES = (Status.SENT, Status.RECEIVED, Status.ACCEPTED, Status.SERVICE_STARTED)
    CLOSED_STATUSES = (Status.DECLINED, Status.COMPLETED, Status.CANCELLED, Status.EXPIRED)

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(_("created from"), max_length=20, choices=Source.choices, default=Source.PERSON)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("case"),
    )
    # The case the receiving unit opened for this referral.
    receiver_case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("screening"),
    )
    ticket = models.ForeignKey(
        "feedback.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("helpline ticket"),
    )
    # The ticket's UUID as given by the caller, kept even when the ticket is not visible.
    ticket_uuid = models.UUIDField(_("helpline ticket"), null=True, blank=True)
    service = models.ForeignKey(ReferralService, on_delete=models.PROTECT, related_name="referrals")
    # The receiving side, fixed at send time (the directory may change later).
    receiving_agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiving_unit = models.ForeignKey(
        "core.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_external = models.BooleanField(_("partner outside Sanad"), default=False)
    is_inter_agency = models.BooleanField(_("inter-agency"), default=False)
    # The sending side.
    sending_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    sending_unit = models.ForeignKey(
        "core.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sending_team = models.ForeignKey(
        "core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    # Narratives about the person are encrypted at rest.
    reason = EncryptedTextField(_("reason for referral"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    needs = models.JSONField(_("needs"), default=list)
    shared_fields = models.JSONField(_("information shared"), default=list, blank=True)
    case_summary = EncryptedTextField(_("case summary"), blank=True)
    # What the receiving side sees: taken at send time, never refreshed from the person.
    shared_snapshot = models.JSONField(default=dict)
    # GBV, child protection and trafficking referrals: only their sender, users with sensitive
    # access in the sender's scope and the receiving side see them; every read is logged.
    sensitive = models.BooleanField(_("sensitive"), default=False)

    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_given_by = models.CharField(_("consent given by"), max_length=150, blank=True)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    consent_purpose = models.CharField(_("purpose of the consent"), max_length=300, blank=True)
    consent_agency = models.CharField(_("agency the consent covers"), max_length=200, blank=True)
    emergency_override = models.BooleanField(_("emergency override of consent"), default=False)
    override_reason = EncryptedTextField(_("why consent could not be obtained"), blank=True)
    override_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_reviewed_at = models.DateTimeField(null=True, blank=True)
    override_review_note = models.TextField(_("review note"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT, db_index=True
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    acknowledge_due_at = models.DateTimeField(_("acknowledgement due"), db_index=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    service_started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_reason = models.TextField(_("reason"), blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    # The person registered in the receiving unit from the shared fields (when opened there).
    receiver_person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Bumped to revoke every external link issued so far.
    link_version = models.PositiveIntegerField(default=0)
    external_contact_email = models.EmailField(_("partner e-mail"), blank=True)

    # Sender-side scope; the receiving side is added by the selectors.
    scope_paths = {
        Scope.OWN: "created_by",
        Scope.TEAM: "sending_team",
        Scope.UNIT: "sending_unit",
        Scope.AGENCY: "sending_agency",
    }
    # On the sending side a sensitive referral is read only by its sender and by users with
    # sensitive access in the sender's scope (core.scoping); the receiving side is added by the
    # selectors.
    sensitivity = Sensitivity(
        marked=Q(sensitive=True),
        readers=lambda actor, action: (
            Q() if getattr(actor, "sensitive_access", False) else Q(created_by=actor.pk)
        ),
        is_sensitive=lambda referral: referral.sensitive,
        read_action="referrals.referral.read",
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["status", "acknowledge_due_at"], name="referral_status_due"),
            models.Index(fields=["receiving_agency", "status"], name="referral_receiver_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.SENT and self.acknowledge_due_at < timezone.now()

    def needs_display(self) -> list[str]:
        labels = dict(Need.choices)
        return [str(labels.get(code, code)) for code in self.needs]


class ReferralEvent(models.Model):
    """One step of a referral's history."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Referral.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An external partner answering through a link has no account: the name they gave.
    by_external = models.CharField(max_length=150, blank=True)
    by_agency = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.status} {self.at:%Y-%m-%d %H:%M}"

    @property
    def who(self) -> str:
        if self.by_id:
            return self.by.get_full_name() or self.by.username
        return self.by_external
