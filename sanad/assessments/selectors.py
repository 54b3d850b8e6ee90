"""Reads of instruments, assessments and safety alerts. Every read applies the actor's scope.

Sensitive assessments — recorded with a sensitive instrument (PHQ-9, RHS-15, K10, WHO-5, AVM, BIA),
or whose result discloses violence or trafficking (flags gbv_survivor, vot, survivor_of_violence;
protection domain) — are *visible* to an actor within "assessments.view" only when the actor
recorded it, is a recipient of its safety alert, or holds the "assessments.see_<domain>" action
(``Assessment.sensitivity_domain``, stored when recorded) in a scope covering it. The rule is
``Assessment.sensitivity``, applied by ``core.scoping.scope_filter``.
Lists show the other rows without the person's name or results (``row.visible`` is False);
``assessment_get`` answers 404 for them, and each read of a sensitive assessment is audited.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from sanad.assessments.models import (
    Assessment,
    Domain,
    FlagProposal,
    Instrument,
    InstrumentVersion,
    SafetyAlert,
)
from sanad.core.lists import filtered
from sanad.core.permissions import scope_for
from sanad.core.scoping import scope_filter, scope_q, sensitive_read_log
from sanad.core.selectors.lookup import get_by_uuid_or_404

# --- instruments -------------------------------------------------------------------------------


def instrument_list(*, actor, include_inactive: bool = False) -> QuerySet[Instrument]:
    if scope_for(actor, "instruments.view") is None:
        return Instrument.objects.none()
    instruments = Instrument.objects.all()
    if not include_inactive:
        instruments = instruments.filter(is_active=True)
    return instruments.prefetch_related(
        Prefetch(
            "versions",
            queryset=InstrumentVersion.objects.select_related("uploaded_by").order_by("-created_at"),
        )
    ).order_by("domain", "code")


def instrument_get(*, actor, code: str) -> Instrument:
    instrument = instrument_list(actor=actor, include_inactive=True).filter(code=str(code)).first()
    if instrument is None:
        raise Http404
    return instrument


def instrument_version_get(*, actor, uuid) -> InstrumentVersion:
    if scope_for(actor, "instruments.view") is None:
        raise Http404
    return get_by_uuid_or_404(InstrumentVersion.objects.select_related("instrument", "uploaded_by"), uuid)


def instrument_active_version(*, code: str) -> InstrumentVersion | None:
    return (
        InstrumentVersion.objects.filter(instrument__code=code, is_active=True, instrument__is_active=True)
        .select_related("instrument")
        .first()
    )


# --- assessments -------------------------------------------------------------------------------


def _assessments(actor) -> QuerySet[Assessment]:
    """The actor's scope, and whatever a safety alert was addressed to them about (a recipient
    chosen up the escalation chain, an agency administrator, must be able to open it); each row
    annotated ``visible`` by ``Assessment.sensitivity`` (core.scoping)."""
    return scope_filter(Assessment.objects.all(), actor=actor, action="assessments.view", sensitive="mark")


def assessment_list(*, actor, data=None, person=None) -> QuerySet[Assessment]:
    """Assessments in the actor's scope, newest first; ``visible`` says whether names may show.
    Narrowed by the list's filters (``assessments.filters``) that ``data`` names, or to ``person``."""
    from sanad.assessments.filters import AssessmentFilterSet

    if not actor or not actor.is_authenticated:
        return Assessment.objects.none()
    assessments = _assessments(actor)
    if person is not None:
        assessments = assessments.filter(person=person)
    assessments = filtered(assessments, AssessmentFilterSet, data, user=actor)
    return assessments.select_related("person", "instrument", "instrument_version", "team", "recorded_by")


def assessment_get(*, actor, uuid, log_read: bool = True) -> Assessment:
    """One assessment the actor may see in full; 404 otherwise. Sensitive reads are audited."""
    assessment = get_by_uuid_or_404(assessment_list(actor=actor).select_related("case", "unit"), uuid)
    if not assessment.visible:
        raise Http404
    if log_read:
        sensitive_read_log(actor=actor, obj=assessment)
    return assessment


