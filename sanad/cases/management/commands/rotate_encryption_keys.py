"""Re-encrypt case notes, BID decisions and service notes with the current (first) key.

    sanad rotate_encryption_keys              # runs here, printing progress
    sanad rotate_encryption_keys --background # queues a job (progress on the Jobs page)

See docs/cases.md, "Key rotation".
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sanad.cases.services.notes import encrypted_count, encrypted_tokens_rotate
from sanad.core.context import Origin, origin
from sanad.core.crypto import configured_keys
from sanad.core.jobs import job_enqueue
from sanad.core.services.jobs import job_create


class Command(BaseCommand):
    help = "Re-encrypt every encrypted case text with the first key of SANAD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--background", action="store_true", help="Queue a job instead of running here.")

    def handle(self, *args, batch_size: int, background: bool, **options):
        keys = configured_keys()
        self.stdout.write(f"{len(keys)} key(s) configured; the first encrypts.")
        if background:
            job = job_create(actor=None, kind="cases.rotate_encryption_keys", label="Re-encrypt case notes")
            job_enqueue(job)
            self.stdout.write(f"Queued job {job.uuid}.")
            return
        total = encrypted_count()
        self.stdout.write(f"{total} encrypted text(s) to check.")

        def progress(done: int) -> None:
            self.stdout.write(f"  {done}/{total}")

        with origin(Origin(channel="cli")):
            result = encrypted_tokens_rotate(batch_size=batch_size, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {result['rotated']}; {result['unchanged']} already used the current key."
            )
        )
