"""Referrals on "My work" and on the person page (its section and its timeline)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from sanad.core.bidi import isolate
from sanad.core.deadlines import notified_ids
from sanad.core.permissions import has_permission
from sanad.core.work import WorkItem
from sanad.referrals.models import Referral
from sanad.referrals.selectors import (
    referral_list,
    referral_overrides_to_review,
    referrals_escalated_to,
    referrals_sent_for_person,
    referrals_to_answer,
    referrals_unacknowledged_of,
)
from sanad.referrals.services.policy import ACKNOWLEDGE
from sanad.registry.timeline import TimelineEntry

S = Referral.Status
PRIORITY = {"emergency": "high", "urgent": "medium", "routine": "low"}
LIMIT = 50


def _item(referral: Referral, title: str, detail: str = "") -> WorkItem:
    return WorkItem(
        title=title,
        url=reverse("referrals:detail", args=[referral.uuid]),
        kind="referral",
        kind_label=_("Referral"),
        due=referral.acknowledge_due_at if referral.status == S.SENT else None,
        detail=detail or f"{isolate(referral.service.name)} · {referral.get_urgency_display()}",
        priority=PRIORITY.get(referral.urgency, ""),
        reference=referral.reference,
    )


def referral_work(actor) -> Iterable[WorkItem]:
    """Referrals to answer or report on (receiving side), the actor's own unanswered ones
    (sending side), escalations to the actor as a supervisor, and overrides to review."""
    items: list[WorkItem] = []
    for referral in referral_overrides_to_review(actor=actor)[:LIMIT]:
        items.append(
            WorkItem(
                title=_("Review an emergency override of consent"),
                url=reverse("referrals:override_list"),
                kind="approval",
                kind_label=_("Review"),
                detail=isolate(referral.service.name),
                priority="high",
                reference=referral.reference,
            )
        )
    if not has_permission(actor, "referrals.view") and not has_permission(actor, "referrals.respond"):
        return items
    seen: set[int] = set()
    for referral in referrals_to_answer(actor=actor, limit=LIMIT):
        seen.add(referral.pk)
        title = (
            _("Referral to answer")
            if referral.status in (S.SENT, S.RECEIVED)
            else _("Referral: record the service and its outcome")
        )
        items.append(_item(referral, title))
    for referral in referrals_unacknowledged_of(actor=actor, limit=LIMIT):
        if referral.pk not in seen:
            seen.add(referral.pk)
            items.append(_item(referral, _("Your referral is not acknowledged yet")))
    # Escalations reach supervisors; a sensitive referral only those who may see it.
    escalated_ids = notified_ids(actor=actor, model=Referral, kinds=[ACKNOWLEDGE.kind])
    for referral in referrals_escalated_to(actor=actor, ids=escalated_ids, limit=LIMIT):
        if referral.pk not in seen:
            seen.add(referral.pk)
            items.append(_item(referral, _("Escalated: referral not acknowledged")))
    return items


def referral_entries(actor, person) -> Iterable[TimelineEntry]:
    """Referrals of this person the actor sees from the sending side."""
    return [
        TimelineEntry(
            referral.sent_at,
            _("Referred to %(service)s") % {"service": isolate(referral.service.name)},
            " · ".join(
                (isolate(referral.reference), referral.get_urgency_display(), referral.get_status_display())
            ),
            "referral",
            url=reverse("referrals:detail", args=[referral.uuid]),
            who=(referral.created_by.get_full_name() or referral.created_by.username),
        )
        for referral in referrals_sent_for_person(actor=actor, person=person)
    ]


def person_section(actor, person) -> dict | None:
    """The "Referrals" card of the person page: referrals sent for the person that the actor may
    see, and whether the actor may refer them."""
    if not has_permission(actor, "referrals.view"):
        return None
    return {
        "referrals": list(referral_list(actor=actor, box="sent", person=person)[:20]),
        "can_refer": has_permission(actor, "referrals.create") and person.status == "active",
    }
