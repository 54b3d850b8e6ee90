"""Cases, their status history, and their configuration: settings per unit and focal points."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel
from sanad.core.models import FocalPoint as FocalPoint  # noqa: F401  (the one focal-point model, in core)
from sanad.core.permissions import Scope, has_permission
from sanad.core.scoping import Sensitivity


class CaseType(models.TextChoices):
    PROTECTION = "protection", _("Protection")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    GBV = "gbv", _("Gender-based violence (GBV)")
    VOT = "vot", _("Victim of trafficking (VoT)")
    MHPSS = "mhpss", _("Mental health and psychosocial support (MHPSS)")
    MEDICAL = "medical", _("Medical follow-up")


# Case types that are sensitive whatever the flag says.
ALWAYS_SENSITIVE_TYPES = frozenset({CaseType.GBV, CaseType.VOT, CaseType.CHILD_PROTECTION})


SENSITIVE_CASES = Q(sensitive=True) | Q(case_type__in=sorted(ALWAYS_SENSITIVE_TYPES))

# The actions a named approver holds on the case their pending approval names them for.
NAMED_APPROVER_ACTIONS = ("cases.view", "cases.approve")


def _case_focal_point_q(actor) -> Q | None:
    """The cases of the units and types the actor is a focal point for (with sensitive access)."""
    if not getattr(actor, "sensitive_access", False):
        return None
    named = FocalPoint.objects.filter(unit=OuterRef("unit"), category=OuterRef("case_type"), user=actor.pk)
    return Q(Exists(named))


def _case_readers(actor, action: str) -> Q:
    """A sensitive case in scope: its caseworkers (owner included), the team leader of its team,
    and the focal points named for its unit and type."""
    allowed = Q(pk__in=Case.caseworkers.through.objects.filter(user_id=actor.pk).values("case_id"))
    if "team_leader" in actor.role_codes and actor.team_ids:
        allowed |= Q(team_id__in=actor.team_ids)
    focal = _case_focal_point_q(actor)
    return allowed | focal if focal is not None else allowed


def _case_beyond_scope(actor, action: str) -> Q | None:
    """Whatever their scope: the approvers a pending approval names (any case, while it waits),
    and the focal points, who see (only see) the sensitive cases of their unit and type."""
    if not has_permission(actor, action):
        return None
    extra = None
    if action in NAMED_APPROVER_ACTIONS:
        from sanad.cases.models.work import CaseApproval

        waiting = CaseApproval.approvers.through.objects.filter(
            user_id=actor.pk, caseapproval__status=CaseApproval.Status.PENDING
        )
        extra = Q(pk__in=waiting.values("caseapproval__case_id"))
    focal = _case_focal_point_q(actor) if action == "cases.view" else None
    if focal is not None:
        extra = (SENSITIVE_CASES & focal) | extra if extra is not None else SENSITIVE_CASES & focal
    return extra


class CaseStatus(models.TextChoices):
    OPENED = "opened", _("Opened")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Case plan")
    IMPLEMENTATION = "implementation", _("Services and follow-ups")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


# Every status but closed.
ACTIVE_STATUSES = frozenset(CaseStatus) - {CaseStatus.CLOSED}


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
    # A sensitive case (GBV, VoT, child protection, or flagged) is read only by the people
    # working it, their team leader and the focal points of its unit and type (core.scoping).
    sensitivity = Sensitivity(
        marked=SENSITIVE_CASES,
        readers=_case_readers,
        beyond_scope=_case_beyond_scope,
        is_sensitive=lambda case: case.is_sensitive,
        read_action="cases.case.read",
        categories=tuple(CaseType.choices),
        focal_points_per_unit=True,
    )

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
    # A short reason: a code when Sanad writes it (where the case came from, a closure reason code,
    # "plan:<version>", "plan:approved"), shown in the reader's language by ``reason_display``; or
    # the words of a person (a rejection comment). Narratives go into the notes.
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case status change")
        verbose_name_plural = _("case status changes")

    def __str__(self) -> str:
        return f"{self.case} {self.from_status} → {self.to_status}"

    @property
    def reason_display(self) -> str:
        reason = self.reason
        if self.transition == "open" and reason in OpenedFrom.values:
            return str(OpenedFrom(reason).label)
        if self.transition in ("close", "request_closure") and reason in ClosureReason.values:
            return str(ClosureReason(reason).label)
        if reason == "plan:approved":
            return str(_("Case plan approved"))
        if reason.startswith("plan:") and reason[5:].isdigit():
            return str(_("Case plan v%(v)s") % {"v": reason[5:]})
        return reason


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
