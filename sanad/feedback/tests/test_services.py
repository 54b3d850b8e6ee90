"""Ticket services against the real database: logging and routing, the workflow, the conflict-of-
interest rule, closing the loop, idempotency."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.core.work import work_items_for
from sanad.feedback.models import FocalPoint, Status, Ticket, TicketEvent
from sanad.feedback.routing import covering_team
from sanad.feedback.selectors import ticket_get, ticket_list
from sanad.feedback.services import (
    ticket_assign,
    ticket_close,
    ticket_communicate_outcome,
    ticket_log,
    ticket_reopen,
    ticket_resolve,
    ticket_start,
    ticket_wait,
)

pytestmark = pytest.mark.django_db


def log(actor, **kwargs):
    defaults = {
        "channel": "helpline_call",
        "category": "information_request",
        "description": "Where is the clinic?",
    }
    return ticket_log(actor=actor, **{**defaults, **kwargs})


# --- Logging and routing ------------------------------------------------------------------------
def test_log_sets_reference_sla_history_and_audit(users):
    ticket = log(users["helpline_operator"], caller_name="Amina", caller_phone="0912345678")
    assert ticket.reference.endswith("-00001") and "-T" in ticket.reference
    assert ticket.status == Status.NEW and ticket.priority == "medium"
    assert (ticket.resolution_due_at - ticket.received_at).total_seconds() == 48 * 3600
    assert (ticket.response_due_at - ticket.received_at).total_seconds() == 8 * 3600
    assert list(ticket.events.values_list("action", flat=True)) == ["create"]
    event = AuditEvent.objects.get(action="feedback.ticket.create")
    assert event.object_uuid == str(ticket.uuid)
    assert "description" not in event.changes  # free text never copied into the audit trail


def test_log_is_idempotent(users):
    first = log(users["helpline_operator"], idempotency_key="k-1")
    again = log(users["helpline_operator"], idempotency_key="k-1")
    assert first.pk == again.pk and Ticket.objects.count() == 1


def test_log_refuses_bad_input_and_writes_nothing(users):
    with pytest.raises(ValidationError) as caught:
        log(users["helpline_operator"], category="nonsense", description=" ", channel="pigeon")
    assert {"category", "description", "channel"} <= set(caught.value.message_dict)
    assert Ticket.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="feedback").count() == 0


def test_log_refused_without_permission(users):
    with pytest.raises(DomainError):
        log(users["logistics_officer"])
    assert Ticket.objects.count() == 0


def test_anonymous_caller_cannot_be_registered(users):
    with pytest.raises(ValidationError) as caught:
        log(users["helpline_operator"], anonymous=True, new_caller={"given_name": "Ali"})
    assert "anonymous" in caught.value.message_dict


def test_caller_registered_from_the_call(users):
    ticket = log(
        users["helpline_operator"],
        new_caller={"given_name": "Fatima", "family_name": "Musa", "phones": ["0912345678"]},
        idempotency_key="call-1",
    )
    assert ticket.person is not None and ticket.person.given_name == "Fatima"
    assert ticket.person.registrations.get().channel == "helpline"


def test_emergency_dispatched_to_the_team_of_the_baladiya(users, places, zwara_team):
    ticket = log(users["helpline_operator"], category="emergency_medical", admin_unit=places.zwara_centre)
    assert ticket.team == zwara_team.team
    assert ticket.priority == "critical"
    assert (ticket.response_due_at - ticket.received_at).total_seconds() == 3600
    assert "dispatch" in list(ticket.events.values_list("action", flat=True))
    # The team sees it on My work at once — no job needed.
    items = work_items_for(zwara_team.member)
    assert [item.reference for item in items] == [ticket.reference]


def test_covering_team_falls_back_to_the_mantika(places, zwara_team):
    assert covering_team(admin_unit=places.sabratha) == zwara_team.team
    assert covering_team(admin_unit=places.tripoli) is None
    assert covering_team(admin_unit=None) is None


def test_non_emergency_is_not_dispatched(users, places, zwara_team):
    ticket = log(users["helpline_operator"], admin_unit=places.zwara)
    assert ticket.team is None
    assert work_items_for(zwara_team.member) == []


# --- Sensitive tickets --------------------------------------------------------------------------
def test_sensitive_ticket_reaches_only_the_focal_point(users, psea_focal_point):
    operator = users["helpline_operator"]
    ticket = log(operator, category="psea", anonymous=True, description="A worker asked for sex for food.")
    assert ticket.routed_to_admins is False
    assert list(ticket_list(actor=psea_focal_point)) == [ticket]
    for role in ("helpline_operator", "team_leader", "system_admin", "me_officer", "data_protection_officer"):
        assert list(ticket_list(actor=users[role])) == [], role
        with pytest.raises(Http404):
            ticket_get(actor=users[role], uuid=ticket.uuid)
    assert AuditEvent.objects.filter(action="feedback.ticket.read").count() == 0
    ticket_get(actor=psea_focal_point, uuid=ticket.uuid)
    read = AuditEvent.objects.get(action="feedback.ticket.read")
    assert read.is_sensitive_read and read.actor == psea_focal_point
    assert [i.reference for i in work_items_for(psea_focal_point)] == [ticket.reference]
    assert work_items_for(users["team_leader"]) == []


def test_focal_point_of_another_category_or_agency_sees_nothing(users, other_agency_users, org, make_user):
    fraud = make_user("psea_focal_point", username="fraud-fp")
    FocalPoint.objects.create(agency=org.agency, category="fraud", user=fraud)
    FocalPoint.objects.create(
        agency=org.other_agency, category="psea", user=other_agency_users["psea_focal_point"]
    )
    ticket = log(users["helpline_operator"], category="psea")
    assert list(ticket_list(actor=fraud)) == []
    assert list(ticket_list(actor=other_agency_users["psea_focal_point"])) == []
    assert ticket.routed_to_admins  # no PSEA focal point in this agency


def test_complaint_never_reaches_the_staff_member_named(users, psea_focal_point, make_user, org):
    other_fp = make_user("psea_focal_point", username="second-fp")
    FocalPoint.objects.create(agency=org.agency, category="psea", user=other_fp)
    ticket = log(users["helpline_operator"], category="psea", staff_member=psea_focal_point)
    # The named focal point does not see it; the other one does.
    assert list(ticket_list(actor=psea_focal_point)) == []
    with pytest.raises(Http404):
        ticket_get(actor=psea_focal_point, uuid=ticket.uuid)
    assert list(ticket_list(actor=other_fp)) == [ticket]
    with pytest.raises(DomainError) as caught:
        ticket_assign(actor=other_fp, ticket=ticket, assignee=psea_focal_point)
    assert caught.value.code == "conflict_of_interest"
    ticket.refresh_from_db()
    assert ticket.assigned_to is None and ticket.status == Status.NEW


def test_named_sole_focal_point_routes_to_system_administrators(users, psea_focal_point):
    ticket = log(users["helpline_operator"], category="psea", staff_member=psea_focal_point)
    assert ticket.routed_to_admins
    admin = users["system_admin"]
    assert list(ticket_list(actor=admin)) == [ticket]
    ticket_assign(actor=admin, ticket=ticket, assignee=admin)
    assert list(ticket_list(actor=psea_focal_point)) == []


def test_general_complaint_about_staff_hidden_from_that_person(users):
    caseworker = users["caseworker"]
    ticket = log(users["helpline_operator"], category="complaint_staff", staff_member=caseworker)
    assert list(ticket_list(actor=caseworker)) == []
    assert list(ticket_list(actor=users["team_leader"])) == [ticket]
    with pytest.raises(DomainError):
        ticket_assign(actor=users["team_leader"], ticket=ticket, assignee=caseworker)


# --- Workflow -----------------------------------------------------------------------------------
def test_full_workflow_with_history(users):
    operator, leader = users["helpline_operator"], users["team_leader"]
    ticket = log(operator, category="complaint_service", caller_phone="0911111111")
    ticket = ticket_assign(actor=leader, ticket=ticket, assignee=operator)
    assert ticket.status == Status.ASSIGNED and ticket.acknowledged_at is not None
    ticket = ticket_start(actor=operator, ticket=ticket)
    ticket = ticket_wait(actor=operator, ticket=ticket, reason="Waiting for the site manager")
    ticket = ticket_start(actor=operator, ticket=ticket)
    ticket = ticket_resolve(actor=operator, ticket=ticket, response="The list was fixed.", method="phone")
    with pytest.raises(ValidationError) as caught:
        ticket_close(actor=operator, ticket=ticket)
    assert "unreachable_reason" in caught.value.message_dict
    ticket = ticket_communicate_outcome(
        actor=operator, ticket=ticket, method="phone", satisfaction=4, satisfaction_comment="Thanks"
    )
    ticket = ticket_close(actor=operator, ticket=ticket)
    assert ticket.status == Status.CLOSED and ticket.outcome_communicated_by == operator
    actions = list(TicketEvent.objects.filter(ticket=ticket).values_list("action", flat=True))
    assert actions == [
        "create",
        "assign",
        "start",
        "wait",
        "resume",
        "resolve",
        "communicate_outcome",
        "close",
    ]
    audited = AuditEvent.objects.filter(object_uuid=str(ticket.uuid), action__startswith="feedback.ticket.")
    assert audited.count() == 8
    ticket = ticket_reopen(actor=operator, ticket=ticket, reason="The person called back: still wrong.")
    assert ticket.status == Status.IN_PROGRESS and ticket.satisfaction is None and ticket.closed_at is None


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        (ticket_resolve, {"response": "x", "method": "phone"}),
        (ticket_close, {}),
        (ticket_wait, {"reason": "x"}),
        (ticket_reopen, {"reason": "x"}),
        (ticket_communicate_outcome, {"method": "phone"}),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(users, call, kwargs):
    operator = users["helpline_operator"]
    ticket = log(operator)
    with pytest.raises(DomainError) as caught:
        call(actor=operator, ticket=ticket, **kwargs)
    assert caught.value.code == "invalid_transition"
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW and ticket.events.count() == 1


def test_close_complaint_with_unreachable_reason(users):
    operator = users["helpline_operator"]
    ticket = log(operator, category="complaint_service", anonymous=True)
    ticket_start(actor=operator, ticket=ticket)
    ticket_resolve(actor=operator, ticket=ticket, response="Noted and fixed.", method="letter")
    ticket = ticket_close(actor=operator, ticket=ticket, unreachable_reason="anonymous")
    assert ticket.status == Status.CLOSED and ticket.unreachable_reason == "anonymous"


def test_field_worker_cannot_work_a_ticket_outside_their_team(users, other_team_users):
    ticket = log(users["helpline_operator"])
    with pytest.raises(DomainError):
        ticket_start(actor=other_team_users["caseworker"], ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_dispatched_team_member_works_the_emergency(users, places, zwara_team):
    ticket = log(users["helpline_operator"], category="emergency_protection", admin_unit=places.zwara)
    ticket = ticket_start(actor=zwara_team.member, ticket=ticket)
    assert ticket.assigned_to == zwara_team.member and ticket.status == Status.IN_PROGRESS


def test_audit_trail_keeps_who_and_where_of_sensitive_tickets_out(users, psea_focal_point, places):
    caseworker = users["caseworker"]
    ticket = log(
        users["helpline_operator"], category="psea", staff_member=caseworker, admin_unit=places.zwara
    )
    created = AuditEvent.objects.get(action="feedback.ticket.create", object_uuid=str(ticket.uuid))
    assert created.changes["staff_member"] == "[restricted]"
    assert created.changes["admin_unit"] == "[restricted]"
    assert str(caseworker.uuid) not in str(created.changes)
    assert created.changes["category"] == "psea"


def test_dispatch_audits_only_the_team(users, places, zwara_team):
    ticket = log(users["helpline_operator"], category="emergency_medical", admin_unit=places.zwara)
    dispatched = AuditEvent.objects.get(action="feedback.ticket.dispatch", object_uuid=str(ticket.uuid))
    assert set(dispatched.changes) == {"team"}


# --- Encryption at rest -------------------------------------------------------------------------
def test_psea_complaint_text_is_ciphertext_in_the_database(users, psea_focal_point):
    from django.db import connection

    text = "A worker at the Zwara shelter asked for sex for extra rations."
    ticket = log(users["helpline_operator"], category="psea", description=text)
    ticket_assign(actor=psea_focal_point, ticket=ticket, assignee=psea_focal_point)
    ticket_start(actor=psea_focal_point, ticket=ticket)
    ticket_wait(actor=psea_focal_point, ticket=ticket, reason="Waiting for the suspended worker's manager.")
    ticket_start(actor=psea_focal_point, ticket=ticket)
    ticket = ticket_resolve(
        actor=psea_focal_point,
        ticket=ticket,
        response="Investigated; the worker was suspended.",
        method="phone",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT description, resolution FROM feedback_ticket WHERE id = %s",
            [ticket.pk],
        )
        stored_description, stored_resolution = cursor.fetchone()
        cursor.execute("SELECT note FROM feedback_ticketevent WHERE ticket_id = %s", [ticket.pk])
        notes = [row[0] for row in cursor.fetchall()]
    assert "sex" not in stored_description and "Zwara" not in stored_description
    assert stored_description.startswith("gAAAA")  # a Fernet token
    assert "suspended" not in stored_resolution
    assert not any("suspended" in (note or "") for note in notes)
    # Through the selector the focal point reads the text back.
    assert ticket_get(actor=psea_focal_point, uuid=ticket.uuid).description == text
    assert ticket_get(actor=psea_focal_point, uuid=ticket.uuid).resolution.startswith("Investigated")


def test_complaint_text_cannot_be_searched_by_value(users):
    from sanad.core.fields import EncryptedLookupError

    log(users["helpline_operator"], description="Where is the clinic?")
    with pytest.raises(EncryptedLookupError, match="encrypted"):
        list(Ticket.objects.filter(description="Where is the clinic?"))
    with pytest.raises(EncryptedLookupError):
        list(Ticket.objects.filter(description__icontains="clinic"))
    assert Ticket.objects.filter(description__isnull=False).count() == 1


def test_the_api_refuses_assigning_a_complaint_to_its_staff_member_with_403_and_writes_nothing(
    users, psea_focal_point, make_user, org, api_client_for
):
    other_fp = make_user("psea_focal_point", username="second-fp-api")
    FocalPoint.objects.create(agency=org.agency, category="psea", user=other_fp)
    ticket = log(users["helpline_operator"], category="psea", staff_member=psea_focal_point)
    events = TicketEvent.objects.count()
    writes = AuditEvent.objects.filter(is_sensitive_read=False).count()
    response = api_client_for(other_fp).post(
        f"/api/v1/tickets/{ticket.uuid}/assign/", {"assignee": str(psea_focal_point.uuid)}, format="json"
    )
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "conflict_of_interest"
    ticket.refresh_from_db()
    assert ticket.assigned_to_id is None
    # Reading the sensitive ticket may be audited; nothing is written.
    assert TicketEvent.objects.count() == events
    assert AuditEvent.objects.filter(is_sensitive_read=False).count() == writes
