"""Periodic jobs of the helpline: thin wrappers around services."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanad.core.context import Origin, origin
from sanad.feedback.services import ticket_escalate_overdue


@db_periodic_task(crontab(minute="*/5"))
def ticket_escalate_overdue_task():
    """Every five minutes: SLA reminders and escalations (idempotent per level and deadline)."""
    with origin(Origin(channel="job")):
        return ticket_escalate_overdue()
