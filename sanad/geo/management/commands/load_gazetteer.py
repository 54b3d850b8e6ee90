"""`sanad load_gazetteer`: load or refresh the admin units from the COD-AB CSV files."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sanad.core.context import Origin, origin
from sanad.core.errors import DomainError
from sanad.geo.services import gazetteer_load


class Command(BaseCommand):
    help = "Load (or refresh) the Libya admin units by P-code. Safe to run again: unchanged units stay."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            default=str(settings.SANAD_GAZETTEER_DIR),
            help="Folder holding lby_admin1_regions.csv … lby_admin4_muhalla.csv (default: shipped data).",
        )

    def handle(self, *args, directory, **options):
        with origin(Origin(channel="cli")):
            try:
                report = gazetteer_load(actor=None, directory=directory)
            except DomainError as exc:
                raise CommandError(exc.message) from exc
        for line in report.lines():
            self.stdout.write(line)
        for change in report.changes:
            if change["verb"] == "updated":
                fields = ", ".join(f"{k}: {v[0]!r} → {v[1]!r}" for k, v in change["changes"].items())
                self.stdout.write(f"  updated {change['pcode']}: {fields}")
        self.stdout.write(self.style.SUCCESS("Gazetteer loaded."))
