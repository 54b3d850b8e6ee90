"""Case management: cases, their status history, plans, follow-ups, notes, approvals, services.

A case belongs to one person and is held by a unit and a team; its owner (and any co-caseworkers)
work it. Sensitive cases (GBV, VoT, child protection, or flagged) are visible only to the assigned
caseworkers, the team leader of the case's team and the named focal points — see
``sanad.cases.access``. Free text about a case (notes) is encrypted at rest (``sanad.cases.crypto``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel
from sanad.core.permissions import Scope


class CaseType(models.TextChoices):
    PROTECTION = "protection", _("Protection")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    GBV = "gbv", _("Gender-based violence (GBV)")
    VOT = "vot", _("Victim of trafficking (VoT)")
    MHPSS = "mhpss", _("Mental health and psychosocial support (MHPSS)")
    MEDICAL = "medical", _("Medical follow-up")


# Case types that are sensitive whatever the flag says.
ALWAYS_SENSITIVE_TYPES = frozenset({CaseType.GBV, CaseType.VOT, CaseType.CHILD_PROTECTION})


class CaseStatus(models.TextChoices):
    OPENED = "opened", _("Opened")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Case plan")
    IMPLEMENTATION = "implementation", _("Services and follow-ups")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


ACTIVE_STATUSES = frozenset(
    {
        CaseStatus.OPENED,
        CaseStatus.ASSESSMENT,
        CaseStatus.PLANNING,
        CaseStatus.IMPLEMENTATION,
        CaseStatus.CLOSURE_REQUESTED,
        CaseStatus.REOPENED,
    }
)


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class OpenedFrom(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    SCREENING = "screening", _("Screening")
    REFERRAL = "referral", _("Referral")
    HELPLINE = "helpline", _("Helpline")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Case plan goals met")
    NO_LONGER_AT_RISK = "no_longer_at_risk", _("No longer at risk")
    RETURNED = "returned", _("Returned to the country of origin")
    RESETTLED = "resettled", _("Resettled or relocated")
    MOVED = "moved", _("Moved out of the area")
    TRANSFERRED = "transferred", _("Transferred to another agency")
    LOST_CONTACT = "lost_contact", _("Lost contact")
    DECLINED = "declined", _("The person declined further services")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class Case(BaseModel):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    case_type = models.CharField(_("case type"), max_length=20, choices=CaseType.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPENED
    )
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_(
            "Visible only to the assigned caseworkers, their team leader and the named focal points. "
            "GBV, trafficking and child-protection cases are always sensitive."
        ),
    )
    opened_from = models.CharField(
        _("opened from"), max_length=20, choices=OpenedFrom.choices, default=OpenedFrom.REGISTRATION
    )

    # Who holds the case (scope) and who works it.
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "core.Unit", on_delete=models.PROTECT, related_name="cases", verbose_name=_("unit")
    )
    team = models.ForeignKey(
        "core.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("team"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_cases",
        verbose_name=_("caseworker"),
    )
    # Everybody assigned to the case, the owner included (the service keeps the owner in).
    caseworkers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned caseworkers"),
    )

    # The screening or assessment the case was opened from (assessments also point to their case).
    source_assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opened_cases",
        verbose_name=_("opened from the assessment"),
    )

    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    # The last contact with the person (a service delivered or a follow-up done): the supervisor's
    # "high-risk without contact for N days" works on it.
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)

    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    scope_paths = {
        Scope.OWN: "caseworkers",
        Scope.TEAM: "team",
        Scope.UNIT: "unit",
        Scope.AGENCY: "agency",
    }

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["agency", "status"], name="case_agency_status"),
            models.Index(fields=["team", "status"], name="case_team_status"),
            models.Index(fields=["risk_level", "last_contact_at"], name="case_risk_contact"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_sensitive(self) -> bool:
        return self.sensitive or self.case_type in ALWAYS_SENSITIVE_TYPES


class CaseStatusChange(models.Model):
    """One row per transition: the case's status history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    transition = models.CharField(_("transition"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=CaseStatus.choices)
    # A short reason (a closure reason code, "plan approved", …); narratives go into the notes.
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case status change")
        verbose_name_plural = _("case status changes")

    def __str__(self) -> str:
        return f"{self.case} {self.from_status} → {self.to_status}"


# ---------------------------------------------------------------------------------------------
# Configuration: approvals and escalation per unit and case type; focal points
# ---------------------------------------------------------------------------------------------
class CaseSetting(BaseModel):
    """How a unit works a case type. A row with a blank case type is the unit's default."""

    unit = models.ForeignKey(
        "core.Unit", on_delete=models.CASCADE, related_name="case_settings", verbose_name=_("unit")
    )
    case_type = models.CharField(_("case type"), max_length=20, choices=CaseType.choices, blank=True)
    plan_approval_required = models.BooleanField(_("plan approval required"), default=False)
    closure_approval_required = models.BooleanField(_("closure approval required"), default=True)
    high_risk_no_contact_days = models.PositiveSmallIntegerField(
        _("high-risk no-contact days"),
        default=7,
        help_text=_("A high-risk case without contact for this many days is escalated to the team leader."),
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    scope_paths = {Scope.UNIT: "unit", Scope.AGENCY: "unit__agency"}

    class Meta:
        ordering = ["unit__name_en", "case_type"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "case_type"], name="case_setting_unique_per_unit_type")
        ]
        verbose_name = _("case setting")
        verbose_name_plural = _("case settings")

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_case_type_display() or _('all case types')}"


