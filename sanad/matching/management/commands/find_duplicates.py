"""``sanad find_duplicates [--export pairs.csv]``: the batch duplicate detection, synchronously."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sanad.matching.detection import duplicate_detection_run


class Command(BaseCommand):
    help = "Run probabilistic record linkage over the whole registry and store the candidate pairs."

    def add_arguments(self, parser):
        parser.add_argument(
            "--export",
            metavar="PAIRS.CSV",
            help="Also write external_id_a, external_id_b, match_weight, match_probability, band",
        )

    def handle(self, *args, export=None, **options):
        def say(message: str) -> None:
            self.stdout.write(str(message))
            self.stdout.flush()

        if export:
            # UTF-8 with a byte-order mark, like every CSV Sanad writes.
            with open(export, "w", newline="", encoding="utf-8-sig") as stream:
                result = duplicate_detection_run(actor=None, export=stream, progress=say)
        else:
            result = duplicate_detection_run(actor=None, progress=say)
        for warning in result.get("warnings", []):
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(self.style.SUCCESS(str(result["summary"])))
        if export:
            self.stdout.write(f"{result['pairs']} pairs written to {export}")
