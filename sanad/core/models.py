"""Organisation, users, roles, audit events, jobs and idempotency keys."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanad.core.permissions import ROLES, Scope
from sanad.core.registration import job_kind_get


class BaseModel(models.Model):
    """Integer keys stay internal; URLs and the API use ``uuid``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class LocalizedNameMixin(models.Model):
    """Names in English, Arabic and French; the display name follows the active language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


# ---------------------------------------------------------------------------------------------
# Organisation
# ---------------------------------------------------------------------------------------------
class Agency(BaseModel, LocalizedNameMixin):
    class Kind(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        INTERNATIONAL_NGO = "international_ngo", _("International NGO")
        NATIONAL_NGO = "national_ngo", _("National NGO")
        GOVERNMENT = "government", _("Government")
        RED_CRESCENT = "red_crescent", _("Red Crescent / Red Cross")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.UN_AGENCY)
    is_active = models.BooleanField(_("active"), default=True)

    scope_paths = {Scope.AGENCY: "pk"}

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")


class Unit(BaseModel, LocalizedNameMixin):
    """A programme unit of an agency (MRRM, MHPSS, Protection, …)."""

    class Kind(models.TextChoices):
        MRRM = "mrrm", _("Migrant Resource and Response Mechanism (MRRM)")
        MHPSS = "mhpss", _("Mental health and psychosocial support (MHPSS)")
        PROTECTION = "protection", _("Protection")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        VHR = "vhr", _("Voluntary humanitarian return (VHR)")
        HEALTH = "health", _("Health")
        DTM = "dtm", _("Displacement Tracking Matrix (DTM)")
        LOGISTICS = "logistics", _("Logistics")
        CASH = "cash", _("Cash")
        MONITORING_EVALUATION = "me", _("Monitoring and evaluation (M&E)")
        HELPLINE = "helpline", _("Helpline")
        SITE_MANAGEMENT = "site_management", _("Site management")
        STABILIZATION = "stabilization", _("Community stabilization")
        ADMINISTRATION = "administration", _("Administration")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="units", verbose_name=_("agency")
    )
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(_("active"), default=True)

    scope_paths = {Scope.UNIT: "pk", Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["agency__name_en", "name_en"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique_per_agency")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")


class Team(BaseModel):
    """A (mobile) team with a base location and members with their functions."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="teams", verbose_name=_("agency")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="teams", verbose_name=_("unit"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    is_mobile = models.BooleanField(_("mobile team"), default=True)
    base_admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("base municipality"),
    )
    base_site = models.ForeignKey(
        "geo.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("base site"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    # How each scope level reaches this record (see core.scoping).
    scope_paths = {Scope.TEAM: "pk", Scope.UNIT: "unit", Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["agency__code", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="team_code_unique_per_agency")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class TeamMembership(BaseModel):
    class Function(models.TextChoices):
        TEAM_LEADER = "team_leader", _("Team leader")
        CASEWORKER = "caseworker", _("Caseworker")
        NURSE = "nurse", _("Nurse")
        DOCTOR = "doctor", _("Doctor")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        PROTECTION_OFFICER = "protection_officer", _("Protection officer")
        INTERPRETER = "interpreter", _("Interpreter / cultural mediator")
        DRIVER = "driver", _("Driver")
        OTHER = "other", _("Other")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    function = models.CharField(_("function"), max_length=30, choices=Function.choices)

    class Meta:
        ordering = ["team__name", "function"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="membership_unique_per_team")]
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.team} ({self.get_function_display()})"