class FocalPoint(BaseModel):
    """A named user who may see the sensitive cases of a unit and case type."""

    unit = models.ForeignKey(
        "core.Unit", on_delete=models.CASCADE, related_name="case_focal_points", verbose_name=_("unit")
    )
    case_type = models.CharField(_("case type"), max_length=20, choices=CaseType.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="case_focal_points",
        verbose_name=_("focal point"),
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    scope_paths = {Scope.UNIT: "unit", Scope.AGENCY: "unit__agency"}

    class Meta:
        ordering = ["unit__name_en", "case_type"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "case_type", "user"], name="case_focal_point_unique"),
        ]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return f"{self.user} — {self.unit} / {self.get_case_type_display()}"


# ---------------------------------------------------------------------------------------------
# Case plan: goals and actions
# ---------------------------------------------------------------------------------------------
class CasePlan(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_on = models.DateField(_("review date"), null=True, blank=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="case_plan_version_unique")]
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")

    def __str__(self) -> str:
        return f"{self.case} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class CaseGoal(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    need = models.CharField(_("need"), max_length=30, blank=True)  # a core.needs.Need code
    achieved = models.BooleanField(_("achieved"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description


class CaseAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(CaseGoal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_actions",
        verbose_name=_("responsible"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.description


# ---------------------------------------------------------------------------------------------
# Follow-ups and tasks
# ---------------------------------------------------------------------------------------------
class FollowUp(BaseModel):
    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Follow-up with the person")
        TASK = "task", _("Task")
        # Created by the daily job for the team leader when a high-risk case has had no contact.
        ESCALATION = "escalation", _("High-risk case without contact")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FOLLOW_UP)
    title = models.CharField(_("what"), max_length=200)
    due_at = models.DateTimeField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_followups",
        verbose_name=_("assigned to"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    # Set by the daily job when a pending follow-up passes its due time (for counts and reports).
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["assigned_to", "status", "due_at"], name="followup_assignee_due")]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------------------------
# Notes (encrypted), approvals, consent and transfers, best-interests determination
# ---------------------------------------------------------------------------------------------
class CaseNote(BaseModel):
    class Kind(models.TextChoices):
        NOTE = "note", _("Case note")
        OPENING = "opening", _("Reason for opening")
        CLOSURE = "closure", _("Closure")
        REOPENING = "reopening", _("Reopening")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A Fernet token (sanad.cases.crypto); never the plain text.
    body_encrypted = models.TextField(_("text (encrypted)"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    @property
    def body(self) -> str:
        from sanad.cases.crypto import decrypt_text

        return decrypt_text(self.body_encrypted)

    @property
    def readable_body(self) -> str | None:
        """The text, or None when no configured key decrypts it (shown as such, never a crash)."""
        from sanad.cases.crypto import UnreadableText

        try:
            return self.body
        except UnreadableText:
            return None


class CaseApproval(BaseModel):
    class Kind(models.TextChoices):
        PLAN = "plan", _("Case plan")
        CLOSURE = "closure", _("Closure")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(status="pending"),
                name="case_approval_one_pending_per_kind",
            )
        ]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} ({self.get_status_display()})"


class CaseConsent(BaseModel):
    class Purpose(models.TextChoices):
        TRANSFER_CASEWORKER = "transfer_caseworker", _("Transfer to another caseworker")
        TRANSFER_AGENCY = "transfer_agency", _("Transfer to another agency")
        SHARE_INFORMATION = "share_information", _("Share case information with service providers")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("for what"), max_length=30, choices=Purpose.choices)
    given_by = models.CharField(
        _("given by"), max_length=150, help_text=_("The person, or their parent or guardian.")
    )
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("case consent")
        verbose_name_plural = _("case consents")

    def __str__(self) -> str:
        return f"{self.case} {self.get_purpose_display()}"


class CaseTransfer(BaseModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    consent = models.ForeignKey(CaseConsent, on_delete=models.PROTECT, related_name="transfers")
    transferred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey(
        "core.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")


class BestInterestsDetermination(BaseModel):
    """The BID panel's decision for a child (child-protection cases)."""

    class Recommendation(models.TextChoices):
        FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
        ALTERNATIVE_CARE = "alternative_care", _("Alternative care in Libya")
        VOLUNTARY_RETURN = "voluntary_return", _("Voluntary return to the country of origin")
        RESETTLEMENT = "resettlement", _("Resettlement or complementary pathway")
        LOCAL_INTEGRATION = "local_integration", _("Local integration")
        OTHER = "other", _("Other durable solution")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="bids")
    panel_date = models.DateField(_("panel date"))
    panel_members = models.JSONField(
        _("panel members"), default=list, help_text=_("Names and functions of the panel members.")
    )
    recommendation = models.CharField(_("recommendation"), max_length=30, choices=Recommendation.choices)
    # The panel's reasoning is sensitive free text: encrypted like case notes.
    decision_encrypted = models.TextField(_("decision (encrypted)"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-panel_date", "-id"]
        verbose_name = _("best-interests determination")
        verbose_name_plural = _("best-interests determinations")

    @property
    def decision(self) -> str:
        from sanad.cases.crypto import decrypt_text

        return decrypt_text(self.decision_encrypted)


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
    notes_encrypted = models.TextField(_("notes (encrypted)"), blank=True)

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

    @property
    def notes(self) -> str:
        from sanad.cases.crypto import decrypt_text

        return decrypt_text(self.notes_encrypted) if self.notes_encrypted else ""
