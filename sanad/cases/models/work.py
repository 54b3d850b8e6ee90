"""Work on a case: plans (goals, actions), follow-ups, notes (encrypted), approvals, consent and
transfers, best-interests determinations."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.cases.models.case import (
    Case,
    ClosureReason,
)
from sanad.core.fields import EncryptedTextField
from sanad.core.models import BaseModel


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

    @property
    def need_label(self) -> str:
        from sanad.core.needs import Need

        return str(Need(self.need).label) if self.need in Need.values else self.need


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
    # Stored as a Fernet token (sanad.core.fields); never the plain text.
    body = EncryptedTextField(_("text"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    @property
    def readable_body(self) -> str | None:
        """The text, or None when no configured key decrypts it (shown as such, never a crash)."""
        from sanad.core.crypto import UnreadableText

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
    # Who is asked to decide, chosen when the request is made (cases.services.approvals): the
    # team's leaders, or up the escalation chain when the team has none who may approve.
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="case_approvals_to_decide",
        verbose_name=_("approvers"),
    )
    routed_to = models.CharField(_("routed to"), max_length=30, blank=True)

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

    @property
    def routed_label(self) -> str:
        """Why the approvers are who they are, when the request went up the escalation chain."""
        from sanad.core.escalation import LEVEL_LABELS, TEAM_LEADERS

        if not self.routed_to or self.routed_to == TEAM_LEADERS:
            return ""
        return str(LEVEL_LABELS.get(self.routed_to, ""))


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
    decision = EncryptedTextField(_("decision"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-panel_date", "-id"]
        verbose_name = _("best-interests determination")
        verbose_name_plural = _("best-interests determinations")
