"""Opening, updating, closing, reopening and transferring cases."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.cases.models import (
    ALWAYS_SENSITIVE_TYPES,
    Case,
    CaseApproval,
    CaseConsent,
    CaseNote,
    CaseStatus,
    CaseTransfer,
    CaseType,
    ClosureReason,
    FollowUp,
    OpenedFrom,
    RiskLevel,
)
from sanad.cases.selectors import case_setting_for
from sanad.cases.services.approvals import approval_request
from sanad.cases.services.transitions import (
    CASE_AUDITED,
    illegal,
    require,
    require_active,
    require_case,
)
from sanad.cases.workflow import CASE_WORKFLOW
from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError, Forbidden
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.models import Team, Unit, User
from sanad.core.permissions import CASE_WORKERS, Scope, scope_for
from sanad.core.references import reference_next
from sanad.core.scoping import scope_filter
from sanad.registry.models import Person

OPEN_ACTION = "cases.case.open"
REFERENCE_SERIES = "C"
MAX_NOTE = 20000


def _state(case: Case) -> dict:
    return snapshot(case, CASE_AUDITED)


def _check_team(actor, team: Team | None, action: str) -> Team | None:
    if team is None:
        return Team.objects.filter(pk__in=actor.team_ids, is_active=True).order_by("pk").first()
    scope = scope_for(actor, action)
    allowed = (
        team.pk in actor.team_ids
        or (scope is not None and scope >= Scope.UNIT and team.unit_id in actor.unit_ids)
        or (scope is not None and scope >= Scope.AGENCY and team.agency_id == actor.agency_id)
        or scope == Scope.ALL
    )
    if not allowed:
        raise ValidationError({"team": [_("Choose one of your teams.")]})
    return team


def check_worker(user: User | None, *, agency_id: int, field: str) -> User | None:
    """``user`` may work cases of the agency: active, of the agency, holding a case-work role."""
    if user is None:
        return None
    if not user.is_active or user.agency_id != agency_id or not (user.role_codes & set(CASE_WORKERS)):
        raise ValidationError({field: [_("Choose an active caseworker of the agency holding the case.")]})
    return user


def _add_note(*, actor, case: Case, kind: str, text: str) -> CaseNote | None:
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_NOTE:
        raise ValidationError({"reason": [_("The text is too long (at most 20,000 characters).")]})
    return CaseNote.objects.create(case=case, kind=kind, author=actor, body=text)


def case_source_check(*, actor, person: Person, assessment) -> None:
    """The screening a case is opened from: one the actor may see (else 404, so nobody learns it
    exists) and of the same person (else an ``assessment`` error). The page calls it to warn before
    the form is filled; ``case_open`` calls it whoever the caller is."""
    if assessment is None:
        return
    from sanad.assessments.selectors import assessment_get

    assessment_get(actor=actor, uuid=assessment.uuid, log_read=False)
    if assessment.person_id != person.pk:
        raise ValidationError({"assessment": [_("This assessment is of another person.")]})


@transaction.atomic
def case_open(
    *,
    actor,
    person: Person,
    case_type: str,
    team: Team | None = None,
    owner: User | None = None,
    risk_level: str = RiskLevel.MEDIUM,
    opened_from: str = OpenedFrom.REGISTRATION,
    reason: str = "",
    source_assessment=None,
    sensitive: bool = False,
    idempotency_key: str | None = None,
) -> Case:
    """Open a case for ``person``. The reason is kept as the first (encrypted) note."""
    require(actor, "cases.open", _("You may not open cases."))
    previous = idempotent_lookup(actor=actor, action=OPEN_ACTION, key=idempotency_key, model=Case)
    if previous is not None:
        return previous
    errors: dict[str, list[str]] = {}
    if case_type not in CaseType.values:
        errors["case_type"] = [_("Choose a case type.")]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("Choose a risk level.")]
    if opened_from not in OpenedFrom.values:
        errors["opened_from"] = [_("Choose where the case comes from.")]
    if (
        person is None
        or not scope_filter(
            Person.objects.filter(pk=person.pk, status=Person.Status.ACTIVE),
            actor=actor,
            action="persons.view",
        ).exists()
    ):
        errors["person"] = [_("Choose a registered person you may see.")]
    if errors:
        raise ValidationError(errors)
    case_source_check(actor=actor, person=person, assessment=source_assessment)
    team = _check_team(actor, team, "cases.open")
    unit = (
        team.unit if team is not None else Unit.objects.filter(pk__in=actor.unit_ids).order_by("pk").first()
    )
    if unit is None:
        raise DomainError(_("Your account belongs to no unit or team, so you cannot open cases."))
    agency_id = team.agency_id if team is not None else unit.agency_id
    if owner is None and actor.role_codes & set(CASE_WORKERS):
        owner = actor
    owner = check_worker(owner, agency_id=agency_id, field="owner")

    now = timezone.now()
    case = Case(
        reference=reference_next(series=REFERENCE_SERIES),
        person=person,
        case_type=case_type,
        risk_level=risk_level,
        sensitive=bool(sensitive) or case_type in ALWAYS_SENSITIVE_TYPES,
        opened_from=opened_from,
        agency_id=agency_id,
        unit=unit,
        team=team,
        owner=owner,
        opened_at=now,
        opened_by=actor,
        last_contact_at=now,
    )
    if source_assessment is not None and hasattr(Case, "source_assessment"):
        case.source_assessment = source_assessment
    case.save()
    if owner is not None:
        case.caseworkers.add(owner)
    CASE_WORKFLOW.move(case, "open", actor=actor, reason=opened_from, creating=True)
    _add_note(actor=actor, case=case, kind=CaseNote.Kind.OPENING, text=reason)
    if source_assessment is not None and getattr(source_assessment, "case_id", False) is None:
        source_assessment.case = case
        source_assessment.save(update_fields=["case"])
    changes = diff({}, _state(case))
    if source_assessment is not None:
        changes["source_assessment"] = [None, str(source_assessment.uuid)]
    audit_record(actor=actor, action=OPEN_ACTION, obj=case, changes=changes)
    idempotent_remember(actor=actor, action=OPEN_ACTION, key=idempotency_key, obj=case)
    return case


@transaction.atomic
def case_update(
    *,
    actor,
    case: Case,
    risk_level: str | None = None,
    sensitive: bool | None = None,
    owner: User | None = None,
    caseworkers: list[User] | None = None,
) -> Case:
    """Change the risk level, the sensitivity flag, the owner or the co-caseworkers of a case."""
    require_case(actor, case, "cases.manage")
    require_active(case)
    before = _state(case)
    before_workers = sorted(case.caseworkers.values_list("username", flat=True))
    if risk_level is not None:
        if risk_level not in RiskLevel.values:
            raise ValidationError({"risk_level": [_("Choose a risk level.")]})
        case.risk_level = risk_level
    if sensitive is not None:
        if not sensitive and case.case_type in ALWAYS_SENSITIVE_TYPES:
            raise ValidationError(
                {"sensitive": [_("GBV, trafficking and child-protection cases are always sensitive.")]}
            )
        case.sensitive = sensitive
    if owner is not None and owner.pk != case.owner_id:
        check_worker(owner, agency_id=case.agency_id, field="owner")
        if case.owner_id:
            case.caseworkers.remove(case.owner_id)
        case.owner = owner
    case.save()
    if caseworkers is not None:
        for user in caseworkers:
            check_worker(user, agency_id=case.agency_id, field="caseworkers")
        case.caseworkers.set({u.pk for u in caseworkers} | ({case.owner_id} if case.owner_id else set()))
    elif case.owner_id:
        case.caseworkers.add(case.owner_id)
    changes = diff(before, _state(case))
    after_workers = sorted(case.caseworkers.values_list("username", flat=True))
    if after_workers != before_workers:
        changes["caseworkers"] = [before_workers, after_workers]
    if changes:
        audit_record(actor=actor, action="cases.case.update", obj=case, changes=changes)
    return case


@transaction.atomic
def case_start_assessment(*, actor, case: Case) -> Case:
    return CASE_WORKFLOW.run(case, "start_assessment", actor=actor)


def _closing(reason: str):
    """The field changes of a closure (``apply`` of the transition)."""

    def apply(case: Case, at) -> None:
        case.closed_at = at
        case.closure_reason = reason

    return apply


def _cancel_followups(case: Case, row) -> None:
    # Nothing stays to do on a closed case.
    FollowUp.objects.filter(case=case, status=FollowUp.Status.PENDING).update(
        status=FollowUp.Status.CANCELLED, updated_at=timezone.now()
    )


@transaction.atomic
def case_close_request(*, actor, case: Case, reason: str, note: str = "") -> Case:
    """Close the case, or ask for approval of its closure when the unit requires it (the approvers
    are named by ``approvals.approval_request``)."""
    require_case(actor, case, "cases.manage")
    require_active(case)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": [_("Choose a closure reason.")]})
    if case.status == CaseStatus.CLOSURE_REQUESTED:
        raise illegal(case, "request_closure")
    _add_note(actor=actor, case=case, kind=CaseNote.Kind.CLOSURE, text=note)
    if case_setting_for(case=case).closure_approval_required:

        def ask_approval(case: Case, row) -> dict:
            approval = approval_request(
                actor=actor, case=case, kind=CaseApproval.Kind.CLOSURE, closure_reason=reason
            )
            approvers = sorted(approval.approvers.values_list("username", flat=True))
            return {"closure_reason": [None, reason], "approvers": [None, approvers]}

        return CASE_WORKFLOW.run(
            case, "request_closure", actor=actor, reason=reason, then=ask_approval, authorised=True
        )
    return CASE_WORKFLOW.run(
        case,
        "close",
        actor=actor,
        reason=reason,
        apply=_closing(reason),
        then=_cancel_followups,
        authorised=True,
    )


@transaction.atomic
def case_closure_decide(*, actor, case: Case, approve: bool, comment: str = "") -> Case:
    """A named approver or the team's leader approves (the case closes) or rejects (it goes back
    to work) a closure."""
    require_case(actor, case, "cases.approve")
    approval = (
        CaseApproval.objects.select_for_update()
        .filter(case=case, kind=CaseApproval.Kind.CLOSURE, status=CaseApproval.Status.PENDING)
        .first()
    )
    if approval is None or case.status != CaseStatus.CLOSURE_REQUESTED:
        raise DomainError(_("No closure of this case is waiting for approval."), code="nothing_to_approve")
    if approval.requested_by_id == actor.pk:
        raise Forbidden(_("Somebody else must approve your own request."), code="four_eyes")
    if not approve and not comment.strip():
        raise ValidationError({"comment": [_("Say why the closure is rejected.")]})
    approval.status = CaseApproval.Status.APPROVED if approve else CaseApproval.Status.REJECTED
    approval.decided_by = actor
    approval.decided_at = timezone.now()
    approval.comment = comment.strip()[:300]
    approval.save()
    changes = {"approval_comment": [None, approval.comment]}
    if approve:
        reason = approval.closure_reason or ClosureReason.OTHER
        return CASE_WORKFLOW.run(
            case,
            "approve_closure",
            actor=actor,
            reason=reason,
            apply=_closing(reason),
            then=_cancel_followups,
            changes=changes,
            authorised=True,
        )
    back_to = (
        case.status_changes.filter(transition="request_closure")
        .order_by("-at", "-id")
        .values_list("from_status", flat=True)
        .first()
        or CaseStatus.IMPLEMENTATION
    )
    return CASE_WORKFLOW.run(
        case,
        "reject_closure",
        actor=actor,
        reason=comment,
        to_state=back_to,
        changes=changes,
        authorised=True,
    )


@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str) -> Case:
    def apply(case: Case, at) -> None:
        case.closed_at = None
        case.closure_reason = ""
        case.reopened_count += 1
        case.last_contact_at = at

    def keep_reason(case: Case, row) -> None:
        _add_note(actor=actor, case=case, kind=CaseNote.Kind.REOPENING, text=reason)

    return CASE_WORKFLOW.run(case, "reopen", actor=actor, reason=reason, apply=apply, then=keep_reason)


# ---------------------------------------------------------------------------------------------
# Consent and transfer
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def case_consent_record(*, actor, case: Case, purpose: str, given_by: str, given_on=None) -> CaseConsent:
    require_case(actor, case, "cases.manage")
    errors = {}
    if purpose not in CaseConsent.Purpose.values:
        errors["purpose"] = [_("Choose what the consent is for.")]
    if not (given_by or "").strip():
        errors["given_by"] = [_("Say who gave the consent (the person, or their parent or guardian).")]
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        errors["given_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    consent = CaseConsent.objects.create(
        case=case, purpose=purpose, given_by=given_by.strip()[:150], given_on=given_on, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="cases.consent.record",
        obj=case,
        changes={
            "consent": [None, {"purpose": purpose, "given_by": consent.given_by, "given_on": str(given_on)}]
        },
    )
    return consent


@transaction.atomic
def case_consent_withdraw(*, actor, case: Case, consent: CaseConsent) -> CaseConsent:
    require_case(actor, case, "cases.manage")
    if consent.case_id != case.pk or consent.withdrawn_on:
        raise DomainError(_("This consent is not in force on this case."))
    consent.withdrawn_on = timezone.localdate()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit_record(
        actor=actor,
        action="cases.consent.withdraw",
        obj=case,
        changes={"consent_withdrawn": [None, consent.purpose]},
    )
    return consent


@transaction.atomic
def case_transfer(*, actor, case: Case, to_owner: User, to_team: Team | None = None) -> Case:
    """Hand the case to another caseworker (or another agency's caseworker). Refused unless the
    person's consent to this kind of transfer is recorded on the case and not withdrawn."""
    require_case(actor, case, "cases.manage")
    require_active(case)
    if (
        to_owner is None
        or not to_owner.is_active
        or not to_owner.agency_id
        or not (to_owner.role_codes & set(CASE_WORKERS))
    ):
        raise ValidationError({"to_owner": [_("Choose an active caseworker.")]})
    if to_owner.pk == case.owner_id and (to_team is None or to_team.pk == case.team_id):
        raise ValidationError({"to_owner": [_("This caseworker already holds the case.")]})
    other_agency = to_owner.agency_id != case.agency_id
    purpose = CaseConsent.Purpose.TRANSFER_AGENCY if other_agency else CaseConsent.Purpose.TRANSFER_CASEWORKER
    consent = (
        case.consents.filter(purpose=purpose, withdrawn_on__isnull=True).order_by("-given_on", "-id").first()
    )
    if consent is None:
        raise DomainError(
            _("Record the person's consent to this transfer (“%(purpose)s”) on the case first.")
            % {"purpose": CaseConsent.Purpose(purpose).label},
            code="consent_required",
        )
    if to_team is not None and (
        to_team.agency_id != to_owner.agency_id or not to_owner.memberships.filter(team=to_team).exists()
    ):
        # The case follows its caseworker: a team they are not in would hold a case none of its
        # members was given, and its leader would supervise someone outside the team.
        raise ValidationError({"to_team": [_("Choose a team the receiving caseworker belongs to.")]})
    if to_team is None:
        if other_agency or case.team_id not in set(to_owner.memberships.values_list("team_id", flat=True)):
            to_team = to_owner.memberships.select_related("team").order_by("pk").first()
            to_team = to_team.team if to_team else None
        else:
            to_team = case.team
    before = _state(case)
    CaseTransfer.objects.create(
        case=case,
        consent=consent,
        transferred_by=actor,
        from_owner=case.owner,
        to_owner=to_owner,
        from_agency_id=case.agency_id,
        to_agency_id=to_owner.agency_id,
        to_team=to_team,
    )
    if other_agency:
        case.caseworkers.clear()
        case.agency_id = to_owner.agency_id
        case.unit = (
            to_team.unit if to_team is not None else to_owner.units.order_by("pk").first() or case.unit
        )
    elif case.owner_id:
        case.caseworkers.remove(case.owner_id)
    case.owner = to_owner
    case.team = to_team
    case.save()
    case.caseworkers.add(to_owner)
    audit_record(
        actor=actor,
        action="cases.case.transfer",
        obj=case,
        changes={**diff(before, _state(case)), "consent": [None, str(consent.uuid)]},
    )
    return case
