"""The referral clock: overdue referrals escalate to supervisors, unanswered routine ones expire.

Both run from a Huey periodic task and take ``now`` so tests control the clock. Both are
idempotent: a referral escalates once per level and expires once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record
from sanad.core.deadlines import deadline_notify, notice_once, supervisors_rule
from sanad.core.escalation import UNIT_SUPERVISORS, escalation_first, escalation_levels
from sanad.core.models import User
from sanad.core.workflow import TransitionNotAllowed
from sanad.referrals.models import Referral, Urgency
from sanad.referrals.services.policy import ACKNOWLEDGE, expiry_delta
from sanad.referrals.workflow import REFERRAL_WORKFLOW

S = Referral.Status
# Level 1 when the acknowledgement is overdue; level 2 when a whole further SLA period passed.
MAX_LEVEL = 2


@supervisors_rule(Referral)
def referral_supervisors(referral: Referral) -> list[User]:
    """The sending side's escalation chain (the sending team's leaders, else its unit's
    supervisors, else the administrators) and the receiving unit's supervisors."""
    _level, sending = escalation_first(
        agency_id=referral.sending_agency_id,
        unit_id=referral.sending_unit_id,
        team_id=referral.sending_team_id,
        qualifies=lambda _level, _user: True,
    )
    people = {user.pk: user for user in sending}
    if referral.receiving_unit_id and referral.receiving_agency_id:
        levels = escalation_levels(agency_id=referral.receiving_agency_id, unit_id=referral.receiving_unit_id)
        for level, users in levels:
            if level == UNIT_SUPERVISORS:
                people.update((user.pk, user) for user in users)
    return sorted(people.values(), key=lambda user: user.pk)


def _target_level(referral: Referral, now: datetime.datetime) -> int:
    if now <= referral.acknowledge_due_at:
        return 0
    second = ACKNOWLEDGE.due_after(referral.acknowledge_due_at, ACKNOWLEDGE.duration(referral.urgency))
    return MAX_LEVEL if now > second else 1


def _notify(notice, users: list[User], referral: Referral, level: int) -> None:
    # Reference and link only: no personal data in e-mail.
    deadline_notify(
        notice=notice,
        record=referral,
        users=users,
        subject=_("Referral %(reference)s not acknowledged (escalation level %(level)s)"),
        body=_(
            "Referral %(reference)s (%(urgency)s) has not been acknowledged by the receiving service "
            "within its deadline. Please follow it up: %(link)s"
        ),
        values={"level": level, "urgency": referral.get_urgency_display()},
    )


def referral_escalate_overdue(*, now: datetime.datetime | None = None) -> int:
    """Escalate every unacknowledged referral past its SLA; returns how many escalations were made."""
    now = now or timezone.now()
    made = 0
    candidates = Referral.objects.filter(
        status=S.SENT, acknowledge_due_at__lt=now, escalation_level__lt=MAX_LEVEL
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        made += _escalate_one(pk, now)
    return made


@transaction.atomic
def _escalate_one(pk: int, now: datetime.datetime) -> int:
    referral = Referral.objects.select_for_update().filter(pk=pk, status=S.SENT).first()
    if referral is None:
        return 0
    target = _target_level(referral, now)
    made = 0
    supervisors = None
    for level in range(referral.escalation_level + 1, target + 1):
        notice = notice_once(
            record=referral,
            kind=ACKNOWLEDGE.kind,
            step=f"escalation-{level}",
            due_at=referral.acknowledge_due_at,
            at=now,
        )
        if notice is None:
            continue
        supervisors = supervisors if supervisors is not None else referral_supervisors(referral)
        audit_record(
            actor=None,
            action="referrals.referral.escalate",
            obj=referral,
            changes={
                "escalation_level": [level - 1, level],
                "supervisors": [None, [u.username for u in supervisors]],
            },
        )
        _notify(notice, supervisors, referral, level)
        made += 1
    if target > referral.escalation_level:
        referral.escalation_level = target
        referral.save(update_fields=["escalation_level", "updated_at"])
    return made


def referral_expire_unanswered(*, now: datetime.datetime | None = None) -> int:
    """Routine referrals nobody answered within the expiry period become expired."""
    now = now or timezone.now()
    limit = now - expiry_delta()
    expired = 0
    pks = list(
        Referral.objects.filter(
            urgency=Urgency.ROUTINE, status__in=(S.SENT, S.RECEIVED), sent_at__lt=limit
        ).values_list("pk", flat=True)
    )
    reason = _("Nobody answered within %(days)s days.") % {"days": expiry_delta().days}

    def apply(referral: Referral, at) -> None:
        referral.closed_reason = reason
        referral.link_version += 1

    for referral in Referral.objects.filter(pk__in=pks):
        try:
            REFERRAL_WORKFLOW.run(
                referral, "expire", actor=None, reason=reason, apply=apply, at=now, authorised=True
            )
        except TransitionNotAllowed:
            continue  # answered meanwhile
        expired += 1
    return expired


def referral_sla_tick() -> dict[str, int]:
    """The periodic SLA pass (declared in ``apps.py``): escalate overdue referrals, then expire
    unanswered routine ones."""
    return {"escalated": referral_escalate_overdue(), "expired": referral_expire_unanswered()}
