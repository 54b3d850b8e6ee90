"""Duplicate detection: the trained linkage model, candidate pairs and their decisions, merges.

A pair is stored once, with ``person_a_id < person_b_id``; its decision is remembered, so a pair
decided "different people" is never proposed again (neither by the real-time check nor by the
batch run). A merge keeps a full record of what moved, so that it can be undone exactly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanad.core.models import BaseModel
from sanad.core.permissions import Scope


class LinkageModel(BaseModel):
    """The Fellegi–Sunter parameters (m/u per comparison level) learned by a batch run.

    ``parameters`` is Sanad's own compact form (see ``sanad.matching.comparisons``):
    ``{"prior": λ, "levels": {"<comparison>:<level>": {"m": m, "u": u}}}``. The latest active row
    is what the real-time check scores with; without one it uses the documented defaults.
    """

    parameters = models.JSONField(default=dict)
    splink_model = models.JSONField(default=dict, blank=True)
    record_count = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("linkage model")
        verbose_name_plural = _("linkage models")

    def __str__(self) -> str:
        return f"{_('linkage model')} {self.created_at:%Y-%m-%d %H:%M}"


class Band(models.TextChoices):
    DUPLICATE = "duplicate", _("Likely duplicate")
    REVIEW = "review", _("To review")
    POSSIBLE = "possible", _("Possible")


class DuplicatePair(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SAME_PERSON = "same_person", _("Same person")
        DIFFERENT_PEOPLE = "different_people", _("Different people")
        # A batch run no longer proposes the pair (both people still active): closed, not decided.
        SUPERSEDED = "superseded", _("No longer proposed")

    class Source(models.TextChoices):
        BATCH = "batch", _("Batch detection")
        REALTIME = "realtime", _("Registration check")

    person_a = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    match_weight = models.FloatField(_("match weight"), default=0)
    match_probability = models.FloatField(_("match probability"), default=0)
    band = models.CharField(_("band"), max_length=10, choices=Band.choices, default=Band.REVIEW)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.BATCH)
    features = models.JSONField(_("comparison"), default=dict, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    cluster = models.CharField(max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    # Visibility of a pair needs both people visible; the selector checks both sides.
    scope_paths = {
        Scope.OWN: "person_a__created_by",
        Scope.TEAM: "person_a__team",
        Scope.UNIT: "person_a__unit",
        Scope.AGENCY: "person_a__agency",
    }

    class Meta:
        ordering = ["-match_weight"]
        verbose_name = _("duplicate pair")
        verbose_name_plural = _("duplicate pairs")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicatepair_unique"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="duplicatepair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "band", "-match_weight"], name="duplicatepair_queue"),
            models.Index(fields=["person_b", "status"], name="duplicatepair_b_status"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.match_weight:.1f})"


class Merge(BaseModel):
    survivor = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    pair = models.ForeignKey(
        DuplicatePair, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(_("what moved"), default=dict)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope_paths = {
        Scope.OWN: "survivor__created_by",
        Scope.TEAM: "survivor__team",
        Scope.UNIT: "survivor__unit",
        Scope.AGENCY: "survivor__agency",
    }

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
