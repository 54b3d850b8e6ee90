"""SLA reminders and escalations with a controlled clock; the dashboard's aggregation and
small-number suppression of sensitive tickets; SLA rules and scripts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sanad.core.errors import DomainError
from sanad.core.jobs import periodic_job_run
from sanad.core.models import DeadlineNotice
from sanad.core.work import work_items_for
from sanad.feedback.dashboard import suppress, ticket_dashboard
from sanad.feedback.scripts import DEFAULT_SCRIPTS, script_for
from sanad.feedback.services import (
    call_script_save,
    focal_point_add,
    sla_rule_save,
    ticket_assign,
    ticket_escalate_overdue,
    ticket_log,
    ticket_resolve,
    ticket_start,
)
from sanad.feedback.sla import sla_for

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
# Reminders and escalations are the deadline kit's rows (one per ticket, deadline, step, due time).
REMINDER = {"step": "reminder"}
ESCALATION = {"step": "escalation"}


def log(actor, **kwargs):
    defaults = {"channel": "helpline_call", "category": "complaint_service", "description": "Nobody came."}
    return ticket_log(actor=actor, **{**defaults, **kwargs})


def test_unanswered_complaint_escalates_when_its_sla_runs_out(
    users, mailoutbox, django_capture_on_commit_callbacks
):
    operator, leader = users["helpline_operator"], users["team_leader"]  # same team: the supervisor
    ticket = log(operator)
    ticket_assign(actor=leader, ticket=ticket, assignee=operator)  # acknowledged: the answer clock runs
    received = ticket.received_at

    assert ticket_escalate_overdue(now=received + 24 * HOUR) == {"reminders": 0, "escalations": 0}
    # 80 % of 7 days: the assignee is reminded, once.
    assert ticket_escalate_overdue(now=received + 140 * HOUR) == {"reminders": 1, "escalations": 0}
    assert ticket_escalate_overdue(now=received + 141 * HOUR) == {"reminders": 0, "escalations": 0}
    reminder = DeadlineNotice.objects.get(**REMINDER)
    assert list(reminder.recipients.all()) == [operator] and reminder.kind == "feedback.resolve"
    # After 7 days: escalated to the team leader, once, however often the job runs.
    with django_capture_on_commit_callbacks(execute=True):
        assert ticket_escalate_overdue(now=received + 169 * HOUR) == {"reminders": 0, "escalations": 1}
    assert [m.to for m in mailoutbox] == [[leader.email]]
    assert ticket.reference in mailoutbox[0].subject and "Nobody came" not in mailoutbox[0].body
    assert ticket_escalate_overdue(now=received + 170 * HOUR) == {"reminders": 0, "escalations": 0}
    escalation = DeadlineNotice.objects.get(**ESCALATION)
    assert list(escalation.recipients.all()) == [leader]
    ticket.refresh_from_db()
    assert ticket.escalated_at == received + 169 * HOUR
    assert list(ticket.events.filter(action__in=["remind", "escalate"]).values_list("action", flat=True)) == [
        "remind",
        "escalate",
    ]
    # The supervisor finds it on My work.
    assert ticket.reference in [item.reference for item in work_items_for(leader)]


def test_unacknowledged_ticket_escalates_on_the_acknowledgement_deadline(users):
    ticket = log(users["helpline_operator"], category="emergency_medical")  # acknowledge within 1 hour
    sent = ticket_escalate_overdue(now=ticket.received_at + 61 * datetime.timedelta(minutes=1))
    assert sent == {"reminders": 1, "escalations": 1}
    assert set(DeadlineNotice.objects.values_list("kind", flat=True)) == {"feedback.acknowledge"}


def test_resolved_ticket_does_not_escalate(users):
    operator = users["helpline_operator"]
    ticket = log(operator)
    ticket_start(actor=operator, ticket=ticket)
    ticket_resolve(actor=operator, ticket=ticket, response="Done", method="phone")
    assert ticket_escalate_overdue(now=ticket.received_at + 30 * 24 * HOUR) == {
        "reminders": 0,
        "escalations": 0,
    }


def test_sensitive_escalation_goes_to_other_focal_points_never_the_named_staff(users, make_user, org):
    first = make_user("psea_focal_point", username="fp-1")
    second = make_user("psea_focal_point", username="fp-2")
    for user in (first, second):
        focal_point_add(actor=users["system_admin"], agency=org.agency, category="psea", user=user)
    ticket = log(users["helpline_operator"], category="psea")
    ticket_assign(actor=first, ticket=ticket, assignee=first)
    ticket_escalate_overdue(now=ticket.received_at + 200 * HOUR)
    escalation = DeadlineNotice.objects.get(**ESCALATION)
    assert list(escalation.recipients.all()) == [second]
    assert users["team_leader"] not in escalation.recipients.all()


# --- SLA rules and scripts ------------------------------------------------------------------------
def test_sla_rule_overrides_the_default(users):
    assert sla_for(category="information_request", priority="medium").resolve == 48 * HOUR
    sla_rule_save(
        actor=users["me_officer"],
        category="information_request",
        priority="",
        acknowledge_hours=2,
        resolve_hours=24,
    )
    sla = sla_for(category="information_request", priority="high")
    assert sla.resolve == 24 * HOUR and sla.acknowledge == 2 * HOUR and sla.configured
    ticket = log(users["helpline_operator"], category="information_request")
    assert ticket.resolution_due_at - ticket.received_at == 24 * HOUR


def test_sla_rule_validation_and_permission(users):
    with pytest.raises(ValidationError):
        sla_rule_save(
            actor=users["me_officer"], category="feedback", priority="", acknowledge_hours=10, resolve_hours=1
        )
    with pytest.raises(DomainError):
        sla_rule_save(
            actor=users["helpline_operator"],
            category="feedback",
            priority="",
            acknowledge_hours=1,
            resolve_hours=2,
        )


def test_every_category_has_a_default_script_in_every_language():
    from sanad.feedback.models import Category

    for category in Category:
        for language in ("en", "ar", "fr"):
            assert DEFAULT_SCRIPTS[category][language].strip(), (category, language)


def test_script_edit_replaces_and_empty_restores_the_default(users):
    leader = users["team_leader"]
    call_script_save(actor=leader, category="psea", language="ar", text="نص مخصص")
    assert script_for(category="psea", language="ar") == "نص مخصص"
    call_script_save(actor=leader, category="psea", language="ar", text="")
    assert script_for(category="psea", language="ar") == DEFAULT_SCRIPTS["psea"]["ar"]
    with pytest.raises(DomainError):
        call_script_save(actor=users["caseworker"], category="psea", language="ar", text="x")


def test_focal_points_managed_by_administrators_only(users, org, other_agency_users):
    with pytest.raises(DomainError):
        focal_point_add(actor=users["team_leader"], agency=org.agency, category="psea", user=users["auditor"])
    # An agency administrator names focal points of their own agency only.
    with pytest.raises(DomainError):
        focal_point_add(
            actor=other_agency_users["agency_admin"],
            agency=org.agency,
            category="psea",
            user=users["auditor"],
        )
    with pytest.raises(ValidationError):
        focal_point_add(
            actor=users["system_admin"], agency=org.agency, category="feedback", user=users["auditor"]
        )


# --- Dashboard ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (12, "12")])
def test_suppress(count, shown):
    assert suppress(count) == shown


def test_dashboard_aggregates_sensitive_and_suppresses_small_numbers(users, psea_focal_point, places):
    operator = users["helpline_operator"]
    for _ in range(3):
        log(operator, category="psea", admin_unit=places.zwara, channel="walk_in")
    log(operator, category="fraud", admin_unit=places.zwara)
    log(operator, category="information_request", admin_unit=places.zwara_centre)
    log(operator, category="complaint_service", admin_unit=places.tripoli)
    today = timezone.localdate()
    for role in ("team_leader", "me_officer", "psea_focal_point", "helpline_operator"):
        data = ticket_dashboard(actor=users[role], since=today - datetime.timedelta(days=7), until=today)
        assert data["total"] == 2
        assert data["sensitive_shown"] == "<5"
        assert {bar.label for bar in data["categories"]} == {
            "Information request",
            "Complaint about a service",
        }
        assert sum(bar.count for bar in data["channels"]) == 2  # sensitive walk-ins absent
        assert {bar.label: bar.count for bar in data["locations"]} == {"Zwara": 1, "Tripoli centre": 1}
        assert sum(bar.count for bar in data["weeks"]) == 2
        assert all("PSEA" not in issue["category"] for issue in data["top_issues"])
    log(operator, category="data_breach")
    data = ticket_dashboard(actor=users["me_officer"], since=today, until=today)
    assert data["sensitive_shown"] == "5"


def test_dashboard_is_scoped_to_the_agency(users, other_agency_users):
    log(users["helpline_operator"], category="information_request")
    today = timezone.localdate()
    data = ticket_dashboard(actor=other_agency_users["team_leader"], since=today, until=today)
    assert data["total"] == 0


def test_periodic_task_runs_the_service(users):
    log(users["helpline_operator"], received_at=timezone.now() - 30 * 24 * HOUR)
    periodic_job_run("feedback.ticket_escalate_overdue")
    assert sorted(DeadlineNotice.objects.values_list("step", flat=True)) == ["escalation", "reminder"]
