"""Case services against the real database: workflow, approvals, illegal transitions, encryption
and rotation, consent-gated transfer, sensitive visibility and read logging, services delivered."""

from __future__ import annotations

import datetime

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from sanad.cases import services
from sanad.cases.models import (
    Case,
    CaseApproval,
    CaseNote,
    CasePlan,
    CaseStatus,
    CaseStatusChange,
    FocalPoint,
    FollowUp,
    ServiceDelivery,
)
from sanad.cases.selectors import case_get, case_list, service_list
from sanad.core.crypto import UnreadableText
from sanad.core.errors import DomainError
from sanad.core.fields import stored_token
from sanad.core.jobs import periodic_job_run
from sanad.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def stored(obj, field: str) -> str:
    """What the database holds for an encrypted field (the token, not the text)."""
    return type(obj).objects.filter(pk=obj.pk).values_list(stored_token(field), flat=True).get()


def statuses(case):
    return list(
        CaseStatusChange.objects.filter(case=case).order_by("at", "id").values_list("to_status", flat=True)
    )


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------
def test_open_case_sets_holder_reference_history_note_and_audit(users, person, org):
    case = services.case_open(
        actor=users["caseworker"],
        person=person,
        case_type="mhpss",
        risk_level="high",
        reason="Panic attacks.",
    )
    assert case.reference.startswith("LBY-C")
    assert (case.status, case.team, case.unit, case.agency, case.owner) == (
        "opened",
        org.team,
        org.unit,
        org.agency,
        users["caseworker"],
    )
    assert list(case.caseworkers.all()) == [users["caseworker"]]
    assert not case.is_sensitive
    assert statuses(case) == ["opened"]
    note = case.notes.get()
    assert note.kind == CaseNote.Kind.OPENING and note.body == "Panic attacks."
    assert "Panic" not in stored(note, "body")
    event = AuditEvent.objects.get(action="cases.case.open", object_uuid=str(case.uuid))
    assert event.changes["risk_level"] == [None, "high"]
    assert "Panic" not in str(event.changes)


def test_open_case_is_idempotent(users, person):
    first = services.case_open(
        actor=users["caseworker"], person=person, case_type="mhpss", idempotency_key="k1"
    )
    again = services.case_open(
        actor=users["caseworker"], person=person, case_type="mhpss", idempotency_key="k1"
    )
    assert first.pk == again.pk and Case.objects.count() == 1


def test_open_case_refuses_bad_input_and_writes_nothing(users, person):
    with pytest.raises(ValidationError) as error:
        services.case_open(actor=users["caseworker"], person=person, case_type="nope", risk_level="extreme")
    assert set(error.value.message_dict) == {"case_type", "risk_level"}
    assert Case.objects.count() == 0 and CaseStatusChange.objects.count() == 0


def test_open_case_refused_to_roles_without_the_right_and_for_invisible_people(
    users, person, other_agency_users
):
    with pytest.raises(DomainError):
        services.case_open(actor=users["auditor"], person=person, case_type="mhpss")
    with pytest.raises(ValidationError) as error:
        services.case_open(actor=other_agency_users["caseworker"], person=person, case_type="mhpss")
    assert "person" in error.value.message_dict
    assert Case.objects.count() == 0


@pytest.mark.parametrize("case_type", ["gbv", "vot", "child_protection"])
def test_gbv_vot_and_child_protection_are_always_sensitive(open_case, users, case_type):
    case = open_case(case_type)
    assert case.sensitive and case.is_sensitive
    with pytest.raises(ValidationError):
        services.case_update(actor=users["caseworker"], case=case, sensitive=False)


