"""`sanad import_people FILE.csv|FILE.xlsx`: import people; nothing is written if any row is wrong."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from sanad.core.context import Origin, origin
from sanad.core.errors import DomainError
from sanad.core.selectors.organisation import agency_by_code, cli_actor, team_by_code
from sanad.registry.services.import_rows import error_report_csv
from sanad.registry.services.importing import people_import


class Command(BaseCommand):
    help = (
        "Import people from a CSV or XLSX file (format: docs/import-template.md). Every row is checked "
        "first; if any is wrong nothing is imported and all errors are listed. Safe to run again: "
        "external_id identifies each person, unchanged rows change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument(
            "--user", required=True, help="Username of the importing user (needs persons.import)."
        )
        parser.add_argument("--agency", help="Agency code (default: the user's agency).")
        parser.add_argument("--team", help="Team code within the agency that will hold the records.")
        parser.add_argument("--errors-csv", help="Also write the errors to this CSV file.")
        parser.add_argument("--language", default="en", help="Language of the messages (en, ar, fr).")

    def handle(self, *args, file, dry_run, user, agency, team, errors_csv, language, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = cli_actor(username=user)
        if actor is None:
            raise CommandError(f"No active user {user!r}.")
        agency_obj = None
        if agency:
            agency_obj = agency_by_code(code=agency)
            if agency_obj is None:
                raise CommandError(f"No agency with code {agency!r}.")
        team_obj = None
        if team:
            team_agency = agency_obj.pk if agency_obj else actor.agency_id
            team_obj = team_by_code(agency_id=team_agency, code=team)
            if team_obj is None:
                raise CommandError(f"No team with code {team!r} in that agency.")
        with translation.override(language), origin(Origin(channel="cli")):
            try:
                with path.open("rb") as handle:
                    report = people_import(
                        actor=actor,
                        source=handle,
                        file_name=path.name,
                        agency=agency_obj,
                        team=team_obj,
                        dry_run=dry_run,
                    )
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            for error in report.errors:
                self.stderr.write(error.line())
            if errors_csv and report.errors:
                Path(errors_csv).write_bytes(error_report_csv(report.errors))
            for line in report.summary_lines():
                self.stdout.write(line)
            self.stdout.write(f"{report.rows} rows in {report.seconds:.1f} s")
        if report.status == "rejected":
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported.")