def assessments_for_person(*, actor, person) -> list[Assessment]:
    """What the person page shows: the person's assessments the actor may see in full."""
    return [a for a in assessment_list(actor=actor, person=person) if a.visible]


def latest_priority_by_person(person_ids) -> dict[int, str]:
    """The priority of each person's latest screening that gave one (assistance criteria use it)."""
    ids = list(person_ids)
    if not ids:
        return {}
    rows = (
        Assessment.objects.filter(person_id__in=ids, instrument__domain=Domain.SCREENING)
        .exclude(priority="")
        .order_by("person_id", "-recorded_at", "-pk")
        .values_list("person_id", "priority")
    )
    latest: dict[int, str] = {}
    for person_id, priority in rows.iterator():
        latest.setdefault(person_id, priority)
    return latest


# --- safety alerts -----------------------------------------------------------------------------


def safety_alerts_open_for(*, actor) -> QuerySet[SafetyAlert]:
    """Open alerts addressed to the actor, newest first."""
    if not actor or not actor.is_authenticated:
        return SafetyAlert.objects.none()
    return (
        SafetyAlert.objects.filter(recipients=actor, acknowledged_at__isnull=True)
        .select_related("assessment__instrument", "person", "team")
        .order_by("-created_at")
    )


def safety_alerts_open_for_assessments(*, assessment_ids) -> QuerySet[SafetyAlert]:
    """Open alerts of assessments already known to be visible (the person page)."""
    return (
        SafetyAlert.objects.filter(assessment_id__in=list(assessment_ids), acknowledged_at__isnull=True)
        .select_related("assessment__instrument")
        .order_by("-created_at")
    )


def safety_alert_get(*, actor, uuid) -> SafetyAlert:
    """An alert the actor was addressed or may see through its assessment; 404 otherwise."""
    alert = get_by_uuid_or_404(
        SafetyAlert.objects.select_related("assessment", "person", "acknowledged_by"), uuid
    )
    if not alert.recipients.filter(pk=actor.pk).exists():
        assessment_get(actor=actor, uuid=alert.assessment.uuid, log_read=False)
    return alert


def safety_alert_for_assessment(*, assessment) -> SafetyAlert | None:
    return (
        SafetyAlert.objects.filter(assessment=assessment)
        .select_related("acknowledged_by")
        .prefetch_related("recipients")
        .first()
    )


# --- flag proposals ----------------------------------------------------------------------------


def flag_proposals_for(*, assessment) -> list[FlagProposal]:
    """The proposals of an assessment already read with ``assessment_get``."""
    return list(
        FlagProposal.objects.filter(assessment=assessment).select_related("decided_by").order_by("flag")
    )


def flag_proposals_pending_for(*, actor) -> QuerySet[FlagProposal]:
    """Pending proposals the actor may confirm: "assessments.confirm_flags" in a scope covering the
    assessment, and the assessment visible to the actor. Oldest first."""
    if not actor or not actor.is_authenticated:
        return FlagProposal.objects.none()
    scope = scope_for(actor, "assessments.confirm_flags")
    if scope is None:
        return FlagProposal.objects.none()
    assessments = assessment_list(actor=actor).filter(visible=True)
    in_scope = scope_q(Assessment, actor, scope)
    if in_scope is not None:
        assessments = assessments.filter(in_scope)
    return (
        FlagProposal.objects.filter(
            status=FlagProposal.Status.PROPOSED, assessment__in=assessments.values("pk")
        )
        .select_related("assessment__instrument", "person")
        .order_by("created_at", "pk")
    )


def flag_proposal_may_decide(*, actor, assessment) -> bool:
    """Whether the actor may confirm or dismiss the proposals of ``assessment``."""
    scope = scope_for(actor, "assessments.confirm_flags")
    if scope is None:
        return False
    in_scope = scope_q(Assessment, actor, scope)
    if in_scope is None:
        return True
    return Assessment.objects.filter(in_scope, pk=assessment.pk).exists()
