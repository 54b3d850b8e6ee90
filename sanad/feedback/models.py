"""Helpline and complaints & feedback mechanism: tickets, their history, SLA rules, call scripts,
focal points for sensitive categories (SLA reminders and escalations are core.DeadlineNotice rows)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from sanad.core.fields import EncryptedTextField
from sanad.core.models import BaseModel
from sanad.core.models import FocalPoint as FocalPoint  # noqa: F401  (the one focal-point model, in core)
from sanad.core.permissions import Scope
from sanad.core.scoping import Sensitivity


class Channel(models.TextChoices):
    HELPLINE_CALL = "helpline_call", _("Helpline call")
    WALK_IN = "walk_in", _("Walk-in")
    MOBILE_TEAM = "mobile_team", _("Mobile team")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    EMAIL = "email", _("E-mail")
    SOCIAL_MEDIA = "social_media", _("Social media")
    SMS_WHATSAPP = "sms_whatsapp", _("SMS / WhatsApp")


class Category(models.TextChoices):
    EMERGENCY_MEDICAL = "emergency_medical", _("Emergency — medical")
    EMERGENCY_PROTECTION = "emergency_protection", _("Emergency — protection")
    EMERGENCY_DETENTION = "emergency_detention", _("Emergency — detention")
    EMERGENCY_MISSING_PERSON = "emergency_missing_person", _("Emergency — missing person")
    INFORMATION_REQUEST = "information_request", _("Information request")
    ASSISTANCE_REQUEST = "assistance_request", _("Request for assistance")
    COMPLAINT_SERVICE = "complaint_service", _("Complaint about a service")
    COMPLAINT_STAFF = "complaint_staff", _("Complaint about staff")
    FEEDBACK = "feedback", _("Feedback / appreciation")
    MHPSS_COUNSELLING = "mhpss_counselling", _("MHPSS remote counselling session")
    PSEA = "psea", _("Sexual exploitation and abuse (PSEA)")
    FRAUD = "fraud", _("Fraud / corruption")
    DATA_BREACH = "data_breach", _("Data breach")


EMERGENCY_CATEGORIES = frozenset(
    {
        Category.EMERGENCY_MEDICAL,
        Category.EMERGENCY_PROTECTION,
        Category.EMERGENCY_DETENTION,
        Category.EMERGENCY_MISSING_PERSON,
    }
)
# Seen only by the focal points named for the category (see selectors).
SENSITIVE_CATEGORIES = frozenset({Category.PSEA, Category.FRAUD, Category.DATA_BREACH})
# Closing one of these needs the outcome communicated back and the satisfaction question, or a
# reason why the complainant cannot be reached.
COMPLAINT_CATEGORIES = frozenset(
    {
        Category.COMPLAINT_SERVICE,
        Category.COMPLAINT_STAFF,
        Category.PSEA,
        Category.FRAUD,
        Category.DATA_BREACH,
    }
)


SENSITIVE_TICKETS = Q(category__in=sorted(SENSITIVE_CATEGORIES))


def focal_point_pairs(actor) -> frozenset[tuple[int, str]]:
    """(agency id, category) of every sensitive category the actor is a focal point for."""
    if actor is None or not getattr(actor, "pk", None):
        return frozenset()
    cached = getattr(actor, "_focal_point_pairs", None)
    if cached is None:
        cached = frozenset(
            FocalPoint.objects.filter(
                user=actor.pk, unit__isnull=True, category__in=sorted(SENSITIVE_CATEGORIES)
            ).values_list("agency_id", "category")
        )
        actor._focal_point_pairs = cached
    return cached


def without_focal_point_q() -> Q:
    """Sensitive tickets whose agency has no focal point for their category, other than the staff
    member the ticket is about: nobody named is left to open them."""
    points = FocalPoint.objects.filter(
        unit__isnull=True, user__is_active=True, agency=OuterRef("agency"), category=OuterRef("category")
    )
    return (Q(staff_member__isnull=True) & ~Exists(points)) | (
        Q(staff_member__isnull=False) & ~Exists(points.exclude(user=OuterRef("staff_member")))
    )


def _ticket_readers(actor, action: str) -> Q:
    """A sensitive ticket: its assignee, the focal points of its category in its agency, and —
    so that it always has someone who can open it — the administrators when it was routed to
    them or no focal point is left: system administrators anywhere, agency administrators in
    their agency."""
    condition = Q(assigned_to=actor.pk)
    for agency_id, category in focal_point_pairs(actor):
        condition |= Q(agency_id=agency_id, category=category)
    roles = actor.role_codes
    fallback = Q(routed_to_admins=True) | without_focal_point_q()
    if "system_admin" in roles:
        condition |= fallback
    elif "agency_admin" in roles and actor.agency_id:
        condition |= Q(agency_id=actor.agency_id) & fallback
    return condition


class Priority(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


PRIORITY_RANK = {Priority.CRITICAL: 0, Priority.HIGH: 1, Priority.MEDIUM: 2, Priority.LOW: 3}


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.WAITING)


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS_WHATSAPP = "sms_whatsapp", _("SMS / WhatsApp")
    IN_PERSON = "in_person", _("In person")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter / notice board")
    OTHER = "other", _("Other")


class UnreachableReason(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous — no way to reach the person")
    UNREACHABLE = "unreachable", _("Could not be reached after several attempts")
    DECLINED = "declined", _("Did not want to be contacted again")


class Ticket(BaseModel):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, db_index=True)
    priority = models.CharField(
        _("urgency"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    # Free text is encrypted at rest (complaint narratives: PSEA, fraud, staff conduct).
    description = EncryptedTextField(_("what the person said"))
    language = models.CharField(_("language of the call"), max_length=5, blank=True)

    # Where.
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    site = models.ForeignKey(
        "geo.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("site")
    )

    # Who called.
    anonymous = models.BooleanField(_("anonymous caller"), default=False)
    caller_name = models.CharField(_("caller's name"), max_length=200, blank=True)
    caller_phone = models.CharField(_("caller's phone"), max_length=40, blank=True)
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        "registry.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("household"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("case"),
    )
    distribution = models.ForeignKey(
        "assistance.Distribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("distribution"),
    )
    staff_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member complained about"),
    )

    # Who holds it.
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "core.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("logged by")
    )
    # No focal point was left for a sensitive category: the system administrators hold it.
    routed_to_admins = models.BooleanField(default=False)

    # Time and SLA.
    received_at = models.DateTimeField(_("received"), db_index=True)
    # When the SLA clock last started: at reception, again at reopening.
    clock_started_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    # Resolution and closing the loop.
    resolution = EncryptedTextField(_("response given to the person"), blank=True)
    resolution_method = models.CharField(
        _("how the response was given"), max_length=20, choices=ContactMethod.choices, blank=True
    )
    outcome_communicated_at = models.DateTimeField(_("outcome communicated"), null=True, blank=True)
    outcome_method = models.CharField(
        _("how the outcome was communicated"), max_length=20, choices=ContactMethod.choices, blank=True
    )
    outcome_communicated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outcome communicated by"),
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = EncryptedTextField(_("satisfaction comment"), blank=True)
    unreachable_reason = models.CharField(
        _("why the outcome was not communicated"),
        max_length=20,
        choices=UnreachableReason.choices,
        blank=True,
    )

    # Every scope level of the general (non-sensitive) matrix; sensitive tickets bypass it.
    scope_paths = {Scope.OWN: "assigned_to", Scope.TEAM: "team", Scope.AGENCY: "agency"}
    # A sensitive ticket (PSEA, fraud / corruption, data breach) ignores the matrix: only its
    # readers see it. Nobody ever sees a ticket that names them as the staff member complained about.
    sensitivity = Sensitivity(
        marked=SENSITIVE_TICKETS,
        readers=_ticket_readers,
        scope_free=True,
        hidden_from=lambda actor: Q(staff_member=actor.pk),
        is_sensitive=lambda ticket: ticket.is_sensitive,
        read_action="feedback.ticket.read",
        categories=tuple((c.value, c.label) for c in Category if c in SENSITIVE_CATEGORIES),
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "resolution_due_at"], name="ticket_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="ticket_satisfaction_1_to_5",
            )
        ]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_sensitive(self) -> bool:
        return self.category in SENSITIVE_CATEGORIES

    @property
    def is_emergency(self) -> bool:
        return self.category in EMERGENCY_CATEGORIES

    @property
    def is_complaint(self) -> bool:
        return self.category in COMPLAINT_CATEGORIES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def next_due_at(self):
        """The deadline the ticket now runs against: acknowledgement first, then the answer."""
        if not self.is_open:
            return None
        if self.acknowledged_at is None and self.response_due_at is not None:
            return self.response_due_at
        return self.resolution_due_at


EVENT_LABELS = {
    "create": _("Logged"),
    "route": _("Routed to the system administrators"),
    "dispatch": _("Dispatched to the team"),
    "assign": _("Assigned"),
    "start": _("Work started"),
    "resume": _("Work resumed"),
    "wait": _("Waiting"),
    "resolve": _("Resolved"),
    "communicate_outcome": _("Outcome communicated"),
    "close": _("Closed"),
    "reopen": _("Reopened"),
    "link": _("Linked to a case or distribution"),
    "remind": _("Reminder sent"),
    "escalate": _("Escalated"),
}


class TicketEvent(models.Model):
    """One line of a ticket's history (every transition, dispatch, escalation)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket} {self.action}"

    @property
    def action_label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))

    @property
    def to_status_label(self) -> str:
        return str(Status(self.to_status).label) if self.to_status in Status.values else ""


class SlaRule(BaseModel):
    """How fast a category (and optionally one urgency) must be acknowledged and answered.
    Without a rule the defaults in ``sanad.feedback.sla`` apply."""

    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    priority = models.CharField(
        _("urgency"), max_length=10, choices=Priority.choices, blank=True, help_text=_("Blank: any urgency.")
    )
    acknowledge_hours = models.DecimalField(
        _("acknowledge within (hours)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0.1)]
    )
    resolve_hours = models.DecimalField(
        _("answer within (hours)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0.1)]
    )

    class Meta:
        ordering = ["category", "priority"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "priority"], name="sla_rule_unique_per_category_priority"
            )
        ]
        verbose_name = _("SLA rule")
        verbose_name_plural = _("SLA rules")

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.priority}"


class CallScript(BaseModel):
    """What to ask and what to say for a category, in one language. Without a row the shipped
    default script (``sanad.feedback.scripts``) is shown."""

    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    text = models.TextField(_("script"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["category", "language"]
        constraints = [
            models.UniqueConstraint(fields=["category", "language"], name="call_script_unique_per_language")
        ]
        verbose_name = _("call script")
        verbose_name_plural = _("call scripts")

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.language})"
