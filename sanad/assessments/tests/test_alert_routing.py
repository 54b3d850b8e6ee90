"""Who a safety alert reaches (issue 13, item 3).

The chain, from the issue: the leaders of the recorder's team who may see the assessment, else the
supervisors of the unit (its team leaders), else the agency's administrators — never the recorder
alone. The last resort, when an agency has none of these, is the installation's administrators.
Every recipient can open the assessment page (200, not 404) and finds the alert on My work, and
the page names who was alerted.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.assessments.models import SafetyAlert
from sanad.assessments.services import assessment_record
from sanad.assessments.tests.conftest import answers, register
from sanad.core.tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

PHQ9_ITEM9 = {f"phq9_{i}": "1" for i in range(1, 9)} | {"phq9_9": "2", "difficulty": "very_difficult"}


def _user(org, role, *, team=None, unit=None, agency=None, function="caseworker", **kwargs):
    agency = agency or org.agency
    user = UserFactory(agency=agency, roles=[role], **kwargs)
    if unit is not None or team is not None:
        user.units.add(unit or team.unit)
    if team is not None:
        MembershipFactory(team=team, user=user, function=function)
    user.forget_cached_access()
    return user


def _alert_for(recorder, person, **extra):
    assessment = assessment_record(
        actor=recorder,
        person=person,
        instrument_code="engine_test",
        answers=answers(age="16", detained="yes"),
        **extra,
    )
    assert assessment.safety_alert
    return assessment, SafetyAlert.objects.get(assessment=assessment)


def _assert_reaches(client_for, assessment, alert, expected):
    """Exactly ``expected`` were alerted; each opens the page, is named on it, and has it on My work."""
    assert {u.username for u in alert.recipients.all()} == {u.username for u in expected}
    url = reverse("assessments:detail", args=[assessment.uuid])
    for user in expected:
        client = client_for(user)
        page = client.get(url)
        assert page.status_code == 200, user.username
        assert user.get_full_name() in page.content.decode()
        work = client.get(reverse("core:my_work")).content.decode()
        assert url in work, user.username


@pytest.fixture
def mhpss_team(org):
    """A second team of the MRRM unit, without a team leader."""
    return TeamFactory(unit=org.unit, code="tripoli-2", name="Tripoli mobile team 2")


def test_the_team_leader_of_the_recorders_team_is_alerted(org, engine_version, client_for):
    recorder = _user(org, "caseworker", team=org.team)
    leader = _user(org, "team_leader", team=org.team, function="team_leader", first_name="Layla")
    # A supervisor of the unit in another team: not needed while the team has its leader.
    _user(org, "team_leader", team=TeamFactory(unit=org.unit, code="t3"), function="team_leader")
    person = register(recorder)
    assessment, alert = _alert_for(recorder, person, team=org.team)
    _assert_reaches(client_for, assessment, alert, [leader])


def test_a_team_without_leader_alerts_the_units_supervisors(org, engine_version, client_for, mhpss_team):
    recorder = _user(org, "caseworker", team=mhpss_team)
    supervisor = _user(org, "team_leader", team=org.team, function="team_leader", first_name="Salim")
    # A team leader of another unit is no supervisor of this one.
    _user(org, "team_leader", team=org.other_team, function="team_leader")
    person = register(recorder)
    assessment, alert = _alert_for(recorder, person, team=mhpss_team)
    _assert_reaches(client_for, assessment, alert, [supervisor])


def test_a_unit_without_supervisor_alerts_the_agencys_administrators(
    org, engine_version, client_for, mhpss_team
):
    recorder = _user(org, "caseworker", team=mhpss_team)
    admin = _user(org, "agency_admin", first_name="Hana", sensitive_access=True)
    _user(org, "agency_admin", agency=org.other_agency, sensitive_access=True)  # another agency's
    person = register(recorder)
    assessment, alert = _alert_for(recorder, person, team=mhpss_team)
    _assert_reaches(client_for, assessment, alert, [admin])


def test_an_agency_without_administrator_alerts_the_system_administrators(
    org, engine_version, client_for, mhpss_team
):
    recorder = _user(org, "caseworker", team=mhpss_team)
    system_admin = UserFactory(agency=None, roles=["system_admin"], first_name="Omar", sensitive_access=True)
    person = register(recorder)
    assessment, alert = _alert_for(recorder, person, team=mhpss_team)
    _assert_reaches(client_for, assessment, alert, [system_admin])


def test_the_recorder_is_never_the_only_recipient(org, engine_version, client_for):
    """The recorder leads the team: the alert goes up to the unit's other supervisors."""
    recorder = _user(org, "team_leader", team=org.team, function="team_leader")
    supervisor = _user(org, "team_leader", team=TeamFactory(unit=org.unit, code="t4"), function="team_leader")
    person = register(recorder)
    assessment, alert = _alert_for(recorder, person, team=org.team)
    assert recorder not in alert.recipients.all()
    _assert_reaches(client_for, assessment, alert, [supervisor])


