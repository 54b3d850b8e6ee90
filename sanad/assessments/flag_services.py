"""Writes on the flags an assessment proposes: confirming (the flag reaches the person) or
dismissing (with a reason). See ``PROTECTION_DISCLOSURE_FLAGS`` in models.

Who decides: a user holding "assessments.confirm_flags" (the protection caseworkers of the unit,
the leaders of the assessment's team) in a scope covering the assessment, who can also see the
assessment. Each decision is audited on the proposal; a confirmation is also audited on the person
by the registry's ``person_set_flags``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.assessments.models import Assessment, FlagProposal
from sanad.assessments.selectors import assessment_get, flag_proposal_may_decide
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError

CONFIRM = "confirm"
DISMISS = "dismiss"


@transaction.atomic
def flag_proposal_decide(
    *, actor, assessment: Assessment, flag: str, decision: str, reason: str = ""
) -> FlagProposal:
    """Confirm or dismiss the pending proposal of ``flag`` on ``assessment``."""
    # 404 when the actor may not see the assessment (same rule as the pages).
    assessment = assessment_get(actor=actor, uuid=assessment.uuid, log_read=False)
    if not flag_proposal_may_decide(actor=actor, assessment=assessment):
        raise DomainError(
            _("Only protection caseworkers and team leaders may confirm or dismiss proposed flags."),
            code="forbidden",
        )
    if decision not in (CONFIRM, DISMISS):
        raise ValidationError({"decision": [_("Choose confirm or dismiss.")]})
    proposal = FlagProposal.objects.select_for_update().filter(assessment=assessment, flag=flag).first()
    if proposal is None:
        raise ValidationError({"flag": [_("This assessment proposes no such flag.")]})
    wanted = FlagProposal.Status.CONFIRMED if decision == CONFIRM else FlagProposal.Status.DISMISSED
    if proposal.status == wanted:
        return proposal  # a retried request (double submit): already done, nothing changes
    if not proposal.is_pending:
        raise ValidationError({"flag": [_("This flag was already confirmed or dismissed.")]})
    reason = (reason or "").strip()
    if decision == DISMISS and not reason:
        raise ValidationError({"reason": [_("Say why the flag is dismissed.")]})
    if decision == CONFIRM:
        from sanad.registry.services import person_set_flags

        person = assessment.person
        existing = set(person.flags.values_list("flag", flat=True))
        if flag not in existing:
            person_set_flags(actor=actor, person=person, flags=sorted(existing | {flag}))
    proposal.status = wanted
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.reason = reason[:2000]
    proposal.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    audit_record(
        actor=actor,
        action=f"assessments.flag_proposal.{decision}",
        obj=proposal,
        changes={"status": [FlagProposal.Status.PROPOSED, proposal.status], "flag": [flag, flag]},
    )
    return proposal
