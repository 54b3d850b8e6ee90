"""The deadline kit: policies by kind and priority, Libyan working days, unique reminder and
escalation rows, who a deadline escalates to, e-mail without personal data, My work."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.cases.models import ACTIVE_STATUSES, Case
from sanad.cases.selectors import case_list
from sanad.cases.services import case_open
from sanad.core import deadlines
from sanad.core.deadlines import (
    ESCALATION,
    REMINDER,
    DeadlinePolicy,
    add_working_days,
    add_working_time,
    deadline_notify,
    is_working_day,
    notice_once,
    notices_of,
    supervisors_of,
)
from sanad.core.models import DeadlineNotice, TeamMembership
from sanad.core.work import work_items_for
from sanad.registry.models import Registration
from sanad.registry.services import person_register

TRIPOLI = deadlines.LIBYA
HOUR = datetime.timedelta(hours=1)


def tripoli(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TRIPOLI)


@pytest.fixture
def policy():
    registered = deadlines.deadline_policy(
        DeadlinePolicy(
            kind="tests.case_review",
            label=_("Case"),
            hours={"high": 24, "medium": 72, "low": 7 * 24},
            url_name="cases:detail",
            reminder_at=0.5,
            open_records=lambda actor: case_list(actor=actor).filter(status__in=list(ACTIVE_STATUSES)),
        )
    )
    yield registered
    deadlines._POLICIES.pop(registered.kind)


@pytest.fixture
def case(users):
    person = person_register(
        actor=users["caseworker"],
        data={
            "given_name": "Amina",
            "family_name": "Yusuf",
            "given_name_ar": "أمينة",
            "sex": "F",
            "phone": "0912345678",
        },
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    return case_open(actor=users["caseworker"], person=person, case_type="mhpss")


# --- Policies -------------------------------------------------------------------------------------
def test_policy_gives_the_time_by_kind_and_priority(policy):
    start = timezone.now()
    assert deadlines.policy_for("tests.case_review") is policy
    assert policy.due(start=start, priority="high") == start + 24 * HOUR
    assert policy.due(start=start, priority="low") == start + 7 * 24 * HOUR
    # Half of the time: the reminder.
    assert policy.reminder_time(start=start, due=start + 24 * HOUR) == start + 12 * HOUR
    # An app that keeps its own table gives a function of priority and record.
    table = DeadlinePolicy(kind="x", label="X", hours=lambda priority, record: {"a": HOUR}[priority])
    assert table.duration("a") == HOUR


# --- Working days ---------------------------------------------------------------------------------
def test_working_days_skip_the_libyan_weekend_and_public_holidays():
    # Libya's weekend is Friday and Saturday; Sunday is a working day.
    assert not is_working_day(datetime.date(2026, 12, 18))  # Friday
    assert not is_working_day(datetime.date(2026, 12, 19))  # Saturday
    assert is_working_day(datetime.date(2026, 12, 20))  # Sunday
    # Independence Day (24 December) and the Revolution of 17 February are public holidays.
    assert not is_working_day(datetime.date(2026, 12, 24))
    assert not is_working_day(datetime.date(2027, 2, 17))
    # 24 working hours from Thursday 10:00 end on Sunday 10:00.
    assert add_working_time(tripoli(2026, 12, 17, 10), 24 * HOUR) == tripoli(2026, 12, 20, 10)
    # From Wednesday 23 December: Thursday is Independence Day, then the weekend.
    assert add_working_time(tripoli(2026, 12, 23, 10), 24 * HOUR) == tripoli(2026, 12, 27, 10)
    # Time that starts on a Friday counts from Sunday's midnight.
    assert add_working_time(tripoli(2026, 12, 18, 15), 2 * HOUR) == tripoli(2026, 12, 20, 2)
    assert add_working_days(datetime.date(2026, 12, 23), 2) == datetime.date(2026, 12, 28)
    # A policy asks for working days; the answer keeps the caller's time zone.
    policy = DeadlinePolicy(kind="x", label="X", hours={"high": 24}, working_days=True)
    start = tripoli(2026, 12, 17, 10).astimezone(datetime.UTC)
    due = policy.due(start=start, priority="high")
    assert due == tripoli(2026, 12, 20, 10) and due.tzinfo == datetime.UTC


# --- Unique rows ----------------------------------------------------------------------------------
def test_a_reminder_is_recorded_once_however_often_the_tick_runs(case):
    due = timezone.now()
    first = notice_once(record=case, kind="tests.case_review", step=REMINDER, due_at=due, at=due)
    again = notice_once(record=case, kind="tests.case_review", step=REMINDER, due_at=due, at=due + HOUR)
    assert first is not None and again is None
    # Another step, or a deadline that moved, is a row of its own.
    assert notice_once(record=case, kind="tests.case_review", step=ESCALATION, due_at=due, at=due)
    assert notice_once(record=case, kind="tests.case_review", step=REMINDER, due_at=due + HOUR, at=due)
    assert notices_of(case).count() == 3
    # The database itself refuses a second row (two consumers that both passed a check).
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineNotice.objects.create(
            content_type=first.content_type,
            object_id=case.pk,
            kind="tests.case_review",
            step=REMINDER,
            due_at=due,
            at=due,
        )


# --- Who it escalates to --------------------------------------------------------------------------
def test_escalation_reaches_the_chain_of_the_record(case, users, make_user, org):
    assert supervisors_of(case) == [users["team_leader"]]
    # No leader on the team: the unit's supervisors, then the agency's administrators.
    TeamMembership.objects.filter(team=org.team, function=TeamMembership.Function.TEAM_LEADER).update(
        function=TeamMembership.Function.CASEWORKER
    )
    assert supervisors_of(case) == [users["team_leader"]]  # a team leader of the unit
    users["team_leader"].is_active = False
    users["team_leader"].save(update_fields=["is_active"])
    assert supervisors_of(case) == [users["agency_admin"]]


def test_an_app_rule_replaces_the_chain(case, users):
    deadlines.supervisors_rule(Case)(lambda record: [users["me_officer"]])
    try:
        assert supervisors_of(case) == [users["me_officer"]]
    finally:
        deadlines._SUPERVISOR_RULES.pop(Case)


# --- Telling people -------------------------------------------------------------------------------
def test_the_email_names_the_kind_and_a_link_and_no_personal_data(
    policy, case, users, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SANAD_BASE_URL = "https://sanad.example.org"
    due = timezone.now()
    notice = notice_once(record=case, kind=policy.kind, step=ESCALATION, due_at=due, at=due)
    with django_capture_on_commit_callbacks(execute=True):
        deadline_notify(
            notice=notice,
            record=case,
            users=supervisors_of(case),
            subject="%(kind)s %(reference)s is past its deadline",
            body="%(kind)s %(reference)s needs you: %(link)s",
        )
    assert [m.to for m in mailoutbox] == [[users["team_leader"].email]]
    message = mailoutbox[0]
    assert message.subject == f"Case {case.reference} is past its deadline"
    assert message.body == f"Case {case.reference} needs you: https://sanad.example.org/cases/{case.uuid}/"
    person = case.person
    personal = [person.given_name, person.family_name, person.given_name_ar, "0912345678", "+218912345678"]
    personal.append(str(person.uuid))
    for value in personal:
        assert value not in message.subject and value not in message.body
    assert list(notice.recipients.all()) == [users["team_leader"]]


def test_an_escalation_appears_on_my_work_of_the_supervisor_only(policy, case, users, other_team_users):
    due = timezone.now() - HOUR
    notice = notice_once(record=case, kind=policy.kind, step=ESCALATION, due_at=due, at=due)
    deadline_notify(notice=notice, record=case, users=[users["team_leader"]], subject="s", body="b")
    items = [i for i in work_items_for(users["team_leader"]) if i.kind == "deadline"]
    expected = [(case.reference, f"/cases/{case.uuid}/", True)]
    assert [(i.reference, i.url, i.overdue) for i in items] == expected
    assert not [i for i in work_items_for(other_team_users["team_leader"]) if i.kind == "deadline"]
    assert not [i for i in work_items_for(users["caseworker"]) if i.kind == "deadline"]
    # Closed (no longer waiting): gone from My work.
    Case.objects.filter(pk=case.pk).update(status="closed")
    assert not [i for i in work_items_for(users["team_leader"]) if i.kind == "deadline"]


# --- The apps' ticks on the kit -------------------------------------------------------------------
def test_high_risk_escalation_is_one_task_per_contact_deadline(users):
    from sanad.cases.models import FollowUp
    from sanad.cases.services import followup_complete, followup_create, high_risk_escalate

    person = person_register(
        actor=users["caseworker"],
        data={"given_name": "Amina", "family_name": "Yusuf", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    case = case_open(actor=users["caseworker"], person=person, case_type="mhpss", risk_level="high")
    later = timezone.now() + datetime.timedelta(days=8)
    assert high_risk_escalate(now=later) == 1
    # A second consumer of the same tick that did not see the task yet: the notice row stops it.
    FollowUp.objects.filter(case=case, kind="escalation").delete()
    assert high_risk_escalate(now=later) == 0
    notice = notices_of(case, kind="cases.contact").get()
    assert list(notice.recipients.all()) == [users["team_leader"]] and notice.step == ESCALATION
    # Contact restarts the clock: the next silence escalates again.
    visit = followup_create(actor=users["caseworker"], case=case, title="visit", due_at=later)
    followup_complete(actor=users["caseworker"], case=case, followup=visit)
    assert high_risk_escalate(now=later + datetime.timedelta(days=8)) == 1
    assert notices_of(case, kind="cases.contact").count() == 2
