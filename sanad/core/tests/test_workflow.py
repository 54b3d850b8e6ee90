"""The shared workflow piece (``core/workflow.py``), on a workflow declared here over cases: who may,
from which state, what one transition writes (history row and audit event, together or not at
all), and which transitions a page offers to which user."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from sanad.cases.models import Case, CaseStatus, CaseStatusChange
from sanad.cases.services import case_open
from sanad.core.api_base import exception_handler
from sanad.core.models import AuditEvent
from sanad.core.workflow import StaleRecord, Transition, TransitionForbidden, TransitionNotAllowed, Workflow
from sanad.registry.models import Registration
from sanad.registry.services import person_register

S = CaseStatus


def _history(case, *, transition, actor, from_state, to_state, reason, at):
    return CaseStatusChange.objects.create(
        case=case,
        at=at,
        actor=actor,
        transition=transition,
        from_status=from_state,
        to_status=to_state,
        reason=reason,
    )


def _workflow(**kwargs) -> Workflow:
    return Workflow(
        model=Case,
        audit_prefix="test.case",
        audited_fields=("status", "risk_level"),
        history=_history,
        transitions=[
            Transition("assess", "assess", sources={S.OPENED}, target=S.ASSESSMENT, action="cases.manage"),
            Transition("plan", "plan", sources={S.ASSESSMENT}, target=S.PLANNING, action="cases.manage"),
            Transition(
                "shelve",
                "shelve",
                sources={S.OPENED, S.ASSESSMENT},
                target=S.CLOSED,
                action="cases.approve",
                reason_required="Say why.",
            ),
            Transition(
                "note",
                "note",
                sources={S.OPENED},
                target=None,
                action="cases.manage",
                guard=lambda actor, case: case.owner_id == actor.pk,
            ),
        ],
        **kwargs,
    )


@pytest.fixture
def case(users):
    person = person_register(
        actor=users["caseworker"],
        data={"given_name": "Amina", "family_name": "Yusuf", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    return case_open(actor=users["caseworker"], person=person, case_type="mhpss")


def _written(case) -> tuple[int, int]:
    return (
        CaseStatusChange.objects.filter(case=case).count(),
        AuditEvent.objects.filter(object_uuid=str(case.uuid), action__startswith="test.").count(),
    )


@pytest.mark.django_db
def test_a_transition_moves_the_state_and_writes_its_history_row_and_audit_event(case, users):
    workflow = _workflow()
    before = _written(case)
    moved = workflow.run(case, "assess", actor=users["caseworker"], reason="first visit")
    assert moved.status == S.ASSESSMENT
    assert Case.objects.get(pk=case.pk).status == S.ASSESSMENT
    row = CaseStatusChange.objects.filter(case=case).latest("id")
    assert (row.transition, row.from_status, row.to_status, row.reason, row.actor) == (
        "assess",
        S.OPENED,
        S.ASSESSMENT,
        "first visit",
        users["caseworker"],
    )
    event = AuditEvent.objects.get(object_uuid=str(case.uuid), action="test.case.assess")
    assert event.actor == users["caseworker"]
    assert event.changes == {"status": [S.OPENED, S.ASSESSMENT]}
    assert _written(case) == (before[0] + 1, before[1] + 1)


@pytest.mark.django_db
def test_a_missing_right_is_refused_as_forbidden_and_writes_nothing(case, users, other_team_users):
    workflow = _workflow()
    before = _written(case)
    # No right at all (the M&E officer does not manage cases), and the right out of scope.
    for actor in (users["me_officer"], other_team_users["caseworker"]):
        with pytest.raises(TransitionForbidden) as refused:
            workflow.run(case, "assess", actor=actor)
        assert refused.value.code == "forbidden"
    assert exception_handler(refused.value, {}).status_code == 403
    assert _written(case) == before
    assert Case.objects.get(pk=case.pk).status == S.OPENED


@pytest.mark.django_db
def test_a_transition_the_state_does_not_allow_is_refused_and_writes_nothing(case, users):
    workflow = _workflow(refused="It is “%(status)s”: no “%(transition)s”, so not “%(target)s”.")
    before = _written(case)
    with pytest.raises(TransitionNotAllowed) as refused:
        workflow.run(case, "plan", actor=users["caseworker"])
    assert refused.value.code == "invalid_transition"
    assert refused.value.message == "It is “Opened”: no “plan”, so not “Case plan”."
    response = exception_handler(refused.value, {})
    assert response.status_code == 409 and response.data["error"]["code"] == "invalid_transition"
    assert _written(case) == before
    assert Case.objects.get(pk=case.pk).status == S.OPENED


@pytest.mark.django_db
def test_the_history_row_and_the_audit_event_are_written_together_or_not_at_all(case, users):
    workflow = _workflow()
    before = _written(case)

    def fail_after_the_history_row(case, row):
        assert CaseStatusChange.objects.filter(pk=row.pk).exists()
        raise ValidationError({"x": ["refused late"]})

    with pytest.raises(ValidationError), transaction.atomic():
        workflow.run(case, "assess", actor=users["caseworker"], then=fail_after_the_history_row)
    assert _written(case) == before
    assert Case.objects.get(pk=case.pk).status == S.OPENED

    def refuse_in_apply(case, at):
        case.risk_level = "high"
        raise ValidationError({"risk_level": ["no"]})

    with pytest.raises(ValidationError):
        workflow.run(case, "assess", actor=users["caseworker"], apply=refuse_in_apply)
    assert _written(case) == before
    assert Case.objects.get(pk=case.pk).risk_level == "medium"


@pytest.mark.django_db
def test_apply_then_and_changes_reach_the_record_and_the_audit_event(case, users):
    workflow = _workflow()

    def apply(case, at):
        case.risk_level = "high"

    workflow.run(
        case,
        "assess",
        actor=users["caseworker"],
        apply=apply,
        then=lambda case, row: {"row": [None, row.to_status]},
        changes={"comment": [None, "urgent"]},
        audit_action="test.case.escalated_assessment",
    )
    event = AuditEvent.objects.get(action="test.case.escalated_assessment")
    assert event.changes == {
        "status": [S.OPENED, S.ASSESSMENT],
        "risk_level": ["medium", "high"],
        "row": [None, S.ASSESSMENT],
        "comment": [None, "urgent"],
    }


@pytest.mark.django_db
def test_a_required_reason_and_a_stale_version_are_refused_before_anything_is_written(case, users):
    workflow = _workflow()
    before = _written(case)
    with pytest.raises(ValidationError) as missing:
        workflow.run(case, "shelve", actor=users["team_leader"], reason="  ")
    assert missing.value.message_dict == {"reason": ["Say why."]}
    read_at = case.updated_at
    # Somebody else saves the case after the caller read it.
    Case.objects.filter(pk=case.pk).update(
        risk_level="high", updated_at=read_at + datetime.timedelta(seconds=1)
    )
    case.refresh_from_db()
    with pytest.raises(StaleRecord) as stale:
        workflow.run(case, "assess", actor=users["caseworker"], expected_version=read_at)
    assert exception_handler(stale.value, {}).status_code == 409
    assert _written(case) == before
    workflow.run(case, "assess", actor=users["caseworker"], expected_version=case.updated_at)
    assert Case.objects.get(pk=case.pk).status == S.ASSESSMENT


@pytest.mark.django_db
def test_allowed_lists_what_each_user_may_do_from_the_current_state(case, users, other_team_users):
    workflow = _workflow()
    assert workflow.allowed_names(case, users["caseworker"]) == {"assess", "note"}
    # The team leader holds cases.approve but is not the case's owner (the guard of "note").
    assert workflow.allowed_names(case, users["team_leader"]) == {"assess", "shelve"}
    assert workflow.allowed_names(case, users["me_officer"]) == set()
    assert workflow.allowed_names(case, other_team_users["caseworker"]) == set()
    assert [t.name for t in workflow.allowed(case, users["caseworker"])] == ["assess", "note"]
    workflow.run(case, "assess", actor=users["caseworker"])
    assert workflow.allowed_names(case, users["caseworker"]) == {"plan"}


@pytest.mark.django_db
def test_a_guard_decides_who_may_and_a_transition_without_target_keeps_the_state(case, users):
    workflow = _workflow()
    with pytest.raises(TransitionForbidden):
        workflow.run(case, "note", actor=users["team_leader"])
    workflow.run(case, "note", actor=users["caseworker"], reason="called")
    row = CaseStatusChange.objects.filter(case=case).latest("id")
    assert (row.transition, row.from_status, row.to_status) == ("note", S.OPENED, S.OPENED)


@pytest.mark.django_db
def test_listeners_hear_each_transition_inside_its_transaction(case, users):
    workflow = _workflow()
    heard = []

    @workflow.subscribe
    def listener(*, record, transition, from_state, to_state, actor, at):
        heard.append((record.pk, transition.name, from_state, to_state, actor.username))

    workflow.run(case, "assess", actor=users["caseworker"])
    workflow.move(case, "plan", actor=users["caseworker"])
    assert heard == [
        (case.pk, "assess", S.OPENED, S.ASSESSMENT, users["caseworker"].username),
        (case.pk, "plan", S.ASSESSMENT, S.PLANNING, users["caseworker"].username),
    ]


@pytest.mark.django_db
def test_the_shipped_workflows_declare_known_states_and_matrix_actions():
    from sanad.cases.workflow import CASE_WORKFLOW
    from sanad.core.permissions import MATRIX
    from sanad.feedback.workflow import TICKET_WORKFLOW
    from sanad.referrals.workflow import REFERRAL_WORKFLOW

    for workflow in (CASE_WORKFLOW, REFERRAL_WORKFLOW, TICKET_WORKFLOW):
        states = set(workflow.states)
        for transition in workflow.transitions.values():
            assert transition.action is None or transition.action in MATRIX, transition.name
            assert transition.sources <= states, transition.name
            assert transition.target is None or callable(transition.target) or transition.target in states
