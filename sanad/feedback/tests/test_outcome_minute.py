"""Closing the loop in the minute the ticket was received (regression, issue 13, item 6).

A datetime-local input posts minutes only ("2026-12-07T10:07"); the ticket was received at
10:07:42. That minute is not "before the ticket was received".
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sanad.feedback.models import Status
from sanad.feedback.services import ticket_communicate_outcome, ticket_log, ticket_resolve, ticket_start

pytestmark = pytest.mark.django_db

TRIPOLI = zoneinfo.ZoneInfo("Africa/Tripoli")


def _resolved_ticket(operator, received_at: datetime.datetime):
    ticket = ticket_log(
        actor=operator,
        channel="helpline_call",
        category="information_request",
        description="Where is the clinic?",
        received_at=received_at,
    )
    ticket_start(actor=operator, ticket=ticket)
    return ticket_resolve(actor=operator, ticket=ticket, response="Told them.", method="phone")


def _received_at_42_seconds() -> datetime.datetime:
    """An hour ago, at second 42 of its minute, Tripoli time."""
    an_hour_ago = timezone.now().astimezone(TRIPOLI) - datetime.timedelta(hours=1)
    return an_hour_ago.replace(second=42, microsecond=0)


def test_service_accepts_the_minute_of_receipt_and_keeps_the_order(users):
    operator = users["helpline_operator"]
    received = _received_at_42_seconds()
    ticket = _resolved_ticket(operator, received)
    same_minute = received.replace(second=0)
    ticket = ticket_communicate_outcome(
        actor=operator, ticket=ticket, method="phone", communicated_at=same_minute
    )
    ticket.refresh_from_db()
    # Stored no earlier than the receipt, and in the minute the worker gave.
    assert ticket.outcome_communicated_at >= ticket.received_at
    assert ticket.outcome_communicated_at.astimezone(TRIPOLI).replace(second=0, microsecond=0) == same_minute


def test_service_still_refuses_the_minute_before(users):
    operator = users["helpline_operator"]
    received = _received_at_42_seconds()
    ticket = _resolved_ticket(operator, received)
    with pytest.raises(ValidationError) as caught:
        ticket_communicate_outcome(
            actor=operator,
            ticket=ticket,
            method="phone",
            communicated_at=received.replace(second=59) - datetime.timedelta(minutes=1),
        )
    assert caught.value.message_dict == {"communicated_at": ["This is before the ticket was received."]}
    ticket.refresh_from_db()
    assert ticket.outcome_communicated_at is None and ticket.status == Status.RESOLVED


def test_page_accepts_the_current_minute_typed_in_tripoli_time(users, client_for):
    operator = users["helpline_operator"]
    received = _received_at_42_seconds()
    ticket = _resolved_ticket(operator, received)
    typed = received.strftime("%Y-%m-%dT%H:%M")  # what the datetime-local input posts, local time
    response = client_for(operator).post(
        reverse("feedback:ticket_action", args=[ticket.uuid, "outcome"]),
        {"method": "phone", "communicated_at": typed, "satisfaction": "4"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket.refresh_from_db()
    assert ticket.outcome_communicated_at is not None
    assert ticket.outcome_communicated_at.astimezone(TRIPOLI).strftime("%Y-%m-%dT%H:%M") == typed


def test_api_accepts_the_minute_of_receipt(users, api_client_for):
    operator = users["helpline_operator"]
    received = _received_at_42_seconds()
    ticket = _resolved_ticket(operator, received)
    same_minute_utc = received.replace(second=0).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    response = api_client_for(operator).post(
        f"/api/v1/tickets/{ticket.uuid}/communicate-outcome/",
        {"method": "phone", "communicated_at": same_minute_utc},
        format="json",
    )
    assert response.status_code == 200, response.content
