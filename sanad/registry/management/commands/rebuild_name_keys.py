"""``sanad rebuild_name_keys``: recompute the stored name keys after the name rules changed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sanad.registry.services.name_keys import name_keys_rebuild_all


class Command(BaseCommand):
    help = (
        "Recompute every person's name keys (search and duplicate look-ups) with the current name "
        "rules; only people whose keys changed are rewritten. Run after upgrading Sanad."
    )

    def handle(self, *args, **options):
        def say(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        summary = name_keys_rebuild_all(actor=None, progress=say)
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary['people_checked']} people checked, {summary['people_rekeyed']} re-keyed, "
                f"{summary['keys_written']} keys written"
            )
        )
