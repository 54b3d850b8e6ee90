"""Follow-ups and tasks; the daily jobs that mark overdue follow-ups and escalate high-risk cases
without contact to the team leader."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.cases.models import ACTIVE_STATUSES, Case, FollowUp, RiskLevel
from sanad.cases.selectors import high_risk_without_contact, no_contact_days
from sanad.cases.services.cases import check_worker
from sanad.cases.services.transitions import require_active, require_case
from sanad.core.audit import audit_record
from sanad.core.deadlines import (
    ESCALATION,
    DeadlinePolicy,
    deadline_notify,
    deadline_policy,
    notice_once,
    supervisors_of,
)
from sanad.core.errors import DomainError


@transaction.atomic
def followup_create(
    *,
    actor,
    case: Case,
    title: str,
    due_at: datetime.datetime,
    assigned_to=None,
    kind: str = FollowUp.Kind.FOLLOW_UP,
) -> FollowUp:
    require_case(actor, case, "cases.manage")
    require_active(case)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("Say what is to be done.")]
    elif len(title) > 200:
        errors["title"] = [_("At most 200 characters.")]
    if due_at is None:
        errors["due_at"] = [_("Give a due date and time.")]
    if kind not in (FollowUp.Kind.FOLLOW_UP, FollowUp.Kind.TASK):
        errors["kind"] = [_("Choose a follow-up or a task.")]
    if errors:
        raise ValidationError(errors)
    assigned_to = check_worker(assigned_to or actor, agency_id=case.agency_id, field="assigned_to")
    followup = FollowUp.objects.create(
        case=case, kind=kind, title=title, due_at=due_at, assigned_to=assigned_to, created_by=actor
    )
    audit_record(
        actor=actor,
        action="cases.followup.create",
        obj=case,
        changes={
            "followup": [
                None,
                {"title": title, "due_at": due_at.isoformat(), "assigned_to": assigned_to.username},
            ]
        },
    )
    return followup


@transaction.atomic
def followup_complete(
    *, actor, case: Case, followup: FollowUp, outcome: str = "", contact: bool = True
) -> FollowUp:
    """Mark done. A follow-up with the person counts as contact (the high-risk clock restarts)."""
    require_case(actor, case, "cases.manage")
    if followup.case_id != case.pk:
        raise DomainError(_("This follow-up is not on this case."))
    if followup.status != FollowUp.Status.PENDING:
        raise DomainError(_("This follow-up is already done or cancelled."), code="followup_closed")
    now = timezone.now()
    followup.status = FollowUp.Status.DONE
    followup.done_at = now
    followup.done_by = actor
    followup.outcome = (outcome or "").strip()[:300]
    followup.save()
    if contact and followup.kind != FollowUp.Kind.TASK:
        case.last_contact_at = now
        case.save(update_fields=["last_contact_at", "updated_at"])
    audit_record(
        actor=actor,
        action="cases.followup.complete",
        obj=case,
        changes={"followup_done": [None, followup.title]},
    )
    return followup


@transaction.atomic
def followup_cancel(*, actor, case: Case, followup: FollowUp) -> FollowUp:
    require_case(actor, case, "cases.manage")
    if followup.case_id != case.pk or followup.status != FollowUp.Status.PENDING:
        raise DomainError(_("This follow-up is already done or cancelled."), code="followup_closed")
    followup.status = FollowUp.Status.CANCELLED
    followup.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="cases.followup.cancel",
        obj=case,
        changes={"followup_cancelled": [None, followup.title]},
    )
    return followup


def followups_mark_overdue(*, now: datetime.datetime | None = None) -> int:
    """Stamp pending follow-ups past their due time (idempotent; My work computes overdue itself,
    the stamp serves counts and reports). Returns how many were newly marked."""
    now = now or timezone.now()
    return FollowUp.objects.filter(
        status=FollowUp.Status.PENDING, due_at__lt=now, overdue_since__isnull=True
    ).update(overdue_since=now)


# A high-risk case is contacted within the days its unit allows (``no_contact_days``); past that
# it escalates, once per contact deadline, to the first of ``supervisors_of(case)``.
CONTACT = deadline_policy(
    DeadlinePolicy(
        kind="cases.contact",
        label=gettext_lazy("Case"),
        hours=lambda _risk, case: 24 * no_contact_days(case),
        url_name="cases:detail",
    )
)


@transaction.atomic
def high_risk_escalate(*, now: datetime.datetime | None = None) -> int:
    """For each active high-risk case without contact for longer than its unit allows, give the
    first of its supervisors (the team's leader, see ``supervisors_of``) an escalation task: one
    pending task per case, and one escalation per contact deadline even when several consumers
    run the same tick. Returns how many tasks were created."""
    now = now or timezone.now()
    cases = Case.objects.filter(
        risk_level=RiskLevel.HIGH, status__in=list(ACTIVE_STATUSES), team__isnull=False
    )
    created = 0
    for case in high_risk_without_contact(cases=cases, now=now):
        if case.followups.filter(kind=FollowUp.Kind.ESCALATION, status=FollowUp.Status.PENDING).exists():
            continue
        supervisors = supervisors_of(case)
        if not supervisors:
            continue
        notice = notice_once(
            record=case, kind=CONTACT.kind, step=ESCALATION, due_at=case.contact_due_at, at=now
        )
        if notice is None:
            continue
        leader = supervisors[0]
        # The task on My work tells the leader; no e-mail (as before the deadline kit).
        deadline_notify(notice=notice, record=case, users=[leader])
        # Written in the team leader's language: the job runs in no one's request.
        with translation.override(leader.preferred_language or None):
            title = _("No contact for %(days)s days with a high-risk case") % {
                "days": case.days_without_contact
            }
        followup = FollowUp.objects.create(
            case=case,
            kind=FollowUp.Kind.ESCALATION,
            title=title,
            due_at=now,
            assigned_to=leader,
            created_by=leader,
        )
        audit_record(
            actor=None,
            action="cases.followup.escalate",
            obj=case,
            changes={"escalated_to": [None, leader.username], "followup": [None, str(followup.uuid)]},
        )
        created += 1
    return created
