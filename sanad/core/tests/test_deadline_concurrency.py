"""Several job consumers running the same deadline tick at the same moment send each reminder and
each escalation once — proven on PostgreSQL, where the consumers really run in parallel.

Each thread has its own database connection. The unique constraint on DeadlineNotice (record,
kind, step, due time) decides: one thread inserts the row and notifies, the others find it. The
SQLite tests run the tick twice in a row instead (``test_deadlines.py`` and the apps' tests).
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from sanad.core.deadlines import ESCALATION, notice_once
from sanad.core.models import DeadlineNotice
from sanad.feedback.services import ticket_escalate_overdue, ticket_log

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel writers need PostgreSQL; SQLite serialises all writes",
    ),
]

THREADS = 8


def _run_concurrently(work, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:  # reported in the assertion below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _ticket(users):
    return ticket_log(
        actor=users["helpline_operator"],
        channel="helpline_call",
        category="emergency_medical",  # acknowledge within the hour
        description="Nobody came.",
    )


def test_one_notice_when_consumers_insert_the_same_step_at_once(users):
    ticket = _ticket(users)
    due = ticket.received_at

    def insert(_index: int):
        with transaction.atomic():
            return notice_once(
                record=ticket, kind="feedback.acknowledge", step=ESCALATION, due_at=due, at=due
            )

    results = _run_concurrently(insert, THREADS)
    created = [r for r in results if isinstance(r, DeadlineNotice)]
    assert len(created) == 1 and results.count(None) == THREADS - 1, results
    assert DeadlineNotice.objects.count() == 1


def test_consumers_running_the_same_tick_send_each_step_once(users):
    ticket = _ticket(users)
    now = ticket.received_at + datetime.timedelta(hours=2)

    results = _run_concurrently(lambda _index: ticket_escalate_overdue(now=now), THREADS)
    assert all(isinstance(r, dict) for r in results), results
    assert sum(r["reminders"] for r in results) == 1
    assert sum(r["escalations"] for r in results) == 1
    assert sorted(DeadlineNotice.objects.values_list("step", flat=True)) == ["escalation", "reminder"]
    ticket.refresh_from_db()
    assert list(ticket.events.filter(action="escalate").values_list("action", flat=True)) == ["escalate"]
