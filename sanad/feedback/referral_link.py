"""The referrals made from a ticket, as the ticket's page lists them.

Referrals own the link between the two apps: a referral is made from a helpline ticket
(``Referral.ticket``), so the referrals app imports feedback and, when it starts, registers here how
a ticket's referrals are read (``referrals/apps.py``). Feedback never imports referrals
(``core/tests/test_import_graph.py`` parses the imports).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# reader(actor=, ticket=) -> the referrals made from the ticket that the actor may see, newest first.
_registered: list[Callable[..., list]] = []


def ticket_referrals_register(reader: Callable[..., list]) -> None:
    _registered[:] = [reader]


def ticket_referrals(*, actor, ticket) -> list:
    """The referrals made from ``ticket`` that the actor may see, newest first."""
    if not _registered:
        raise ImproperlyConfigured(
            "The referrals app registers a ticket's referrals when it starts (referrals/apps.py)."
        )
    return _registered[0](actor=actor, ticket=ticket)
