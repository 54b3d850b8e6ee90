"""A ticket's page lists the referrals made from it, through the link the referrals app registers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from sanad.feedback import referral_link
from sanad.referrals.selectors import referrals_of_ticket


def test_the_referrals_app_registers_the_ticket_link():
    assert referral_link._registered == [referrals_of_ticket]


def test_without_the_referrals_app_the_link_says_so(monkeypatch):
    monkeypatch.setattr(referral_link, "_registered", [])
    with pytest.raises(ImproperlyConfigured):
        referral_link.ticket_referrals(actor=None, ticket=None)


def test_the_ticket_page_lists_the_referrals_made_from_it(users, person, send, client_for):
    from sanad.feedback.services import ticket_log

    operator = users["helpline_operator"]
    ticket = ticket_log(
        actor=operator,
        channel="helpline_call",
        category="assistance_request",
        description="Caller asks for psychiatric help.",
        person=person,
    )
    other = send()  # about the same person, not from the ticket
    referral = send(ticket=ticket)
    assert referral_link.ticket_referrals(actor=operator, ticket=ticket) == [referral]
    html = client_for(operator).get(reverse("feedback:ticket_detail", args=[ticket.uuid])).content.decode()
    assert referral.reference in html and other.reference not in html
