from django.core.management.base import BaseCommand

from sanad.core.services.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the demo logins (one user per role)."

    def handle(self, *args, **options):
        rows = demo_logins()
        if not rows:
            self.stdout.write("No demo users: run `sanad seed_demo`.")
            return
        width = max(len(username) for username, _, _ in rows)
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD})")
        for username, label, two_factor in rows:
            note = "  [asks you to enrol an authenticator app]" if two_factor else ""
            self.stdout.write(f"    {username.ljust(width)}  {label}{note}")
