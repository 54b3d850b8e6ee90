"""What assessments put on "My work" (open safety alerts, flags to confirm) and on the person
page (its section and its timeline)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from sanad.assessments.presentation import score_text
from sanad.assessments.selectors import (
    assessments_for_person,
    flag_proposals_pending_for,
    safety_alerts_open_for,
    safety_alerts_open_for_assessments,
)
from sanad.core.bidi import isolate
from sanad.core.permissions import has_permission
from sanad.core.work import WorkItem
from sanad.registry.timeline import TimelineEntry


def safety_alert_work(actor) -> Iterable[WorkItem]:
    """Open safety alerts addressed to the actor. Due when raised, so they sort first (overdue)."""
    for alert in safety_alerts_open_for(actor=actor):
        assessment = alert.assessment
        yield WorkItem(
            title=_("Safety alert: %(instrument)s — %(person)s")
            % {"instrument": assessment.instrument.name, "person": isolate(alert.person.display_name)},
            url=reverse("assessments:detail", args=[assessment.uuid]),
            kind="alert",
            kind_label=_("Safety alert"),
            due=alert.created_at,
            detail=_("Acknowledge it with what was done."),
            priority="high",
            reference=alert.person.reference,
        )


def flag_proposal_work(actor) -> Iterable[WorkItem]:
    """Proposed flags (victim of trafficking, GBV survivor, survivor of violence) waiting for the
    actor's confirmation; only for the protection caseworkers and team leaders who may decide."""
    from sanad.registry.models import VulnerabilityFlag

    labels = dict(VulnerabilityFlag.choices)
    for proposal in flag_proposals_pending_for(actor=actor):
        assessment = proposal.assessment
        yield WorkItem(
            title=_("Confirm flag: %(flag)s — %(person)s")
            % {
                "flag": labels.get(proposal.flag, proposal.flag),
                "person": isolate(proposal.person.display_name),
            },
            url=reverse("assessments:detail", args=[assessment.uuid]) + "#proposed-flags",
            kind="flag",
            kind_label=_("Proposed flag"),
            detail=_("Proposed by %(instrument)s; confirm or dismiss it.")
            % {"instrument": assessment.instrument.name},
            priority="high",
            reference=proposal.person.reference,
        )


def assessment_timeline(actor, person) -> Iterable[TimelineEntry]:
    """The person's assessments the actor may see in full (sensitive ones only for their domain)."""
    if not has_permission(actor, "assessments.view"):
        return
    for assessment in assessments_for_person(actor=actor, person=person):
        parts = []
        if assessment.priority:
            parts.append(_("priority: %(priority)s") % {"priority": assessment.get_priority_display()})
        if assessment.score is not None:
            parts.append(_("score: %(score)s") % {"score": score_text(assessment.score)})
        if assessment.safety_alert:
            parts.append(_("safety alert"))
        recorder = assessment.recorded_by
        yield TimelineEntry(
            when=assessment.recorded_at,
            title=_("Assessment: %(instrument)s") % {"instrument": assessment.instrument.name},
            detail=" · ".join(parts),
            kind="assessment",
            url=reverse("assessments:detail", args=[assessment.uuid]),
            who=recorder.get_full_name() or recorder.username,
        )


def person_section(actor, person) -> dict | None:
    """The "Assessments" card of the person page: the person's assessments the actor may see,
    open safety alerts among them, and whether the actor may record a new one."""
    if not has_permission(actor, "assessments.view"):
        return None
    assessments = assessments_for_person(actor=actor, person=person)
    with_alert = [a.pk for a in assessments if a.safety_alert]
    alerts = list(safety_alerts_open_for_assessments(assessment_ids=with_alert)) if with_alert else []
    return {
        "assessments": assessments,
        "open_alerts": alerts,
        "can_record": has_permission(actor, "assessments.record") and person.status == "active",
    }
