"""The referral workflow, declared once: sent → received → accepted → service started → completed;
declined, cancelled by the sender, expired by the SLA job. The receiving side answers (a user of the
receiving unit or agency, or an external partner through the link in their e-mail); only the sender
cancels. The services ``referral_<verb>`` make these transitions; pages show the buttons
``REFERRAL_WORKFLOW.allowed_names(referral, user)`` lists."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.core.workflow import Transition, Workflow
from sanad.referrals.models import Referral, ReferralEvent

S = Referral.Status


def _is_receiver(actor, referral: Referral) -> bool:
    from sanad.referrals.services.referrals import actor_is_receiver

    return actor_is_receiver(actor, referral)


def _is_sender(actor, referral: Referral) -> bool:
    from sanad.core.permissions import has_permission
    from sanad.referrals.services.referrals import actor_is_sender

    return has_permission(actor, "referrals.create") and actor_is_sender(actor, referral)


def referral_event_write(
    referral: Referral,
    *,
    transition: str = "",
    actor=None,
    from_state: str = "",
    to_state: str,
    reason: str = "",
    at,
    external_name: str = "",
) -> ReferralEvent:
    """One line of the referral's history: who (a user, or the name an external partner gave)."""
    agency = ""
    if actor is not None and getattr(actor, "agency", None) is not None:
        agency = actor.agency.name_en
    elif external_name:
        agency = referral.service.provider.name_en
    return ReferralEvent.objects.create(
        referral=referral,
        status=to_state,
        at=at,
        by=actor if actor is not None else None,
        by_external=external_name[:150],
        by_agency=agency[:200],
        note=reason,
    )


def _refused(referral: Referral, transition: Transition) -> str:
    return _("This referral is %(status)s: it cannot be moved to %(target)s.") % {
        "status": referral.get_status_display().lower(),
        "target": S(transition.target).label.lower(),
    }


_RECEIVER = {
    "action": "referrals.respond",
    "guard": _is_receiver,
    "forbidden": gettext_lazy("Only the receiving side may do this."),
}

REFERRAL_WORKFLOW = Workflow(
    model=Referral,
    audit_prefix="referrals.referral",
    audited_fields=("status",),
    history=referral_event_write,
    refused=_refused,
    transitions=[
        Transition(
            "receive",
            gettext_lazy("Confirm receipt"),
            {S.SENT},
            S.RECEIVED,
            audit_name="received",
            **_RECEIVER,
        ),
        Transition(
            "accept",
            gettext_lazy("Accept"),
            {S.SENT, S.RECEIVED},
            S.ACCEPTED,
            audit_name="accepted",
            **_RECEIVER,
        ),
        Transition(
            "decline",
            gettext_lazy("Decline"),
            {S.SENT, S.RECEIVED},
            S.DECLINED,
            audit_name="declined",
            reason_required=gettext_lazy("Say why the referral is declined."),
            **_RECEIVER,
        ),
        Transition(
            "start",
            gettext_lazy("Service started"),
            {S.ACCEPTED},
            S.SERVICE_STARTED,
            audit_name="service_started",
            **_RECEIVER,
        ),
        Transition(
            "complete",
            gettext_lazy("Record completion"),
            {S.ACCEPTED, S.SERVICE_STARTED},
            S.COMPLETED,
            audit_name="completed",
            reason_required=gettext_lazy("Describe the outcome of the service."),
            reason_field="outcome",
            **_RECEIVER,
        ),
        Transition(
            "cancel",
            gettext_lazy("Cancel the referral"),
            set(Referral.OPEN_STATUSES),
            S.CANCELLED,
            action="referrals.create",
            guard=_is_sender,
            forbidden=gettext_lazy("Only the sender may do this."),
            audit_name="cancelled",
            reason_required=gettext_lazy("Say why the referral is cancelled."),
        ),
        # Made by the SLA job only: routine referrals nobody answered in time.
        Transition(
            "expire",
            gettext_lazy("Expired"),
            {S.SENT, S.RECEIVED},
            S.EXPIRED,
            action=None,
            audit_name="expired",
        ),
    ],
)
