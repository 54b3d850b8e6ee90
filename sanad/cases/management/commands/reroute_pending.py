"""Give every pending approval without approvers its approvers, and every open safety alert that
reaches only its recorder its recipients, through the same escalation chain as new requests.

    sanad reroute_pending

Runs by itself after every ``sanad migrate`` (``sanad.cases.upgrade``); run it again after naming
a team leader when it reported approvals or alerts nobody may receive. Idempotent.
See docs/cases.md, "Upgrading".
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sanad.cases.upgrade import reroute_pending


class Command(BaseCommand):
    help = "Route pending approvals and open safety alerts left by an earlier version (idempotent)."

    def handle(self, *args, **options) -> None:
        report = reroute_pending()
        for line in report.lines():
            self.stdout.write(line)
