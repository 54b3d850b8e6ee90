"""The referral clock: overdue referrals escalate to supervisors, unanswered routine ones expire.

Both run from a Huey periodic task and take ``now`` so tests control the clock. Both are
idempotent: a referral escalates once per level and expires once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record
from sanad.core.models import TeamMembership, User
from sanad.referrals.models import Referral, ReferralEscalation, ReferralEvent, Urgency
from sanad.referrals.services.policy import expiry_delta, sla_delta

S = Referral.Status
# Level 1 when the acknowledgement is overdue; level 2 when a whole further SLA period passed.
MAX_LEVEL = 2


def referral_supervisors(referral: Referral) -> list[User]:
    """Team leaders of the sender's team and of the receiving unit's teams."""
    leaders = TeamMembership.objects.filter(
        function=TeamMembership.Function.TEAM_LEADER, user__is_active=True
    )
    teams = []
    if referral.sending_team_id:
        teams.append(referral.sending_team_id)
    condition = leaders.filter(team_id__in=teams)
    if referral.receiving_unit_id:
        condition = condition | leaders.filter(team__unit_id=referral.receiving_unit_id)
    user_ids = condition.values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=user_ids).order_by("pk"))


def _target_level(referral: Referral, now: datetime.datetime) -> int:
    if now <= referral.acknowledge_due_at:
        return 0
    extra = sla_delta(referral.urgency)
    return MAX_LEVEL if now > referral.acknowledge_due_at + extra else 1


def _notify(users: list[User], referral: Referral, level: int) -> None:
    recipients = [u.email for u in users if u.email]
    if not recipients:
        return
    link = (
        f"{settings.SANAD_BASE_URL.rstrip('/')}{reverse('referrals:detail', args=[referral.uuid])}"
        if getattr(settings, "SANAD_BASE_URL", "")
        else reverse("referrals:detail", args=[referral.uuid])
    )
    # Reference and link only: no personal data in e-mail.
    subject = _("Referral %(reference)s not acknowledged (escalation level %(level)s)") % {
        "reference": referral.reference,
        "level": level,
    }
    body = _(
        "Referral %(reference)s (%(urgency)s) has not been acknowledged by the receiving service within its "
        "deadline. Please follow it up: %(link)s"
    ) % {"reference": referral.reference, "urgency": referral.get_urgency_display(), "link": link}
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=True))


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
        supervisors = supervisors if supervisors is not None else referral_supervisors(referral)
        escalation, created = ReferralEscalation.objects.get_or_create(
            referral=referral, level=level, defaults={"at": now}
        )
        if not created:
            continue
        escalation.supervisors.set(supervisors)
        audit_record(
            actor=None,
            action="referrals.referral.escalate",
            obj=referral,
            changes={
                "escalation_level": [level - 1, level],
                "supervisors": [None, [u.username for u in supervisors]],
            },
        )
        _notify(supervisors, referral, level)
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
    for pk in pks:
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update().filter(pk=pk, status__in=(S.SENT, S.RECEIVED)).first()
            )
            if referral is None:
                continue
            before = referral.status
            referral.status = S.EXPIRED
            referral.closed_reason = _("Nobody answered within %(days)s days.") % {
                "days": expiry_delta().days
            }
            referral.link_version += 1
            referral.save(update_fields=["status", "closed_reason", "link_version", "updated_at"])
            ReferralEvent.objects.create(
                referral=referral, status=S.EXPIRED, at=now, note=referral.closed_reason
            )
            audit_record(
                actor=None,
                action="referrals.referral.expired",
                obj=referral,
                changes={"status": [before, S.EXPIRED]},
            )
            expired += 1
    return expired
