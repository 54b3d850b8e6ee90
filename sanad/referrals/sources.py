"""Where a new referral comes from: a person, a case, a screening, a helpline ticket.

``referral_origin`` reads the query parameters of ``referrals:create`` (``person=``, ``case=``,
``assessment=``, ``ticket=``, ``need=``), loads each record through its module's selector (so
the actor's scope applies: an unknown or unseen record is a 404), and works out the person and
the needs to propose. Modules that are not installed yet are simply skipped. It holds no rule
about what may be referred: ``referral_send`` does (``referral_origin_check``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.http import Http404

from sanad.assessments.selectors import assessment_get
from sanad.cases.selectors import case_get
from sanad.core.needs import Need
from sanad.core.selectors.lookup import parse_uuid
from sanad.referrals.models import Referral, Urgency
from sanad.registry.selectors import person_get


@dataclass
class Origin:
    person: object | None = None
    case: object | None = None
    assessment: object | None = None
    ticket: object | None = None
    ticket_uuid: UUID | None = None
    source: str = Referral.Source.PERSON
    needs: list[str] = field(default_factory=list)
    urgency: str = Urgency.ROUTINE


def _uuid(value) -> UUID | None:
    """The UUID a link's parameter names; none given is None, a malformed one is a 404."""
    key = parse_uuid(value)
    if value and key is None:
        raise Http404
    return key


def referral_origin(*, actor, params) -> Origin:
    origin = Origin()
    case_uuid = _uuid(params.get("case"))
    if case_uuid:
        origin.case = case_get(actor=actor, uuid=case_uuid)
        origin.source = Referral.Source.CASE
    assessment_uuid = _uuid(params.get("assessment"))
    if assessment_uuid:
        origin.assessment = assessment_get(actor=actor, uuid=assessment_uuid)
        origin.source = Referral.Source.SCREENING
        origin.needs = [n for n in (origin.assessment.suggested_referrals or []) if n in Need.values]
        if getattr(origin.assessment, "safety_alert", False):
            origin.urgency = Urgency.EMERGENCY
        elif getattr(origin.assessment, "priority", "") == "high":
            origin.urgency = Urgency.URGENT
    ticket_uuid = _uuid(params.get("ticket"))
    if ticket_uuid:
        from sanad.core.permissions import has_permission

        origin.ticket_uuid = ticket_uuid
        origin.source = Referral.Source.HELPLINE
        if has_permission(actor, "tickets.view"):
            from sanad.feedback.selectors import ticket_get

            origin.ticket = ticket_get(actor=actor, uuid=ticket_uuid)
            ticket_needs = [n for n in (getattr(origin.ticket, "needs", None) or []) if n in Need.values]
            origin.needs.extend(n for n in ticket_needs if n not in origin.needs)
    if params.get("source") == Referral.Source.CONSULTATION:
        origin.source = Referral.Source.CONSULTATION
    person_uuid = _uuid(params.get("person"))
    if person_uuid:
        origin.person = person_get(actor=actor, uuid=person_uuid)
    else:
        # No person named: the person of the case, else of the screening, else of the ticket.
        # Whether the origin records are all about the referred person is referral_send's rule
        # (``referral_origin_check``), shared with the API.
        for record in (origin.case, origin.assessment, origin.ticket):
            about = getattr(record, "person", None)
            if about is not None:
                origin.person = person_get(actor=actor, uuid=about.uuid)
                break
    if origin.person is None:
        raise Http404
    need = params.get("need")
    if need in Need.values and need not in origin.needs:
        origin.needs.insert(0, need)
    return origin
