"""Case notes (encrypted at rest by their field), best-interests determinations. Key rotation
lives in ``sanad.core.services.encryption`` (re-exported here for the rotate command)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.cases.models import (
    BestInterestsDetermination,
    Case,
    CaseNote,
    CaseType,
)
from sanad.cases.services.transitions import require_case
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.services.encryption import (  # noqa: F401  (re-exported: the rotate command)
    encrypted_count,
    encrypted_tokens_rotate,
    encryption_rotation_job,
)

MAX_NOTE = 20000


@transaction.atomic
def note_add(*, actor, case: Case, text: str) -> CaseNote:
    """Add a case note; closed cases accept notes too (what happened after closure matters)."""
    require_case(actor, case, "cases.manage")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the note.")]})
    if len(text) > MAX_NOTE:
        raise ValidationError({"text": [_("The text is too long (at most 20,000 characters).")]})
    note = CaseNote.objects.create(case=case, author=actor, body=text)
    # The audit trail records that a note was written, never its text.
    audit_record(actor=actor, action="cases.note.add", obj=case, changes={"note": [None, str(note.uuid)]})
    return note


@transaction.atomic
def bid_record(
    *,
    actor,
    case: Case,
    panel_date: datetime.date,
    panel_members: list[str],
    recommendation: str,
    decision: str,
) -> BestInterestsDetermination:
    """Record the best-interests determination panel's decision on a child-protection case."""
    require_case(actor, case, "cases.manage")
    if case.case_type != CaseType.CHILD_PROTECTION:
        raise DomainError(_("Best-interests determinations are for child-protection cases."))
    members = [m.strip()[:150] for m in panel_members or [] if m and m.strip()]
    errors = {}
    if panel_date is None or panel_date > timezone.localdate():
        errors["panel_date"] = [_("Give the date the panel met (not in the future).")]
    if len(members) < 2:
        errors["panel_members"] = [_("Name at least two panel members.")]
    if recommendation not in BestInterestsDetermination.Recommendation.values:
        errors["recommendation"] = [_("Choose the panel's recommendation.")]
    if not (decision or "").strip():
        errors["decision"] = [_("Write the panel's decision and its reasons.")]
    if errors:
        raise ValidationError(errors)
    bid = BestInterestsDetermination.objects.create(
        case=case,
        panel_date=panel_date,
        panel_members=members,
        recommendation=recommendation,
        decision=decision.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="cases.bid.record",
        obj=case,
        changes={
            "bid": [
                None,
                {"panel_date": str(panel_date), "recommendation": recommendation, "members": len(members)},
            ]
        },
    )
    return bid
