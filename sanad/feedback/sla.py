"""Service levels: how fast a ticket must be acknowledged and answered.

An ``SlaRule`` row for (category, urgency) wins, then a row for (category, any urgency), then the
defaults below. The answer time of the defaults is scaled by urgency (``URGENCY_FACTOR``); a
critical ticket is always acknowledged within the hour.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from sanad.core.deadlines import DeadlinePolicy, deadline_policy
from sanad.feedback.models import Category, Priority, SlaRule

# category -> (acknowledge within hours, answer within hours) at medium urgency.
DEFAULT_SLAS: dict[str, tuple[float, float]] = {
    Category.EMERGENCY_MEDICAL: (1, 24),
    Category.EMERGENCY_PROTECTION: (1, 24),
    Category.EMERGENCY_DETENTION: (1, 48),
    Category.EMERGENCY_MISSING_PERSON: (1, 72),
    Category.INFORMATION_REQUEST: (8, 48),
    Category.ASSISTANCE_REQUEST: (24, 7 * 24),
    Category.COMPLAINT_SERVICE: (48, 7 * 24),
    Category.COMPLAINT_STAFF: (48, 7 * 24),
    Category.FEEDBACK: (72, 14 * 24),
    Category.MHPSS_COUNSELLING: (24, 72),
    Category.PSEA: (24, 7 * 24),
    Category.FRAUD: (48, 14 * 24),
    Category.DATA_BREACH: (4, 72),
}
URGENCY_FACTOR = {Priority.CRITICAL: 0.5, Priority.HIGH: 0.75, Priority.MEDIUM: 1, Priority.LOW: 1.5}
CRITICAL_ACKNOWLEDGE_HOURS = 1


@dataclass(frozen=True)
class Sla:
    acknowledge: datetime.timedelta
    resolve: datetime.timedelta
    configured: bool  # True when an SlaRule row decided it


def _hours(value) -> datetime.timedelta:
    return datetime.timedelta(hours=float(value))


def sla_for(*, category: str, priority: str, rules: list[SlaRule] | None = None) -> Sla:
    if rules is None:
        rules = list(SlaRule.objects.filter(category=category))
    exact = next((r for r in rules if r.category == category and r.priority == priority), None)
    general = next((r for r in rules if r.category == category and not r.priority), None)
    rule = exact or general
    if rule is not None:
        return Sla(_hours(rule.acknowledge_hours), _hours(rule.resolve_hours), True)
    acknowledge, resolve = DEFAULT_SLAS[category]
    resolve = resolve * URGENCY_FACTOR.get(priority, 1)
    if priority == Priority.CRITICAL:
        acknowledge = min(acknowledge, CRITICAL_ACKNOWLEDGE_HOURS)
    return Sla(_hours(acknowledge), _hours(resolve), False)


# The two deadlines of a ticket, on the deadline kit: acknowledge, then answer. The hours come from
# the table above; the reminder goes out after 80 % of the time.
ACKNOWLEDGE = deadline_policy(
    DeadlinePolicy(
        kind="feedback.acknowledge",
        label=gettext_lazy("Helpline ticket"),
        hours=lambda priority, ticket: sla_for(category=ticket.category, priority=priority).acknowledge,
        url_name="feedback:ticket_detail",
        reminder_at=0.8,
    )
)
RESOLVE = deadline_policy(
    DeadlinePolicy(
        kind="feedback.resolve",
        label=gettext_lazy("Helpline ticket"),
        hours=lambda priority, ticket: sla_for(category=ticket.category, priority=priority).resolve,
        url_name="feedback:ticket_detail",
        reminder_at=0.8,
    )
)


def sla_table() -> list[dict]:
    """Every category and urgency with the SLA in force, for the configuration page."""
    rules = list(SlaRule.objects.all())
    rows = []
    for category in Category:
        for priority in Priority:
            sla = sla_for(category=category, priority=priority, rules=rules)
            rows.append(
                {
                    "category": category,
                    "priority": priority,
                    "acknowledge_hours": Decimal(sla.acknowledge.total_seconds() / 3600).quantize(
                        Decimal("0.1")
                    ),
                    "resolve_hours": Decimal(sla.resolve.total_seconds() / 3600).quantize(Decimal("0.1")),
                    "configured": sla.configured,
                }
            )
    return rows
