"""Writes to referrals: sending one, every status transition, the emergency-override review,
and opening the person (registration) or a case in the receiving unit.

Each transition is one function ``referral_<verb>`` making a transition declared in
``referrals/workflow.py``: it checks which side may do it, moves the status, writes a
``ReferralEvent`` (who, when) and an audit event.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.models import Team
from sanad.core.needs import Need
from sanad.core.permissions import has_permission
from sanad.core.references import reference_next
from sanad.referrals.models import (
    SENSITIVE_NEEDS,
    Referral,
    ReferralService,
    ServiceProvider,
    SharedField,
    Urgency,
)
from sanad.referrals.services.policy import ACKNOWLEDGE, require
from sanad.referrals.services.snapshot import build_snapshot
from sanad.referrals.workflow import REFERRAL_WORKFLOW, referral_event_write
from sanad.registry.models import Person

S = Referral.Status
SEND_ACTION = "referrals.referral.send"


def _sending_team(actor, team: Team | None) -> Team | None:
    if team is not None:
        if team.pk not in actor.team_ids:
            raise ValidationError({"team": _("You can only send referrals for a team you belong to.")})
        return team
    return Team.objects.filter(pk__in=actor.team_ids).select_related("unit").order_by("pk").first()


def referral_origin_check(*, actor, person: Person, case=None, assessment=None, ticket=None) -> None:
    """Where a referral comes from, whoever sends it (page, API, importer): each record it names
    is one the actor may see (else 404: nobody learns it exists) and is about the referred person
    (else an error on that field)."""
    from django.http import Http404

    from sanad.core.scoping import scope_filter

    if not scope_filter(Person.objects.filter(pk=person.pk), actor=actor, action="persons.view").exists():
        raise Http404
    errors: dict[str, str] = {}
    if case is not None:
        from sanad.cases.access import case_check_reference

        case_check_reference(actor, case, action="cases.view")
        if case.person_id != person.pk:
            errors["case"] = _("The case belongs to another person.")
    if assessment is not None:
        from sanad.assessments.selectors import assessment_get

        assessment_get(actor=actor, uuid=assessment.uuid, log_read=False)
        if assessment.person_id != person.pk:
            errors["assessment"] = _("This assessment is of another person.")
    if ticket is not None:
        from sanad.feedback.selectors import ticket_visible_to

        if not ticket_visible_to(actor=actor, ticket=ticket):
            raise Http404
        if ticket.person_id is not None and ticket.person_id != person.pk:
            errors["ticket"] = _("This ticket is about another person.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def referral_send(
    *,
    actor,
    person: Person,
    service: ReferralService,
    reason: str,
    urgency: str,
    needs: list[str],
    shared_fields: list[str] | None = None,
    case_summary: str = "",
    consent_given: bool = False,
    consent_given_by: str = "",
    consent_at=None,
    consent_purpose: str = "",
    emergency_override: bool = False,
    override_reason: str = "",
    source: str = Referral.Source.PERSON,
    ticket_uuid=None,
    ticket=None,
    assessment=None,
    case=None,
    team: Team | None = None,
    external_contact_email: str = "",
    idempotency_key: str | None = None,
    now=None,
) -> Referral:
    """Send ``person`` to ``service``. Inter-agency referrals need recorded consent, or an
    emergency override (emergency urgency and a reason) that is logged and reviewed."""
    require(actor, "referrals.create", _("You may not send referrals."))
    previous = idempotent_lookup(actor=actor, action=SEND_ACTION, key=idempotency_key, model=Referral)
    if previous is not None:
        return previous
    if not actor.agency_id:
        raise DomainError(_("Your account belongs to no agency, so you cannot send referrals."))
    referral_origin_check(actor=actor, person=person, case=case, assessment=assessment, ticket=ticket)
    now = now or timezone.now()
    shared_fields = list(dict.fromkeys(shared_fields or []))
    needs = list(dict.fromkeys(needs or []))
    provider: ServiceProvider = service.provider
    is_external = provider.kind == ServiceProvider.Kind.EXTERNAL
    receiving_agency_id = None if is_external else provider.agency_id
    inter_agency = is_external or receiving_agency_id != actor.agency_id

    errors: dict[str, str] = {}
    if person.status != Person.Status.ACTIVE:
        errors["person"] = _("This person's record is not active (merged or erased).")
    if not service.is_active:
        errors["service"] = _("This service is not active: choose another one.")
    if not reason.strip():
        errors["reason"] = _("Say why the person is referred.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose the urgency from the list.")
    if not needs:
        errors["needs"] = _("Choose at least one need.")
    elif any(n not in Need.values for n in needs):
        errors["needs"] = _("Choose needs from the list.")
    if any(f not in SharedField.values for f in shared_fields):
        errors["shared_fields"] = _("Choose the information to share from the list.")
    if SharedField.CASE_SUMMARY in shared_fields and not case_summary.strip():
        errors["case_summary"] = _("Write the case summary you chose to share, or untick it.")
    if emergency_override and consent_given:
        errors["emergency_override"] = _("Consent was given: an emergency override is not needed.")
    if emergency_override:
        if urgency != Urgency.EMERGENCY:
            errors["emergency_override"] = _("Only an emergency referral may go without consent.")
        if not override_reason.strip():
            errors["override_reason"] = _("Say why consent could not be obtained.")
    if inter_agency and not consent_given and not emergency_override:
        errors["consent_given"] = _(
            "Another agency receives this referral: record the person's consent (or, in an emergency, "
            "the override)."
        )
    if consent_given and consent_at is not None and consent_at > now:
        errors["consent_at"] = _("Consent cannot be given in the future.")
    if errors:
        raise ValidationError(errors)

    team = _sending_team(actor, team)
    sending_unit = team.unit if team is not None else actor.units.order_by("pk").first()
    reference = reference_next(series="R")
    referral = Referral(
        reference=reference,
        person=person,
        source=source,
        ticket_uuid=ticket_uuid,
        service=service,
        receiving_agency_id=receiving_agency_id,
        receiving_unit=service.unit if not is_external else None,
        is_external=is_external,
        is_inter_agency=inter_agency,
        sending_agency_id=actor.agency_id,
        sending_unit=sending_unit,
        sending_team=team,
        created_by=actor,
        reason=reason.strip(),
        urgency=urgency,
        needs=needs,
        shared_fields=shared_fields,
        sensitive=bool(SENSITIVE_NEEDS & set(needs)) or bool(getattr(case, "is_sensitive", False)),
        case_summary=case_summary.strip() if SharedField.CASE_SUMMARY in shared_fields else "",
        consent_given=consent_given,
        # Empty "given by": the person gave it themselves (shown in the reader's language).
        consent_given_by=consent_given_by.strip() if consent_given else "",
        consent_at=(consent_at or now) if consent_given else None,
        consent_purpose=consent_purpose.strip() if consent_given else "",
        consent_agency=provider.name_en if consent_given else "",
        emergency_override=emergency_override,
        override_reason=override_reason.strip() if emergency_override else "",
        status=S.SENT,
        sent_at=now,
        acknowledge_due_at=ACKNOWLEDGE.due(start=now, priority=urgency),
        external_contact_email=(external_contact_email or (provider.contact_email if is_external else ""))[
            :254
        ],
    )
    referral.shared_snapshot = build_snapshot(
        person=person,
        reference=reference,
        urgency=urgency,
        needs=needs,
        shared_fields=shared_fields,
        case_summary=referral.case_summary,
        assessment=assessment,
        today=timezone.localdate(now),
    )
    referral.case, referral.assessment, referral.ticket = case, assessment, ticket
    if ticket is not None:
        referral.ticket_uuid = ticket.uuid
    referral.save()
    referral_event_write(referral, actor=actor, to_state=S.SENT, at=now)
    idempotent_remember(actor=actor, action=SEND_ACTION, key=idempotency_key, obj=referral)
    audit_record(
        actor=actor,
        action=SEND_ACTION,
        obj=referral,
        changes={
            "person": [None, str(person.uuid)],
            "service": [None, str(service.uuid)],
            "urgency": [None, urgency],
            "needs": [None, needs],
            "shared_fields": [None, shared_fields],
            "consent_given": [None, consent_given],
            "emergency_override": [None, emergency_override],
        },
    )
    if emergency_override:
        audit_record(
            actor=actor,
            action="referrals.referral.emergency_override",
            obj=referral,
            changes={"override_reason": [None, referral.override_reason]},
        )
    if is_external and referral.external_contact_email:
        from sanad.referrals.services.external import referral_email_partner

        referral_email_partner(referral=referral)
    return referral


# ---------------------------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------------------------
def actor_is_receiver(actor, referral: Referral) -> bool:
    """The actor answers for the receiving side: a user of the receiving unit, or of the
    receiving agency when the service names no unit (or the actor holds agency-wide scope)."""
    if actor is None or referral.is_external or not has_permission(actor, "referrals.respond"):
        return False
    if referral.receiving_agency_id is None or referral.receiving_agency_id != actor.agency_id:
        return False
    from sanad.core.permissions import Scope, scope_for

    if referral.receiving_unit_id is None or scope_for(actor, "referrals.respond") >= Scope.AGENCY:
        return True
    return referral.receiving_unit_id in actor.unit_ids


def actor_is_sender(actor, referral: Referral) -> bool:
    from sanad.core.permissions import scope_for
    from sanad.core.scoping import scope_q

    scope = scope_for(actor, "referrals.view")
    if scope is None:
        return False
    condition = scope_q(Referral, actor, scope)
    if condition is None:
        return True
    return Referral.objects.filter(condition, pk=referral.pk).exists()


def _answer(
    referral: Referral, name: str, *, actor, external_name: str, note: str = "", fields=None, now=None
):
    """The receiving side (a user, or an external partner through the link) makes transition
    ``name``. A receiver who answers without acknowledging first has acknowledged it."""
    if actor is None and not (referral.is_external and external_name.strip()):
        raise DomainError(_("Only the receiving partner may answer through a link."), code="forbidden")

    def apply(referral: Referral, at) -> None:
        if referral.received_at is None:
            referral.received_at = at
            if name != "receive":
                referral_event_write(
                    referral, actor=actor, to_state=S.RECEIVED, at=at, external_name=external_name
                )
        for field, value in (fields or {}).items():
            setattr(referral, field, at if value is _NOW else value)

    return _run(referral, name, actor=actor, note=note, external_name=external_name, apply=apply, now=now)


def _run(referral: Referral, name: str, *, actor, note: str, external_name: str = "", apply=None, now=None):
    note = (note or "").strip()
    changes = {}
    if note:
        changes["note"] = [None, note]
    if external_name:
        changes["answered_by"] = [None, external_name]
    return REFERRAL_WORKFLOW.run(
        referral,
        name,
        actor=actor,
        reason=note,
        apply=apply,
        changes=changes,
        history={"external_name": external_name},
        at=now,
        authorised=actor is None,
    )


_NOW = object()


@transaction.atomic
def referral_receive(*, actor, referral: Referral, external_name: str = "", now=None) -> Referral:
    """The receiving side acknowledges the referral (this stops the SLA clock)."""
    return _answer(referral, "receive", actor=actor, external_name=external_name, now=now)


@transaction.atomic
def referral_accept(
    *, actor, referral: Referral, note: str = "", external_name: str = "", now=None
) -> Referral:
    return _answer(
        referral,
        "accept",
        actor=actor,
        note=note,
        external_name=external_name,
        fields={"responded_at": _NOW},
        now=now,
    )


@transaction.atomic
def referral_decline(
    *, actor, referral: Referral, reason: str, external_name: str = "", now=None
) -> Referral:
    return _answer(
        referral,
        "decline",
        actor=actor,
        note=reason,
        external_name=external_name,
        fields={"responded_at": _NOW, "decline_reason": reason.strip()},
        now=now,
    )


@transaction.atomic
def referral_start_service(
    *, actor, referral: Referral, note: str = "", external_name: str = "", now=None
) -> Referral:
    return _answer(
        referral,
        "start",
        actor=actor,
        note=note,
        external_name=external_name,
        fields={"service_started_at": _NOW},
        now=now,
    )


@transaction.atomic
def referral_complete(
    *, actor, referral: Referral, outcome: str, external_name: str = "", now=None
) -> Referral:
    return _answer(
        referral,
        "complete",
        actor=actor,
        note=outcome,
        external_name=external_name,
        fields={"completed_at": _NOW, "outcome": outcome.strip()},
        now=now,
    )


@transaction.atomic
def referral_cancel(*, actor, referral: Referral, reason: str, now=None) -> Referral:
    """The sender withdraws the referral (the person moved, consent withdrawn, …)."""

    def apply(referral: Referral, at) -> None:
        referral.closed_reason = reason.strip()
        referral.link_version += 1

    if actor is None:
        raise DomainError(_("Only the sender may do this."), code="forbidden")
    return _run(referral, "cancel", actor=actor, note=reason, apply=apply, now=now)


@transaction.atomic
def referral_override_review(*, actor, referral: Referral, note: str) -> Referral:
    """A supervisor or the data-protection officer reviews an emergency override of consent."""
    require(actor, "referrals.review_overrides", _("You may not review emergency overrides."))
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.emergency_override:
        raise DomainError(_("This referral was sent with consent: there is nothing to review."))
    if referral.override_reviewed_at is not None:
        raise DomainError(_("This override has already been reviewed."))
    if not note.strip():
        raise ValidationError({"note": _("Write what the review found.")})
    referral.override_reviewed_by = actor
    referral.override_reviewed_at = timezone.now()
    referral.override_review_note = note.strip()
    referral.save(
        update_fields=["override_reviewed_by", "override_reviewed_at", "override_review_note", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="referrals.referral.override_review",
        obj=referral,
        changes={"override_review_note": [None, referral.override_review_note]},
    )
    return referral


# ---------------------------------------------------------------------------------------------
# The receiving unit takes the person on
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def referral_register_person(*, actor, referral: Referral, idempotency_key: str | None = None) -> Person:
    """Register the person in the receiving agency from the shared fields only, linked to the
    referral (the receiver cannot see the sender's record)."""
    from sanad.registry.models import Registration
    from sanad.registry.services import person_register

    if not actor_is_receiver(actor, referral):
        raise DomainError(_("Only the receiving side may do this."), code="forbidden")
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.receiver_person_id:
        return referral.receiver_person
    if referral.status not in (S.ACCEPTED, S.SERVICE_STARTED, S.COMPLETED):
        raise DomainError(_("Accept the referral before registering the person."))
    shared = referral.shared_snapshot
    data: dict[str, Any] = {
        "given_name": shared.get("first_name", ""),
        "given_name_ar": shared.get("first_name_ar", ""),
        "sex": shared.get("sex") or "U",
    }
    full = (shared.get("full_name") or "").split()
    if len(full) > 1:
        data["given_name"], data["family_name"] = full[0], full[-1]
        if len(full) > 2:
            data["father_name"] = full[1]
    full_ar = (shared.get("full_name_ar") or "").split()
    if len(full_ar) > 1:
        data["given_name_ar"], data["family_name_ar"] = full_ar[0], full_ar[-1]
        if len(full_ar) > 2:
            data["father_name_ar"] = full_ar[1]
    if shared.get("date_of_birth"):
        data["date_of_birth"] = shared["date_of_birth"]
        data["date_of_birth_precision"] = shared.get("date_of_birth_precision") or "exact"
    elif shared.get("age") is not None:
        data["age"] = int(shared["age"])
        data["date_of_birth_precision"] = "estimated"
    if shared.get("nationality"):
        data["nationality"] = shared["nationality"]
    if shared.get("phones"):
        data["phones"] = list(shared["phones"])
    if shared.get("flags"):
        data["flags"] = list(shared["flags"])
    team = Team.objects.filter(pk__in=actor.team_ids).order_by("pk").first()
    person = person_register(
        actor=actor,
        data=data,
        registration_channel=Registration.Channel.REFERRAL,
        team=team,
        idempotency_key=idempotency_key,
        note=_("Incoming referral %(reference)s") % {"reference": referral.reference},
    )
    referral.receiver_person = person
    referral.save(update_fields=["receiver_person", "updated_at"])
    audit_record(
        actor=actor,
        action="referrals.referral.register_person",
        obj=referral,
        changes={"receiver_person": [None, str(person.uuid)]},
    )
    return person


# The case type a referral's first need suggests to the receiving unit.
CASE_TYPE_FOR_NEED = {
    Need.PROTECTION_GBV: "gbv",
    Need.PROTECTION_CHILD: "child_protection",
    Need.PROTECTION_TRAFFICKING: "vot",
    Need.MHPSS: "mhpss",
    Need.HEALTH_PSYCHIATRIC: "mhpss",
    Need.HEALTH_PRIMARY: "medical",
    Need.HEALTH_SPECIALISED: "medical",
    Need.HEALTH_SRH: "medical",
}


def referral_suggested_case_type(referral: Referral) -> str:
    for need in referral.needs:
        if need in CASE_TYPE_FOR_NEED:
            return CASE_TYPE_FOR_NEED[need]
    return "protection"


@transaction.atomic
def referral_open_case(*, actor, referral: Referral, case_type: str, idempotency_key: str | None = None):
    """Open a case in the receiving unit for an accepted referral (``opened_from="referral"``).
    When the receiver cannot see the sender's record, the person is first registered in the
    receiving agency from the shared fields."""
    from django.http import Http404

    from sanad.cases.services import case_open  # the cases module is optional at import time
    from sanad.registry.selectors import person_get

    if not actor_is_receiver(actor, referral):
        raise DomainError(_("Only the receiving side may do this."), code="forbidden")
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.receiver_case_id:
        return referral.receiver_case
    if referral.status not in (S.ACCEPTED, S.SERVICE_STARTED):
        raise DomainError(_("Accept the referral before opening a case."))
    person = referral.receiver_person
    if person is None:
        try:
            person = person_get(actor=actor, uuid=referral.person.uuid)
        except Http404:
            person = referral_register_person(actor=actor, referral=referral)
    team = (
        Team.objects.filter(pk__in=actor.team_ids, unit_id=referral.receiving_unit_id).order_by("pk").first()
    )
    case = case_open(
        actor=actor,
        person=person,
        case_type=case_type,
        team=team,
        opened_from="referral",
        reason=_("Incoming referral %(reference)s: %(reason)s")
        % {"reference": referral.reference, "reason": referral.reason},
        idempotency_key=idempotency_key,
    )
    referral.receiver_case = case
    referral.save(update_fields=["receiver_case", "updated_at"])
    audit_record(
        actor=actor,
        action="referrals.referral.open_case",
        obj=referral,
        changes={"receiver_case": [None, str(case.uuid)]},
    )
    return case
