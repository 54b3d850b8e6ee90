"""Deadlines: how long a record may wait, who is reminded, who it escalates to.

An app declares a policy per kind of deadline — how many hours by priority, in calendar time or
in Libyan working days, when the reminder goes out — and its periodic job asks the kit::

    ACKNOWLEDGE = deadline_policy(DeadlinePolicy(
        kind="referrals.acknowledge", label=_("Referral"), hours={"emergency": 24, ...},
        url_name="referrals:detail"))

    due = ACKNOWLEDGE.due(start=now, priority="emergency")
    notice = notice_once(record=referral, kind=ACKNOWLEDGE.kind, step=ESCALATION, due_at=due, at=now)
    if notice is not None:  # this consumer created the row: nobody else will notify
        deadline_notify(notice=notice, record=referral, users=supervisors_of(referral), ...)

Reminder and escalation rows (``DeadlineNotice``) are unique per record, kind, step and due time,
so several job consumers running the same tick never send anything twice. ``supervisors_of`` is
the escalation chain of ``sanad.core.escalation`` unless the record's app registered its own rule
(``supervisors_rule``). ``deadline_notify`` records who was told (their My work lists it) and
sends an e-mail that names the kind of item, its reference and a link — never a person's name,
phone or narrative.

Working days: Libya's weekend is Friday and Saturday, and its public holidays come from the
``holidays`` package (``country_holidays("LY")``). That package's Libyan calendar says the weekend
is Saturday–Sunday, so only its holidays are used, not its weekend.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from sanad.core.escalation import escalation_first
from sanad.core.models import DeadlineNotice, User
from sanad.core.work import WorkItem

REMINDER = "reminder"
ESCALATION = "escalation"

FRIDAY, SATURDAY = 4, 5
WEEKEND = frozenset({FRIDAY, SATURDAY})
LIBYA = ZoneInfo("Africa/Tripoli")


# --- Working days ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=64)
def _libyan_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("LY", years=year))


def is_working_day(day: datetime.date) -> bool:
    """Not a Friday or Saturday, and not a Libyan public holiday."""
    return day.weekday() not in WEEKEND and day not in _libyan_holidays(day.year)


def add_working_time(start: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """``start`` plus ``delta`` counted only on Libyan working days (whole days, Tripoli time):
    24 working hours from Thursday 10:00 end on Sunday 10:00; time starting on a weekend or a
    holiday starts counting at the next working day's midnight."""
    remaining = delta
    cursor = start.astimezone(LIBYA)
    for _day in range(3700):  # ten years of days: a bound, not a limit anybody reaches
        midnight = datetime.datetime.combine(
            cursor.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=LIBYA
        )
        if is_working_day(cursor.date()):
            if cursor + remaining <= midnight:
                return (cursor + remaining).astimezone(start.tzinfo)
            remaining -= midnight - cursor
        cursor = midnight
    raise ValueError("deadline too far away")


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``day``."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


# --- Policies -------------------------------------------------------------------------------------
Hours = Mapping[str, float] | Callable[..., float | datetime.timedelta]


@dataclass(frozen=True)
class DeadlinePolicy:
    """How long a kind of record may wait, by priority.

    ``hours`` maps a priority to hours, or is a function ``(priority, record) -> hours or
    timedelta`` when the app keeps its own table (settings, configurable rules). With
    ``working_days`` the hours count only on Libyan working days. ``reminder_at`` is the share of
    the time after which the reminder is due (None: no reminder). ``open_records`` is the app's
    scoped selector ``(actor) -> QuerySet`` of records still waiting: when given, the core "My
    work" provider lists the records escalated to the actor; apps whose own provider lists them
    leave it out.
    """

    kind: str
    label: object  # the kind of item, for people: "Referral", "Helpline ticket"
    hours: Hours
    url_name: str = ""
    working_days: bool = False
    reminder_at: float | None = None
    open_records: Callable[[object], QuerySet] | None = field(default=None, compare=False)

    def duration(self, priority: str, record: Model | None = None) -> datetime.timedelta:
        value = self.hours(priority, record) if callable(self.hours) else self.hours[priority]
        if isinstance(value, datetime.timedelta):
            return value
        return datetime.timedelta(hours=float(value))

    def due(
        self, *, start: datetime.datetime, priority: str, record: Model | None = None
    ) -> datetime.datetime:
        return self.due_after(start, self.duration(priority, record))

    def due_after(self, start: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
        return add_working_time(start, delta) if self.working_days else start + delta

    def reminder_time(self, *, start: datetime.datetime | None, due: datetime.datetime) -> datetime.datetime:
        """When the reminder is due: ``reminder_at`` of the way from ``start`` to ``due``."""
        if self.reminder_at is None or start is None or start >= due:
            return due
        return start + (due - start) * self.reminder_at


_POLICIES: dict[str, DeadlinePolicy] = {}


def deadline_policy(policy: DeadlinePolicy) -> DeadlinePolicy:
    """Declare a policy (at import time of the app's module); the same kind twice replaces it."""
    _POLICIES[policy.kind] = policy
    return policy


def policy_for(kind: str) -> DeadlinePolicy:
    return _POLICIES[kind]


def policies() -> list[DeadlinePolicy]:
    return list(_POLICIES.values())


# --- Unique reminder and escalation rows ----------------------------------------------------------
def notice_once(
    *, record: Model, kind: str, step: str, due_at: datetime.datetime, at: datetime.datetime
) -> DeadlineNotice | None:
    """Record that ``step`` of the ``kind`` deadline due at ``due_at`` happened for ``record``.

    Returns the new row, or None when a row already existed — written by an earlier tick or by
    another consumer running the same tick (the unique constraint decides, under any concurrency).
    """
    notice, created = DeadlineNotice.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        kind=kind,
        step=step,
        due_at=due_at,
        defaults={"at": at},
    )
    return notice if created else None


