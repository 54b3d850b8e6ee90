"""What case management adds to "My work" and to the person page (its section and its timeline).

Both go through the case selectors, so a sensitive case the actor may not see never shows up.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from sanad.cases.models import FollowUp
from sanad.cases.selectors import (
    approvals_waiting,
    case_list,
    cases_of_person,
    followups_assigned,
    my_high_risk_without_contact,
    service_list,
)
from sanad.core.bidi import isolate
from sanad.core.permissions import has_permission
from sanad.core.work import WorkItem
from sanad.registry.timeline import TimelineEntry

WORK_LIMIT = 200
# A plan or closure waiting for the team leader counts as overdue after this long.
APPROVAL_DUE_AFTER = datetime.timedelta(days=2)


def _case_url(case, anchor: str = "") -> str:
    return reverse("cases:detail", kwargs={"uuid": case.uuid}) + (f"#{anchor}" if anchor else "")


def case_followups(actor) -> Iterable[WorkItem]:
    """Follow-ups and tasks assigned to the actor (escalations included), due first."""
    if not has_permission(actor, "cases.view"):
        return
    labels = {
        FollowUp.Kind.FOLLOW_UP: _("Follow-up"),
        FollowUp.Kind.TASK: _("Task"),
        FollowUp.Kind.ESCALATION: _("Escalation"),
    }
    for followup in followups_assigned(actor=actor)[:WORK_LIMIT]:
        case = followup.case
        yield WorkItem(
            title=isolate(followup.title),  # typed by staff: data
            url=_case_url(case, "followups"),
            kind="followup" if followup.kind != FollowUp.Kind.ESCALATION else "alert",
            kind_label=str(labels.get(followup.kind, _("Follow-up"))),
            due=followup.due_at,
            detail=case.get_case_type_display(),
            priority=case.risk_level,
            reference=case.reference,
        )


def case_approvals(actor) -> Iterable[WorkItem]:
    """Case plans and closures waiting for the team leader's decision."""
    for approval in approvals_waiting(actor=actor)[:WORK_LIMIT]:
        case = approval.case
        yield WorkItem(
            title=_("Approve: %(what)s") % {"what": approval.get_kind_display()},
            url=_case_url(case, "approvals"),
            kind="approval",
            kind_label=_("Approval"),
            due=approval.created_at + APPROVAL_DUE_AFTER,
            detail=_("requested by %(name)s")
            % {"name": isolate(approval.requested_by.get_full_name() or approval.requested_by.username)},
            priority=case.risk_level,
            reference=case.reference,
        )


def case_high_risk_no_contact(actor) -> Iterable[WorkItem]:
    """The actor's own high-risk cases without contact for longer than the unit allows."""
    if not has_permission(actor, "cases.view"):
        return
    for case in my_high_risk_without_contact(actor=actor)[:WORK_LIMIT]:
        yield WorkItem(
            title=_("No contact for %(days)s days") % {"days": case.days_without_contact},
            url=_case_url(case),
            kind="alert",
            kind_label=_("High risk"),
            due=None,
            detail=case.get_case_type_display(),
            priority="high",
            reference=case.reference,
        )


def case_timeline(actor, person) -> Iterable[TimelineEntry]:
    """Cases opened and closed, and services delivered, that the actor may see."""
    if has_permission(actor, "cases.view"):
        for case in cases_of_person(actor=actor, person=person):
            who = case.opened_by.get_full_name() or case.opened_by.username
            yield TimelineEntry(
                case.opened_at,
                _("Case opened: %(type)s") % {"type": case.get_case_type_display()},
                isolate(case.reference),
                "case",
                url=_case_url(case),
                who=who,
            )
            if case.closed_at:
                yield TimelineEntry(
                    case.closed_at,
                    _("Case closed: %(type)s") % {"type": case.get_case_type_display()},
                    f"{isolate(case.reference)} · {case.get_closure_reason_display()}",
                    "case",
                    url=_case_url(case),
                )
    if has_permission(actor, "services.view"):
        for service in service_list(actor=actor, person=person)[:100]:
            yield TimelineEntry(
                service.delivered_at,
                service.get_service_type_display(),
                " · ".join(
                    str(x)
                    for x in (
                        service.get_modality_display(),
                        isolate(service.case.reference) if service.case else "",
                    )
                    if x
                ),
                "service",
                who=service.delivered_by.get_full_name() or service.delivered_by.username,
            )


def person_section(actor, person) -> dict | None:
    """The "Cases" card of the person page: the person's cases the actor may see (sensitive ones
    only for those entitled), and whether they may open one or record a service outside a case."""
    can_view = has_permission(actor, "cases.view")
    section = {
        "cases": list(case_list(actor=actor, person=person)[:20]) if can_view else [],
        "can_view": can_view,
        "can_open": has_permission(actor, "cases.open"),
        "can_record_service": has_permission(actor, "services.record"),
    }
    return section if can_view or section["can_open"] or section["can_record_service"] else None