# ---------------------------------------------------------------------------------------------
# Users and roles
# ---------------------------------------------------------------------------------------------
class Role(models.Model):
    """A role's permissions live in the matrix (core.permissions); this row holds its live settings."""

    code = models.CharField(
        _("code"), max_length=40, unique=True, choices=[(c, r.label) for c, r in ROLES.items()]
    )
    requires_2fa = models.BooleanField(_("requires two-factor authentication"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(self.spec.label) if self.code in ROLES else self.code

    @property
    def spec(self):
        return ROLES[self.code]


class User(AbstractUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
    )
    units = models.ManyToManyField(Unit, blank=True, related_name="users", verbose_name=_("units"))
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("roles"))
    sensitive_access = models.BooleanField(
        _("sensitive access"),
        default=False,
        help_text=_("May be named on sensitive records (GBV, VoT, child protection, PSEA). Grant sparingly."),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)

    objects = UserManager()

    scope_paths = {
        Scope.OWN: "pk",
        Scope.TEAM: "memberships__team",
        Scope.UNIT: "units",
        Scope.AGENCY: "agency",
    }

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        """Cached per instance; cleared by services that change roles."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("code", flat=True)) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    @property
    def team_ids(self) -> frozenset[int]:
        cached = getattr(self, "_team_ids", None)
        if cached is None:
            cached = frozenset(self.memberships.values_list("team_id", flat=True)) if self.pk else frozenset()
            self._team_ids = cached
        return cached

    @property
    def unit_ids(self) -> frozenset[int]:
        cached = getattr(self, "_unit_ids", None)
        if cached is None:
            cached = frozenset(self.units.values_list("pk", flat=True)) if self.pk else frozenset()
            self._unit_ids = cached
        return cached

    def forget_cached_access(self) -> None:
        for name in ("_role_codes", "_team_ids", "_unit_ids"):
            self.__dict__.pop(name, None)

    @property
    def requires_2fa(self) -> bool:
        return self.roles.filter(requires_2fa=True).exists()


# ---------------------------------------------------------------------------------------------
# Audit trail
# ---------------------------------------------------------------------------------------------
class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One write (or one read of a sensitive record). Append-only from the application."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        db_constraint=True,
    )
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=20, blank=True)  # web, api, cli, job
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True, db_index=True)
    object_uuid = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    is_sensitive_read = models.BooleanField(_("read of a sensitive record"), default=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


# ---------------------------------------------------------------------------------------------
# Jobs and idempotency
# ---------------------------------------------------------------------------------------------
class Job(BaseModel):
    """A long piece of work run by a Huey consumer; the UI shows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    # The language of whoever started the job: its progress messages and summary are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope_paths = {Scope.OWN: "created_by"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.progress / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def kind_name(self) -> str:
        """What kind of job this is, in words (the internal ``kind`` is never shown)."""
        kind = job_kind_get(self.kind)
        return str(kind.label if kind is not None else _("Background job"))


class IdempotencyKey(models.Model):
    """Remembers which record a client-supplied key created, so a retry returns it instead of a copy."""

    key = models.CharField(max_length=100)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=80)
    object_uuid = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor", "action", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.key}"


class ReferenceCounter(models.Model):
    """The last number handed out per reference series and year (see core.references)."""

    key = models.CharField(max_length=20, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class DeadlineNotice(models.Model):
    """One reminder or escalation sent for a record's deadline (see ``sanad.core.deadlines``).

    Unique per record, deadline kind, step and due time: several job consumers running the same
    tick insert the same row, and only the one that created it notifies anybody. A deadline that
    moves (a ticket acknowledged, re-prioritised) has a new due time and so its own steps.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=60)  # the policy: "referrals.acknowledge", "feedback.resolve"
    step = models.CharField(max_length=20)  # "reminder", "escalation", "escalation-2"
    due_at = models.DateTimeField()
    at = models.DateTimeField()
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "step", "due_at"],
                name="deadline_notice_once_per_step",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="deadline_notice_record")]

    def __str__(self) -> str:
        return f"{self.kind} {self.step} {self.object_id}"


class FocalPoint(BaseModel):
    """A user named to read the sensitive records of one category: within one agency (complaints:
    PSEA, fraud, data breach) or, when ``unit`` is set, within one unit (cases: GBV, VoT, child
    protection, ...). Each model's ``Sensitivity`` says which categories it has and whether its
    focal points are named per unit or per agency (``sanad.core.scoping``)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("agency"))
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    # A value of a model's sensitive categories (a case type, a ticket category).
    category = models.CharField(_("category"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_points",
        verbose_name=_("focal point"),
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    scope_paths = {Scope.UNIT: "unit", Scope.AGENCY: "agency"}

    class Meta:
        ordering = ["agency", "unit", "category", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "category", "user"],
                condition=models.Q(unit__isnull=True),
                name="focal_point_unique_per_agency",
            ),
            models.UniqueConstraint(
                fields=["unit", "category", "user"],
                condition=models.Q(unit__isnull=False),
                name="focal_point_unique_per_unit",
            ),
        ]
        indexes = [models.Index(fields=["user", "category"], name="focal_point_user_category")]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.user}"

    def get_category_display(self) -> str:
        from sanad.core.scoping import category_label

        return category_label(self.category)
