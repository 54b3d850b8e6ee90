"""Services against the real database: uploading versions, recording assessments, safety alerts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from sanad.assessments.models import Assessment, Domain, Instrument, InstrumentVersion, SafetyAlert
from sanad.assessments.selectors import latest_priority_by_person, safety_alerts_open_for
from sanad.assessments.services import (
    assessment_record,
    instrument_version_upload,
    instruments_load_shipped,
    safety_alert_acknowledge,
    safety_alert_recipients,
)
from sanad.assessments.tests.conftest import answers, form_text, register, upload_form
from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent, TeamMembership
from sanad.registry.models import PersonFlag

pytestmark = pytest.mark.django_db


# --- uploading ---------------------------------------------------------------------------------


def test_upload_creates_the_instrument_and_an_active_version(users):
    admin = users["system_admin"]
    version = upload_form(actor=admin, text=form_text(), domain=Domain.SCREENING)
    instrument = version.instrument
    assert instrument.code == "engine_test" and instrument.name_en == "Engine test"
    assert version.version == "2026.1" and version.is_active
    assert version.uploaded_by == admin
    assert version.definition["form_id"] == "engine_test"
    assert version.file.read().decode().startswith("# A form")
    assert AuditEvent.objects.filter(action="assessments.instrument_version.upload", actor=admin).count() == 1
    assert AuditEvent.objects.filter(action="assessments.instrument.create").count() == 1


def test_a_new_version_replaces_the_active_one_and_old_answers_stay(users, person, engine_version):
    old = assessment_record(
        actor=users["caseworker"], person=person, instrument_code="engine_test", answers=answers()
    )
    new = upload_form(actor=users["system_admin"], text=form_text(version="2026.2"))
    engine_version.refresh_from_db()
    assert not engine_version.is_active and new.is_active
    assert InstrumentVersion.objects.filter(instrument=new.instrument).count() == 2
    later = assessment_record(
        actor=users["caseworker"], person=person, instrument_code="engine_test", answers=answers()
    )
    old.refresh_from_db()
    assert old.instrument_version == engine_version
    assert later.instrument_version == new


def test_the_same_version_is_refused(users, engine_version):
    with pytest.raises(ValidationError) as info:
        upload_form(actor=users["system_admin"], text=form_text())
    assert "already loaded" in " ".join(info.value.messages)
    assert InstrumentVersion.objects.count() == 1


def test_invalid_forms_are_refused_with_row_errors(users):
    bad = form_text().replace("if(${detained} = 'yes', 3, 0)", "if(${detained} = 'yes', 3,")
    with pytest.raises(ValidationError) as info:
        upload_form(actor=users["system_admin"], text=bad)
    assert any("(score_detention): calculation" in m for m in info.value.message_dict["file"])
    assert not Instrument.objects.exists() and not InstrumentVersion.objects.exists()


def test_upload_to_another_instrument_is_refused(users, engine_version):
    other = upload_form(actor=users["system_admin"], text=form_text(form_id="other_form")).instrument
    with pytest.raises(ValidationError, match="form_id"):
        instrument_version_upload(
            actor=users["system_admin"],
            file=ContentFile(form_text(version="9").encode(), name="x.md"),
            instrument=other,
        )


@pytest.mark.parametrize("role", ["caseworker", "team_leader", "mhpss_officer", "auditor"])
def test_only_managers_upload(users, role):
    with pytest.raises(DomainError):
        upload_form(actor=users[role], text=form_text())
    assert not InstrumentVersion.objects.exists()


def test_load_instruments_is_idempotent(tmp_path, capsys):
    (tmp_path / "engine_test.md").write_text(form_text())
    first = instruments_load_shipped(directory=tmp_path)
    assert first == [("engine_test.md", "loaded", "2026.1")]
    again = instruments_load_shipped(directory=tmp_path)
    assert again == [("engine_test.md", "unchanged", "2026.1")]
    (tmp_path / "engine_test.md").write_text(form_text().replace("Household size", "Size of household"))
    changed = instruments_load_shipped(directory=tmp_path)
    assert changed[0][1] == "error" and "new version" in changed[0][2]
    with pytest.raises(CommandError):
        call_command("load_instruments", directory=str(tmp_path))
    (tmp_path / "engine_test.md").write_text(form_text(version="2026.2"))
    call_command("load_instruments", directory=str(tmp_path))
    assert "loaded" in capsys.readouterr().out
    assert InstrumentVersion.objects.filter(instrument__code="engine_test").count() == 2


def test_shipped_forms_load():
    report = instruments_load_shipped()
    assert report, "sanad/assessments/forms/ holds the shipped instruments"
    assert [row for row in report if row[1] == "error"] == []
    phq9 = Instrument.objects.filter(code="phq9").first()
    if phq9 is not None:
        assert phq9.sensitive and phq9.domain == Domain.MHPSS


# --- recording ---------------------------------------------------------------------------------


def test_record_scores_audits_and_adds_flags(users, person, engine_version):
    caseworker = users["caseworker"]
    PersonFlag.objects.create(person=person, flag="disability", set_by=caseworker)
    assessment = assessment_record(
        actor=caseworker,
        person=person,
        instrument_code="engine_test",
        answers=answers(detained="yes", needs=["food", "nfi"]),
    )
    assert assessment.score == Decimal("5")
    assert assessment.scores == {"score_detention": "3", "score_needs": "2"}
    assert (assessment.band, assessment.priority) == ("severe", "high")
    assert assessment.flags == ["detained"]
    assert assessment.suggested_assistance == ["food", "nfi"]
    assert assessment.team == caseworker.memberships.first().team
    assert assessment.agency == caseworker.agency
    assert assessment.answers["needs"] == ["food", "nfi"]
    assert "household" not in assessment.answers and "hh_size" not in assessment.answers
    assert assessment.values["score"] == 5
    event = AuditEvent.objects.get(action="assessments.assessment.record")
    assert event.changes["priority"] == [None, "high"]
    # Flags are added, never removed.
    assert set(person.flags.values_list("flag", flat=True)) == {"disability", "detained"}
    assert AuditEvent.objects.filter(action="registry.person.set_flags").count() == 1


def test_record_is_idempotent(users, person, engine_version):
    first = assessment_record(
        actor=users["caseworker"],
        person=person,
        instrument_code="engine_test",
        answers=answers(),
        idempotency_key="k1",
    )
    again = assessment_record(
        actor=users["caseworker"],
        person=person,
        instrument_code="engine_test",
        answers=answers(),
        idempotency_key="k1",
    )
    assert first.pk == again.pk and Assessment.objects.count() == 1


def test_invalid_answers_write_nothing(users, person, engine_version):
    with pytest.raises(ValidationError) as info:
        assessment_record(
            actor=users["caseworker"],
            person=person,
            instrument_code="engine_test",
            answers=answers(age="200"),
        )
    assert "age" in info.value.message_dict
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="assessments.assessment").exists()


def test_unknown_instrument(users, person):
    with pytest.raises(ValidationError, match="no active instrument"):
        assessment_record(actor=users["caseworker"], person=person, instrument_code="nope", answers={})


@pytest.mark.parametrize("role", ["helpline_operator", "me_officer", "auditor", "partner_caseworker"])
def test_roles_without_the_right_may_not_record(users, person, engine_version, role):
    with pytest.raises(DomainError):
        assessment_record(actor=users[role], person=person, instrument_code="engine_test", answers=answers())
    assert not Assessment.objects.exists()


def test_a_person_out_of_scope_is_refused(users, other_agency_users, person, engine_version):
    from django.http import Http404

    # Out of scope is "not found": the actor does not learn that the person exists.
    with pytest.raises(Http404):
        assessment_record(
            actor=other_agency_users["caseworker"],
            person=person,
            instrument_code="engine_test",
            answers=answers(),
        )
    assert not Assessment.objects.exists()


def test_latest_priority_by_person(users, person, engine_version):
    other = register(users["caseworker"], given_name="Ibrahim")
    caseworker = users["caseworker"]
    assessment_record(actor=caseworker, person=person, instrument_code="engine_test", answers=answers())
    assessment_record(
        actor=caseworker,
        person=person,
        instrument_code="engine_test",
        answers=answers(detained="yes", needs=["food", "nfi"]),
    )
    assert latest_priority_by_person([person.pk, other.pk]) == {person.pk: "high"}
    assert latest_priority_by_person([]) == {}


# --- safety alert ------------------------------------------------------------------------------


def test_safety_alert_reaches_the_supervisors_and_is_acknowledged(
    users, other_team_users, person, engine_version
):
    caseworker = users["caseworker"]
    leader = users["team_leader"]  # team leader of the caseworker's team
    other_supervisor = other_team_users["team_leader"]  # a team leader in another unit
    assessment = assessment_record(
        actor=caseworker,
        person=person,
        instrument_code="engine_test",
        answers=answers(age="16", detained="yes"),
    )
    assert assessment.safety_alert
    alert = SafetyAlert.objects.get(assessment=assessment)
    # The escalation chain stops at the first level with somebody: the team's leader.
    assert set(alert.recipients.all()) == {leader}
    assert other_supervisor not in alert.recipients.all() and caseworker not in alert.recipients.all()
    assert list(safety_alerts_open_for(actor=leader)) == [alert]
    assert list(safety_alerts_open_for(actor=caseworker)) == []
    assert AuditEvent.objects.filter(action="assessments.safety_alert.raise").count() == 1

    with pytest.raises(DomainError):
        safety_alert_acknowledge(actor=caseworker, alert=alert, note="seen")
    with pytest.raises(ValidationError):
        safety_alert_acknowledge(actor=leader, alert=alert, note="  ")
    safety_alert_acknowledge(actor=leader, alert=alert, note="Called; safety plan agreed.")
    alert.refresh_from_db()
    assert alert.acknowledged_by == leader and alert.acknowledgement_note == "Called; safety plan agreed."
    assert list(safety_alerts_open_for(actor=leader)) == []
    assert AuditEvent.objects.filter(action="assessments.safety_alert.acknowledge", actor=leader).count() == 1
    with pytest.raises(ValidationError, match="already"):
        safety_alert_acknowledge(actor=leader, alert=alert, note="again")


def test_no_alert_without_the_trigger(users, person, engine_version):
    assessment_record(
        actor=users["caseworker"], person=person, instrument_code="engine_test", answers=answers()
    )
    assert not SafetyAlert.objects.exists()


def test_alert_falls_back_to_the_agency_team_leaders(users, make_user, org, person, engine_version):
    # A team without a leader, in an agency without MHPSS supervisors: the agency's leaders.
    lonely = make_user("caseworker", team=org.partner_team)
    patient = register(lonely, given_name="Yusuf")
    leader = make_user("team_leader", team=org.partner_team)
    TeamMembership.objects.filter(user=leader).update(function=TeamMembership.Function.CASEWORKER)
    assessment = assessment_record(
        actor=lonely, person=patient, instrument_code="engine_test", answers=answers(age="16", detained="yes")
    )
    assert safety_alert_recipients(assessment=assessment) == [leader]


def test_who_may_acknowledge(users, other_team_users, other_agency_users, person, engine_version):
    from sanad.assessments.services import safety_alert_may_acknowledge

    assessment = assessment_record(
        actor=users["caseworker"],
        person=person,
        instrument_code="engine_test",
        answers=answers(age="16", detained="yes"),
    )
    alert = SafetyAlert.objects.get(assessment=assessment)
    # Not a recipient (their unit is MRRM, not MHPSS), but an MHPSS officer of the team's unit.
    assert users["mhpss_officer"] not in alert.recipients.all()
    assert safety_alert_may_acknowledge(actor=users["mhpss_officer"], alert=alert)
    assert safety_alert_may_acknowledge(actor=users["team_leader"], alert=alert)
    for outsider in (
        users["caseworker"],
        users["protection_caseworker"],
        other_team_users["caseworker"],
        other_agency_users["team_leader"],
        other_agency_users["mhpss_officer"],
    ):
        assert not safety_alert_may_acknowledge(actor=outsider, alert=alert), outsider


def test_link_case(users, person, engine_version):
    from sanad.assessments.services import assessment_link_case
    from sanad.cases.services import case_open

    caseworker = users["caseworker"]
    assessment = assessment_record(
        actor=caseworker, person=person, instrument_code="engine_test", answers=answers()
    )
    case = case_open(actor=caseworker, person=person, case_type="protection", opened_from="screening")
    assessment_link_case(actor=caseworker, assessment=assessment, case=case)
    assessment.refresh_from_db()
    assert assessment.case == case
    assert AuditEvent.objects.filter(action="assessments.assessment.link_case").count() == 1
    other = register(caseworker, given_name="Idris")
    other_case = case_open(actor=caseworker, person=other, case_type="protection", opened_from="screening")
    with pytest.raises(ValidationError):
        assessment_link_case(actor=caseworker, assessment=assessment, case=other_case)
    assessment.refresh_from_db()
    assert assessment.case == case
