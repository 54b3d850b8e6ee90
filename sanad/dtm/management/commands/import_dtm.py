"""`sanad import_dtm FILE --round N --population migrants [--mapping PATH]`."""

from django.core.management.base import BaseCommand, CommandError

from sanad.core.context import Origin, origin
from sanad.core.errors import DomainError
from sanad.dtm.models import Population
from sanad.dtm.services import DtmImportError, mapping_load, round_import


class Command(BaseCommand):
    help = (
        "Import (or replace) a published DTM mobility-tracking round from its Excel workbook. "
        "Nothing is written when any row does not fit; every problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The published .xlsx workbook.")
        parser.add_argument("--round", dest="number", type=int, required=True, help="Round number, e.g. 54.")
        parser.add_argument("--population", choices=Population.values, default=Population.MIGRANTS)
        parser.add_argument(
            "--mapping",
            default=None,
            help="Column mapping JSON (default: sanad/dtm/mappings/r54_migrants.json).",
        )

    def handle(self, *args, file, number, population, mapping, **options):
        with origin(Origin(channel="cli")):
            try:
                loaded = mapping_load(mapping, population=population)
                with open(file, "rb") as handle:
                    report = round_import(
                        actor=None,
                        file=handle,
                        number=number,
                        population=population,
                        file_name=file.rsplit("/", 1)[-1],
                        mapping=loaded,
                    )
            except FileNotFoundError as exc:
                raise CommandError(f"{file}: no such file.") from exc
            except DtmImportError as exc:
                self.stderr.write(exc.message)
                raise CommandError("Import refused; nothing was changed.") from exc
            except DomainError as exc:
                raise CommandError(exc.message) from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Round {number} imported ({report.round.get_status_display()}).")
        )