# ---------------------------------------------------------------------------------------------
# Workflow and approvals
# ---------------------------------------------------------------------------------------------
def _plan(case, actor):
    services.plan_create(actor=actor, case=case)
    goal = services.goal_add(actor=actor, case=case, description="Reduce distress", need="mhpss")
    services.action_add(
        actor=actor,
        case=case,
        goal=goal,
        description="Weekly counselling",
        responsible=actor,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    return goal


def test_full_workflow_with_closure_approval(open_case, users):
    worker, leader = users["caseworker"], users["team_leader"]
    case = open_case()
    services.case_start_assessment(actor=worker, case=case)
    _plan(case, worker)
    plan = services.plan_submit(actor=worker, case=case)
    assert plan.status == CasePlan.Status.APPROVED  # plans need no approval by default
    case.refresh_from_db()
    assert case.status == CaseStatus.IMPLEMENTATION
    followup = services.followup_create(
        actor=worker, case=case, title="Call back", due_at=timezone.now() + datetime.timedelta(days=1)
    )
    services.case_close_request(actor=worker, case=case, reason="goals_met", note="Doing well.")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_REQUESTED  # closures need approval by default
    approval = CaseApproval.objects.get(case=case, status="pending")
    services.case_closure_decide(actor=leader, case=case, approve=True, comment="Agreed")
    case.refresh_from_db()
    approval.refresh_from_db()
    assert (case.status, case.closure_reason, approval.status, approval.decided_by) == (
        "closed",
        "goals_met",
        "approved",
        leader,
    )
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.CANCELLED
    services.case_reopen(actor=worker, case=case, reason="New incident")
    case.refresh_from_db()
    assert (case.status, case.reopened_count, case.closed_at) == ("reopened", 1, None)
    assert statuses(case) == [
        "opened",
        "assessment",
        "planning",
        "implementation",
        "closure_requested",
        "closed",
        "reopened",
    ]
    actions = set(AuditEvent.objects.filter(object_uuid=str(case.uuid)).values_list("action", flat=True))
    assert {
        "cases.case.open",
        "cases.plan.submit",
        "cases.case.approve_closure",
        "cases.case.reopen",
    } <= actions


def test_plan_approval_when_the_unit_requires_it(open_case, users, org):
    worker, leader = users["caseworker"], users["team_leader"]
    services.case_setting_save(
        actor=users["agency_admin"],
        unit=org.unit,
        case_type="mhpss",
        plan_approval_required=True,
        closure_approval_required=False,
        high_risk_no_contact_days=5,
    )
    case = open_case()
    _plan(case, worker)
    plan = services.plan_submit(actor=worker, case=case)
    assert plan.status == CasePlan.Status.PENDING
    with pytest.raises(DomainError):  # the caseworker cannot approve
        services.plan_decide(actor=worker, case=case, approve=True)
    with pytest.raises(ValidationError):  # a return needs a reason
        services.plan_decide(actor=leader, case=case, approve=False)
    services.plan_decide(actor=leader, case=case, approve=True)
    case.refresh_from_db()
    plan.refresh_from_db()
    assert plan.status == "approved" and case.status == "implementation"
    # The unit closes without approval.
    services.case_close_request(actor=worker, case=case, reason="moved")
    case.refresh_from_db()
    assert case.status == "closed" and not CaseApproval.objects.filter(kind="closure").exists()


def test_team_leader_cannot_approve_their_own_request(make_user, org, person):
    leader = make_user("team_leader", team=org.team, username="leader-self")
    case = services.case_open(actor=leader, person=person, case_type="mhpss")
    services.case_close_request(actor=leader, case=case, reason="goals_met")
    with pytest.raises(DomainError) as error:
        services.case_closure_decide(actor=leader, case=case, approve=True)
    assert error.value.code == "four_eyes"
    case.refresh_from_db()
    assert case.status == "closure_requested"


def test_rejected_closure_returns_the_case_to_where_it_was(open_case, users):
    case = open_case()
    services.case_start_assessment(actor=users["caseworker"], case=case)
    services.case_close_request(actor=users["caseworker"], case=case, reason="lost_contact")
    services.case_closure_decide(actor=users["team_leader"], case=case, approve=False, comment="Try again")
    case.refresh_from_db()
    assert case.status == "assessment"
    assert CaseApproval.objects.get(case=case).status == "rejected"


def test_illegal_transitions_are_refused_with_a_clear_message(open_case, users):
    worker = users["caseworker"]
    case = open_case()
    with pytest.raises(DomainError) as error:
        services.case_reopen(actor=worker, case=case, reason="x")
    assert error.value.code == "illegal_transition" and "Opened" in error.value.message
    services.case_start_assessment(actor=worker, case=case)
    with pytest.raises(DomainError):
        services.case_start_assessment(actor=worker, case=case)
    services.case_close_request(actor=worker, case=case, reason="goals_met")
    with pytest.raises(DomainError):
        services.case_close_request(actor=worker, case=case, reason="goals_met")
    services.case_closure_decide(actor=users["team_leader"], case=case, approve=True)
    before = statuses(case)
    for call in (
        lambda: services.case_start_assessment(actor=worker, case=case),
        lambda: services.plan_create(actor=worker, case=case),
        lambda: services.followup_create(actor=worker, case=case, title="x", due_at=timezone.now()),
        lambda: services.case_close_request(actor=worker, case=case, reason="goals_met"),
    ):
        with pytest.raises(DomainError):
            call()
    assert statuses(case) == before
    with pytest.raises(DomainError):
        services.case_closure_decide(actor=users["team_leader"], case=case, approve=True)


def test_a_caseworker_of_the_team_who_is_not_assigned_cannot_manage(open_case, make_user, org):
    case = open_case()
    colleague = make_user("caseworker", team=org.team, username="colleague")
    with pytest.raises(DomainError):
        services.note_add(actor=colleague, case=case, text="x")
    assert case.notes.count() == 0


# ---------------------------------------------------------------------------------------------
# Encryption at rest and key rotation
# ---------------------------------------------------------------------------------------------
def test_notes_round_trip_and_rotation(open_case, users):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(SANAD_ENCRYPTION_KEYS=[old]):
        case = open_case()
        note = services.note_add(actor=users["caseworker"], case=case, text="سري: زيارة منزلية")
        token = stored(note, "body")
        assert "زيارة" not in token and note.body == "سري: زيارة منزلية"
    with override_settings(SANAD_ENCRYPTION_KEYS=[new, old]):
        assert CaseNote.objects.get(pk=note.pk).body == "سري: زيارة منزلية"  # old key still decrypts
        result = services.encrypted_tokens_rotate(batch_size=1)
        assert result["rotated"] == 1
        assert services.encrypted_tokens_rotate()["rotated"] == 0  # idempotent
    with override_settings(SANAD_ENCRYPTION_KEYS=[new]):
        assert CaseNote.objects.get(pk=note.pk).body == "سري: زيارة منزلية"
    with override_settings(SANAD_ENCRYPTION_KEYS=[old]), pytest.raises(UnreadableText):
        CaseNote.objects.get(pk=note.pk).body  # noqa: B018
    with override_settings(SANAD_ENCRYPTION_KEYS=[old]):
        assert CaseNote.objects.get(pk=note.pk).readable_body is None


def test_rotation_command_reencrypts(open_case, users, capsys):
    from django.core.management import call_command

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(SANAD_ENCRYPTION_KEYS=[old]):
        case = open_case(reason="first")
        services.note_add(actor=users["caseworker"], case=case, text="second")
    with override_settings(SANAD_ENCRYPTION_KEYS=[new, old]):
        call_command("rotate_encryption_keys")
    assert "Re-encrypted 2" in capsys.readouterr().out
    with override_settings(SANAD_ENCRYPTION_KEYS=[new]):
        assert sorted(n.body for n in CaseNote.objects.all()) == ["first", "second"]


# ---------------------------------------------------------------------------------------------
# Consent-gated transfer
# ---------------------------------------------------------------------------------------------
def test_transfer_needs_recorded_consent(open_case, users, make_user, org):
    case = open_case()
    colleague = make_user("caseworker", team=org.team, username="receiver")
    with pytest.raises(DomainError) as error:
        services.case_transfer(actor=users["caseworker"], case=case, to_owner=colleague)
    assert error.value.code == "consent_required"
    case.refresh_from_db()
    assert case.owner == users["caseworker"]
    services.case_consent_record(
        actor=users["caseworker"], case=case, purpose="transfer_caseworker", given_by="Amina Yusuf"
    )
    services.case_transfer(actor=users["caseworker"], case=case, to_owner=colleague)
    case.refresh_from_db()
    assert case.owner == colleague and list(case.caseworkers.all()) == [colleague]
    assert case.transfers.get().consent.given_by == "Amina Yusuf"


def test_transfer_to_another_agency_needs_inter_agency_consent(open_case, users, other_agency_users, org):
    case = open_case()
    receiver = other_agency_users["caseworker"]
    services.case_consent_record(
        actor=users["caseworker"], case=case, purpose="transfer_caseworker", given_by="A"
    )
    with pytest.raises(DomainError):
        services.case_transfer(actor=users["caseworker"], case=case, to_owner=receiver)
    consent = services.case_consent_record(
        actor=users["caseworker"], case=case, purpose="transfer_agency", given_by="A"
    )
    services.case_consent_withdraw(actor=users["caseworker"], case=case, consent=consent)
    with pytest.raises(DomainError):
        services.case_transfer(actor=users["caseworker"], case=case, to_owner=receiver)
    services.case_consent_record(
        actor=users["caseworker"], case=case, purpose="transfer_agency", given_by="A"
    )
    services.case_transfer(actor=users["caseworker"], case=case, to_owner=receiver)
    case.refresh_from_db()
    assert (case.agency, case.team, case.owner) == (org.other_agency, org.partner_team, receiver)
    with pytest.raises(Http404):  # the sending caseworker no longer sees it
        case_get(actor=users["caseworker"], uuid=case.uuid)
    assert case_get(actor=receiver, uuid=case.uuid) == case


# ---------------------------------------------------------------------------------------------
# Sensitive cases
# ---------------------------------------------------------------------------------------------
def test_gbv_case_visible_only_to_assigned_supervisor_and_focal_points(
    open_case, users, other_team_users, other_agency_users, make_user, org
):
    case = open_case("gbv")
    colleague = make_user("caseworker", team=org.team, username="same-team")
    unit_protection = make_user("protection_caseworker", team=org.team, username="prot-unit", sensitive=True)
    allowed = [users["caseworker"], users["team_leader"]]
    refused = [
        colleague,
        unit_protection,
        other_team_users["caseworker"],
        other_team_users["team_leader"],
        other_agency_users["caseworker"],
        other_agency_users["partner_caseworker"],
        users["me_officer"],
        users["data_protection_officer"],
    ]
    for user in allowed:
        assert case_get(actor=user, uuid=case.uuid) == case
        assert list(case_list(actor=user)) == [case]
    for user in refused:
        with pytest.raises(Http404):
            case_get(actor=user, uuid=case.uuid)
        assert list(case_list(actor=user)) == []
    services.focal_point_assign(
        actor=users["agency_admin"], unit=org.unit, case_type="gbv", user=unit_protection
    )
    unit_protection.forget_cached_access()
    assert case_get(actor=unit_protection, uuid=case.uuid) == case
    # Seeing is not working on it: the focal point is not assigned.
    with pytest.raises(DomainError):
        services.note_add(actor=unit_protection, case=case, text="x")
    # A focal point for another case type sees nothing more.
    FocalPoint.objects.all().delete()
    services.focal_point_assign(
        actor=users["agency_admin"], unit=org.unit, case_type="vot", user=unit_protection
    )
    with pytest.raises(Http404):
        case_get(actor=unit_protection, uuid=case.uuid)


def test_focal_point_needs_sensitive_access(users, org, make_user):
    plain = make_user("protection_caseworker", team=org.team, username="no-sensitive")
    with pytest.raises(ValidationError):
        services.focal_point_assign(actor=users["agency_admin"], unit=org.unit, case_type="gbv", user=plain)


def test_each_read_of_a_sensitive_case_is_logged(open_case, users):
    gbv, mhpss = open_case("gbv"), open_case("mhpss")
    case_get(actor=users["team_leader"], uuid=gbv.uuid)
    case_get(actor=users["team_leader"], uuid=gbv.uuid)
    case_get(actor=users["team_leader"], uuid=mhpss.uuid)
    reads = AuditEvent.objects.filter(action="cases.case.read", is_sensitive_read=True)
    assert reads.count() == 2
    assert set(reads.values_list("object_uuid", flat=True)) == {str(gbv.uuid)}


def test_services_of_a_sensitive_case_are_hidden_from_those_who_cannot_see_it(
    open_case, users, person, make_user, org
):
    gbv = open_case("gbv")
    services.service_record(actor=users["caseworker"], person=person, service_type="counselling", case=gbv)
    services.service_record(actor=users["caseworker"], person=person, service_type="pfa")
    colleague = make_user("caseworker", team=org.team, username="same-team")
    assert service_list(actor=users["caseworker"]).count() == 2
    assert [s.service_type for s in service_list(actor=colleague)] == ["pfa"]


# ---------------------------------------------------------------------------------------------
# Services delivered, follow-ups and the periodic jobs
# ---------------------------------------------------------------------------------------------
def test_service_record_counts_as_contact_and_is_idempotent(open_case, users, person):
    case = open_case()
    Case.objects.filter(pk=case.pk).update(last_contact_at=timezone.now() - datetime.timedelta(days=10))
    case.refresh_from_db()
    service = services.service_record(
        actor=users["caseworker"],
        person=person,
        case=case,
        service_type="counselling",
        modality="remote",
        duration_minutes=45,
        notes="Talked about sleep.",
        idempotency_key="svc-1",
    )
    again = services.service_record(
        actor=users["caseworker"],
        person=person,
        case=case,
        service_type="counselling",
        idempotency_key="svc-1",
    )
    assert service.pk == again.pk and ServiceDelivery.objects.count() == 1
    assert service.need == "mhpss" and service.notes == "Talked about sleep."
    case.refresh_from_db()
    assert case.last_contact_at == service.delivered_at


def test_service_record_validates(users, person):
    with pytest.raises(ValidationError) as error:
        services.service_record(
            actor=users["caseworker"],
            person=person,
            service_type="massage",
            modality="fax",
            duration_minutes=0,
            delivered_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"service_type", "modality", "duration_minutes", "delivered_at"}
    assert ServiceDelivery.objects.count() == 0


def test_mark_overdue_followups(open_case, users):
    case = open_case()
    now = timezone.now()
    late = services.followup_create(
        actor=users["caseworker"], case=case, title="late", due_at=now - datetime.timedelta(hours=2)
    )
    services.followup_create(
        actor=users["caseworker"], case=case, title="later", due_at=now + datetime.timedelta(days=1)
    )
    assert services.followups_mark_overdue(now=now) == 1
    assert services.followups_mark_overdue(now=now) == 0
    late.refresh_from_db()
    assert late.overdue_since == now


def test_high_risk_escalation_goes_to_the_team_leader_once(open_case, users, org):
    case = open_case(risk_level="high")
    later = timezone.now() + datetime.timedelta(days=8)
    assert services.high_risk_escalate(now=timezone.now()) == 0
    assert services.high_risk_escalate(now=later) == 1
    assert services.high_risk_escalate(now=later) == 0
    task = FollowUp.objects.get(case=case, kind="escalation")
    assert task.assigned_to == users["team_leader"] and "8 days" in task.title
    # A unit setting of 10 days: not yet.
    task.delete()
    services.case_setting_save(
        actor=users["agency_admin"],
        unit=org.unit,
        plan_approval_required=False,
        closure_approval_required=True,
        high_risk_no_contact_days=10,
    )
    assert services.high_risk_escalate(now=later) == 0


def test_followup_completion_restarts_the_contact_clock(open_case, users):
    case = open_case(risk_level="high")
    Case.objects.filter(pk=case.pk).update(last_contact_at=timezone.now() - datetime.timedelta(days=30))
    case.refresh_from_db()
    followup = services.followup_create(
        actor=users["caseworker"], case=case, title="visit", due_at=timezone.now()
    )
    services.followup_complete(actor=users["caseworker"], case=case, followup=followup, outcome="seen")
    case.refresh_from_db()
    assert case.last_contact_at > timezone.now() - datetime.timedelta(minutes=1)
    with pytest.raises(DomainError):
        services.followup_complete(actor=users["caseworker"], case=case, followup=followup)


def test_bid_only_for_child_protection_and_encrypted(open_case, users):
    mhpss = open_case()
    with pytest.raises(DomainError):
        services.bid_record(
            actor=users["caseworker"],
            case=mhpss,
            panel_date=timezone.localdate(),
            panel_members=["A", "B"],
            recommendation="alternative_care",
            decision="x",
        )
    child = open_case("child_protection")
    with pytest.raises(ValidationError) as error:
        services.bid_record(
            actor=users["caseworker"],
            case=child,
            panel_date=timezone.localdate(),
            panel_members=["A"],
            recommendation="nope",
            decision="",
        )
    assert set(error.value.message_dict) == {"panel_members", "recommendation", "decision"}
    bid = services.bid_record(
        actor=users["caseworker"],
        case=child,
        panel_date=timezone.localdate(),
        panel_members=["Protection officer", "Social worker"],
        recommendation="family_reunification",
        decision="Reunify with the uncle in Tunis.",
    )
    assert bid.decision == "Reunify with the uncle in Tunis." and "uncle" not in stored(bid, "decision")


def test_periodic_tasks_run_the_services(open_case, users):
    case = open_case(risk_level="high")
    services.followup_create(
        actor=users["caseworker"],
        case=case,
        title="late",
        due_at=timezone.now() - datetime.timedelta(hours=1),
    )
    Case.objects.filter(pk=case.pk).update(
        last_contact_at=timezone.now() - datetime.timedelta(days=30),
        opened_at=timezone.now() - datetime.timedelta(days=30),
    )
    periodic_job_run("cases.followups_mark_overdue")
    periodic_job_run("cases.high_risk_escalate")
    assert FollowUp.objects.filter(overdue_since__isnull=False).count() == 1
    assert FollowUp.objects.filter(kind="escalation", assigned_to=users["team_leader"]).count() == 1
