"""`sanad load_instruments`: load or update the instruments shipped in sanad/assessments/forms/."""

from django.core.management.base import BaseCommand, CommandError

from sanad.assessments.services import instruments_load_shipped


class Command(BaseCommand):
    help = (
        "Load the XLSForm instruments shipped with Sanad (sanad/assessments/forms/) as instrument "
        "versions. Safe to run again: a version already loaded with the same content is left alone; "
        "a changed form needs a new version string in its settings sheet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Load the forms of another folder instead.")

    def handle(self, *args, **options):
        report = instruments_load_shipped(directory=options.get("directory"))
        errors = 0
        for filename, outcome, detail in report:
            line = f"{filename}: {outcome} ({detail})"
            if outcome == "error":
                errors += 1
                self.stderr.write(line)
            else:
                self.stdout.write(line)
        if errors:
            raise CommandError(f"{errors} form(s) could not be loaded.")