def test_a_sensitive_alert_skips_administrators_without_sensitive_access(
    org, sensitive_version, client_for, mhpss_team
):
    recorder = _user(org, "mhpss_officer", team=mhpss_team, sensitive_access=True)
    _user(org, "agency_admin", sensitive_access=False)
    trusted = UserFactory(agency=None, roles=["system_admin"], sensitive_access=True)
    person = register(recorder)
    assessment = assessment_record(
        actor=recorder,
        person=person,
        instrument_code="mh_test",
        answers=answers(age="16", detained="yes"),
        team=mhpss_team,
    )
    assert assessment.sensitive
    _assert_reaches(client_for, assessment, SafetyAlert.objects.get(assessment=assessment), [trusted])


# --- the demo --------------------------------------------------------------------------------


@pytest.fixture
def demo(gazetteer):
    from sanad.core.services.demo import demo_seed

    demo_seed()


def test_the_demo_psychologists_phq9_alerts_somebody_else(demo, client_for):
    from sanad.core.models import User

    psychologist = User.objects.get(username="mhpss_officer")
    demo_alerts = SafetyAlert.objects.filter(assessment__recorded_by=psychologist)
    assert demo_alerts.exists(), "the demo shows a PHQ-9 with item 9 above 0"
    for alert in demo_alerts:
        recipients = list(alert.recipients.all())
        assert recipients and psychologist not in recipients
    # A new one, as the walk-through records it.
    person = register(psychologist, given_name="Selam")
    assessment = assessment_record(
        actor=psychologist, person=person, instrument_code="phq9", answers=PHQ9_ITEM9
    )
    alert = SafetyAlert.objects.get(assessment=assessment)
    leader = User.objects.get(username="team-leader-mhpss")
    _assert_reaches(client_for, assessment, alert, [leader])
    # The recorder's page says who was alerted.
    page = client_for(psychologist).get(reverse("assessments:detail", args=[assessment.uuid]))
    assert leader.get_full_name() in page.content.decode()


def test_the_recorder_cannot_acknowledge_her_own_alert(org, sensitive_version, mhpss_team):
    """An MHPSS officer may acknowledge the alerts of her unit, but not one she raised herself."""
    from sanad.assessments.services import safety_alert_acknowledge, safety_alert_may_acknowledge
    from sanad.core.errors import DomainError

    recorder = _user(org, "mhpss_officer", team=mhpss_team, sensitive_access=True)
    colleague = _user(org, "mhpss_officer", team=mhpss_team, sensitive_access=True)
    _user(org, "team_leader", team=org.team, function="team_leader")
    person = register(recorder)
    assessment = assessment_record(
        actor=recorder,
        person=person,
        instrument_code="mh_test",
        answers=answers(age="16", detained="yes"),
        team=mhpss_team,
    )
    alert = SafetyAlert.objects.get(assessment=assessment)
    assert not safety_alert_may_acknowledge(actor=recorder, alert=alert)
    with pytest.raises(DomainError):
        safety_alert_acknowledge(actor=recorder, alert=alert, note="I talked to him.")
    alert.refresh_from_db()
    assert alert.is_open
    assert safety_alert_may_acknowledge(actor=colleague, alert=alert)
