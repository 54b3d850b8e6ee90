from django.core.management.base import BaseCommand

from sanad.core.services.demo import demo_seed


class Command(BaseCommand):
    help = "Create the demo agencies, units, teams, sites and one user per role (safe to run again)."

    def handle(self, *args, **options):
        report = demo_seed()
        if report.created:
            summary = ", ".join(f"{count} {kind}" for kind, count in sorted(report.created.items()))
            self.stdout.write(f"Demo data created: {summary}.")
        else:
            self.stdout.write("Demo data already present: nothing created.")
