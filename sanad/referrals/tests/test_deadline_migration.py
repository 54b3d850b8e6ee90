"""The move of referral and ticket escalations to the deadline kit's rows keeps every row: undo
the two migrations (notices back to the old tables), then apply them again (back to notices)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sanad.core.models import DeadlineNotice
from sanad.feedback.services import ticket_escalate_overdue, ticket_log
from sanad.referrals.services import referral_escalate_overdue

BEFORE = [("referrals", "0003_referral_sensitive"), ("feedback", "0003_ticket_text_encrypted")]


def _notices():
    return sorted(
        (
            n.content_type.model,
            n.object_id,
            n.kind,
            n.step,
            n.due_at,
            n.at,
            tuple(n.recipients.values_list("pk")),
        )
        for n in DeadlineNotice.objects.select_related("content_type")
    )


@pytest.mark.django_db(transaction=True)
def test_escalations_move_to_deadline_notices_and_back(send, users):
    referral = send(urgency="emergency")
    referral_escalate_overdue(now=referral.sent_at + datetime.timedelta(hours=49))  # levels 1 and 2
    ticket = ticket_log(
        actor=users["helpline_operator"],
        channel="helpline_call",
        category="emergency_medical",
        description="Nobody came.",
    )
    ticket_escalate_overdue(now=ticket.received_at + datetime.timedelta(hours=2))  # reminder, escalation
    before = _notices()
    assert sorted(row[3] for row in before) == ["escalation", "escalation-1", "escalation-2", "reminder"]
    assert all(row[6] for row in before if row[3] != "reminder")  # somebody was told each time
    try:
        MigrationExecutor(connection).migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        assert not DeadlineNotice.objects.exists()
        levels = old.get_model("referrals", "ReferralEscalation").objects.values_list("level", flat=True)
        assert sorted(levels) == [1, 2]
        tickets = old.get_model("feedback", "TicketEscalation").objects.values_list("stage", "level")
        assert sorted(tickets) == [("acknowledge", 1), ("acknowledge", 2)]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _notices() == before
