"""After an upgrade, an open safety alert that reached only its recorder (before alerts followed
the escalation chain) is re-addressed: the team's leader finds it on My work, opens the assessment
and acknowledges it. Running the re-route again changes nothing; an acknowledged alert is history
and stays as it was.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.assessments.models import SafetyAlert
from sanad.assessments.services import safety_alert_acknowledge, safety_alerts_reroute
from sanad.assessments.tests.conftest import register
from sanad.assessments.tests.test_alert_routing import _alert_for, _user
from sanad.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _pre_upgrade_alert(recorder, given_name="Mohamed", **extra) -> tuple:
    """An alert as an earlier version left it: open, addressed to its recorder alone."""
    assessment, alert = _alert_for(recorder, register(recorder, given_name=given_name), **extra)
    alert.recipients.set([recorder])
    return assessment, alert


def test_an_old_alert_only_its_recorder_got_reaches_the_team_leader(org, engine_version, client_for):
    recorder = _user(org, "caseworker", team=org.team)
    leader = _user(org, "team_leader", team=org.team, function="team_leader", first_name="Layla")
    assessment, alert = _pre_upgrade_alert(recorder, team=org.team)
    url = reverse("assessments:detail", args=[assessment.uuid])
    client = client_for(leader)
    # Before: nobody but the recorder has it on My work.
    assert url not in client.get(reverse("core:my_work")).content.decode()

    rerouted, unrouted = safety_alerts_reroute()

    assert [a.pk for a in rerouted] == [alert.pk] and unrouted == []
    assert list(alert.recipients.all()) == [leader]
    assert url in client.get(reverse("core:my_work")).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("assessments:alert_acknowledge", args=[alert.uuid]), {"note": "Called him; referred."}
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == leader and not alert.is_open


def test_the_reroute_runs_twice_without_changing_anything(org, engine_version):
    recorder = _user(org, "caseworker", team=org.team)
    leader = _user(org, "team_leader", team=org.team, function="team_leader")
    colleague = _user(org, "caseworker", team=org.team)
    _old, old_alert = _pre_upgrade_alert(recorder, team=org.team)
    # An alert already acknowledged by an earlier version stays as it was.
    _done, done_alert = _pre_upgrade_alert(recorder, given_name="Omar", team=org.team)
    safety_alert_acknowledge(actor=leader, alert=done_alert, note="Seen.")
    # An alert that already reaches someone else keeps its recipients.
    _current, current_alert = _alert_for(recorder, register(recorder, given_name="Sara"), team=org.team)
    current_alert.recipients.set([recorder, colleague])

    rerouted, _ = safety_alerts_reroute()
    assert [a.pk for a in rerouted] == [old_alert.pk]
    assert list(old_alert.recipients.all()) == [leader]
    assert list(done_alert.recipients.all()) == [recorder]
    assert set(current_alert.recipients.all()) == {recorder, colleague}
    before = {a.pk: sorted(a.recipients.values_list("pk", flat=True)) for a in SafetyAlert.objects.all()}
    events = AuditEvent.objects.filter(action="assessments.safety_alert.reroute").count()
    assert events == 1

    assert safety_alerts_reroute() == ([], [])

    after = {a.pk: sorted(a.recipients.values_list("pk", flat=True)) for a in SafetyAlert.objects.all()}
    assert after == before
    assert AuditEvent.objects.filter(action="assessments.safety_alert.reroute").count() == events
