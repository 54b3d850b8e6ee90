import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sanad.core.services.users import user_create_first_admin


class Command(BaseCommand):
    help = (
        "Create a system administrator (the first account of an installation). "
        "The password is asked for, or read from the SANAD_ADMIN_PASSWORD environment variable."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        import os

        password = os.environ.get("SANAD_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        try:
            user = user_create_first_admin(username=username, password=password, email=email)
        except ValidationError as error:
            messages = [f"{field}: {m}" for field, items in error.message_dict.items() for m in items]
            raise CommandError("\n".join(messages)) from None
        self.stdout.write(
            f"System administrator {user.username!r} created. At first sign-in Sanad asks them to "
            "enrol an authenticator app."
        )