def notices_of(record: Model, *, kind: str | None = None) -> QuerySet[DeadlineNotice]:
    notices = DeadlineNotice.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )
    return notices.filter(kind=kind) if kind else notices


def notified_ids(*, actor, model: type[Model], kinds: Iterable[str], step_prefix: str = ESCALATION):
    """Primary keys of ``model`` records whose ``kinds`` deadline step reached ``actor`` (a
    subquery for the app's scoped selector)."""
    return DeadlineNotice.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        kind__in=list(kinds),
        step__startswith=step_prefix,
        recipients=actor,
    ).values("object_id")


# --- Who a deadline escalates to ------------------------------------------------------------------
_SUPERVISOR_RULES: dict[type, Callable[[Model], list[User]]] = {}


def supervisors_rule(model: type[Model]):
    """Register the rule of an app whose escalation differs from the chain (a decorator)."""

    def register(function: Callable[[Model], list[User]]):
        _SUPERVISOR_RULES[model] = function
        return function

    return register


def supervisors_of(record: Model) -> list[User]:
    """Who an overdue ``record`` escalates to: its app's rule, else the first level of the
    escalation chain (team leaders, unit supervisors, agency then system administrators) of the
    record's agency, unit and team."""
    rule = _SUPERVISOR_RULES.get(type(record))
    if rule is not None:
        return list(rule(record))
    _level, users = escalation_first(
        agency_id=record.agency_id,
        unit_id=getattr(record, "unit_id", None),
        team_id=getattr(record, "team_id", None),
        qualifies=lambda _level, user: True,
    )
    return users


# --- Telling people -------------------------------------------------------------------------------
def record_link(url_name: str, record: Model) -> str:
    path = reverse(url_name, args=[record.uuid])
    base = getattr(settings, "SANAD_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}"


def deadline_notify(
    *,
    notice: DeadlineNotice,
    record: Model,
    users: Iterable[User],
    subject: str = "",
    body: str = "",
    values: Mapping[str, object] | None = None,
) -> list[User]:
    """Tell ``users`` about ``notice``: they become its recipients (My work lists the record for
    them) and get an e-mail once the transaction commits (none without a ``subject``: the app
    gave them a task of its own).

    ``subject`` and ``body`` are translated messages whose placeholders are filled only from the
    kind of item, the record's reference, the link and ``values`` (a level, an urgency): the record
    itself is never formatted into an e-mail, so no name, phone or narrative can leak into one.
    """
    users = list(users)
    notice.recipients.set(users)
    policy = _POLICIES.get(notice.kind)
    filled = {
        "kind": str(policy.label) if policy else "",
        "reference": getattr(record, "reference", "") or "",
        "link": record_link(policy.url_name, record) if policy and policy.url_name else "",
        **(values or {}),
    }
    recipients = [user.email for user in users if user.email]
    if recipients and subject:
        mail_subject, mail_body = subject % filled, body % filled
        transaction.on_commit(
            lambda: send_mail(mail_subject, mail_body, None, recipients, fail_silently=True)
        )
    return users


def deadline_work(actor) -> list[WorkItem]:
    """Records escalated to ``actor`` that are still waiting, for policies that declare their
    scoped selector of open records (the others' apps list them on My work themselves)."""
    if actor is None or not getattr(actor, "pk", None):
        return []
    items: list[WorkItem] = []
    for policy in policies():
        if policy.open_records is None:
            continue
        records = policy.open_records(actor)
        notices = DeadlineNotice.objects.filter(
            content_type=ContentType.objects.get_for_model(records.model),
            kind=policy.kind,
            step__startswith=ESCALATION,
            recipients=actor,
            object_id__in=records.values("pk"),
        ).order_by("due_at")
        due_by_id: dict[int, datetime.datetime] = {}
        for object_id, due_at in notices.values_list("object_id", "due_at"):
            due_by_id.setdefault(object_id, due_at)
        for record in records.filter(pk__in=list(due_by_id))[:200]:
            reference = getattr(record, "reference", "") or ""
            items.append(
                WorkItem(
                    title=_("Escalated to you: %(kind)s past its deadline") % {"kind": policy.label},
                    url=reverse(policy.url_name, args=[record.uuid]) if policy.url_name else "",
                    kind="deadline",
                    kind_label=str(policy.label),
                    due=due_by_id[record.pk],
                    priority="high",
                    reference=reference,
                )
            )
    return items
