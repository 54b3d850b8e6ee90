"""Key rotation: re-encrypt every ``EncryptedTextField`` token with the current (first) key.

Run by ``sanad rotate_encryption_keys`` (here or as a job); see docs/cases.md, "Key rotation".
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from sanad.core.audit import audit_record
from sanad.core.crypto import current_key_encrypts, rotate_token
from sanad.core.fields import encrypted_fields, stored_token


def _stored(model, field):
    return (
        model._base_manager.annotate(_stored=stored_token(field.name))
        .filter(_stored__isnull=False)
        .exclude(_stored="")
    )


def encrypted_count() -> int:
    """How many stored tokens (non-blank encrypted values) there are, over every model."""
    return sum(_stored(model, field).count() for model, field in encrypted_fields())


def encrypted_tokens_rotate(*, batch_size: int = 500, progress=None) -> dict[str, int]:
    """Re-encrypt every token not yet under the current key, batch by batch (each batch its own
    transaction, so a large installation can be rotated while in use and the run resumed)."""
    result = {"rotated": 0, "unchanged": 0}
    done = 0
    for model, field in encrypted_fields():
        last_pk = 0
        while True:
            with transaction.atomic():
                rows = list(
                    _stored(model, field)
                    .select_for_update()
                    .filter(pk__gt=last_pk)
                    .order_by("pk")
                    .values_list("pk", "_stored")[:batch_size]
                )
                if not rows:
                    break
                for pk, token in rows:
                    if current_key_encrypts(token):
                        result["unchanged"] += 1
                        continue
                    # A Value typed as plain text is written as is (the field would encrypt again).
                    rotated = models.Value(rotate_token(token), output_field=models.TextField())
                    model._base_manager.filter(pk=pk).update(**{field.name: rotated})
                    result["rotated"] += 1
                last_pk = rows[-1][0]
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
