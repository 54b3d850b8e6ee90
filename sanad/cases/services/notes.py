"""Case notes (encrypted at rest), best-interests determinations, and re-encrypting every token
with the current key (key rotation)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.cases.crypto import current_key_encrypts, encrypt_text, rotate_token
from sanad.cases.models import (
    BestInterestsDetermination,
    Case,
    CaseNote,
    CaseType,
    ServiceDelivery,
)
from sanad.cases.services.transitions import require_case
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError

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
    note = CaseNote.objects.create(case=case, author=actor, body_encrypted=encrypt_text(text))
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
        decision_encrypted=encrypt_text(decision.strip()),
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


# (model, field) pairs holding Fernet tokens.
ENCRYPTED_FIELDS = (
    (CaseNote, "body_encrypted"),
    (BestInterestsDetermination, "decision_encrypted"),
    (ServiceDelivery, "notes_encrypted"),
)


def encrypted_count() -> int:
    return sum(model.objects.exclude(**{field: ""}).count() for model, field in ENCRYPTED_FIELDS)


def encrypted_tokens_rotate(*, batch_size: int = 500, progress=None) -> dict[str, int]:
    """Re-encrypt every token not yet under the current key, batch by batch (each batch its own
    transaction, so a large installation can be rotated while in use and the run resumed)."""
    result = {"rotated": 0, "unchanged": 0}
    done = 0
    for model, field in ENCRYPTED_FIELDS:
        last_pk = 0
        while True:
            with transaction.atomic():
                rows = list(
                    model.objects.select_for_update()
                    .filter(pk__gt=last_pk)
                    .exclude(**{field: ""})
                    .order_by("pk")
                    .only("pk", field)[:batch_size]
                )
                if not rows:
                    break
                changed = []
                for row in rows:
                    token = getattr(row, field)
                    if current_key_encrypts(token):
                        result["unchanged"] += 1
                    else:
                        setattr(row, field, rotate_token(token))
                        changed.append(row)
                if changed:
                    model.objects.bulk_update(changed, [field])
                result["rotated"] += len(changed)
                last_pk = rows[-1].pk
                done += len(rows)
            if progress is not None:
                progress(done)
    audit_record(actor=None, action="cases.encryption.rotate", changes={"rotated": [None, result["rotated"]]})
    result["at"] = timezone.now().isoformat()
    return result


def encryption_rotation_job(job) -> dict:
    """``encrypted_tokens_rotate`` as a job with a progress bar (``sanad rotate_encryption_keys
    --background``)."""
    from sanad.core.services.jobs import job_progress, job_start

    job_start(job, total=encrypted_count())
    return encrypted_tokens_rotate(progress=lambda done: job_progress(job, done))
