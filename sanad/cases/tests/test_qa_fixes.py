"""Defects found walking the case-management journey as a caseworker and a team leader:
sensitive services recorded without a case, approvals shown overdue the moment they are asked,
raw codes on the case page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.cases import services
from sanad.cases.models import ServiceDelivery
from sanad.cases.providers import case_approvals
from sanad.cases.selectors import service_list
from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


@pytest.fixture
def outsiders(make_user, org, other_team_users, users):
    """Who may see services in general but not a sensitive one delivered by the caseworker."""
    return {
        "colleague": make_user("caseworker", team=org.team, username="colleague"),
        "other team caseworker": other_team_users["caseworker"],
        "other team leader": other_team_users["team_leader"],
        "me_officer": users["me_officer"],
    }


@pytest.mark.parametrize(
    "service_type, sensitive",
    [("psychiatric_consultation", False), ("counselling", True)],
    ids=["psychiatric consultation", "counselling marked sensitive"],
)
def test_a_sensitive_service_without_a_case_is_hidden_from_all_but_its_deliverer_and_leader(
    users, person, outsiders, service_type, sensitive
):
    service = services.service_record(
        actor=users["caseworker"], person=person, service_type=service_type, sensitive=sensitive
    )
    plain = services.service_record(actor=users["caseworker"], person=person, service_type="pfa")
    assert service.sensitive and not plain.sensitive
    for who in (users["caseworker"], users["team_leader"]):
        assert set(service_list(actor=who)) == {service, plain}
    for name, outsider in outsiders.items():
        assert list(service_list(actor=outsider)) == [plain], name


def test_services_of_sensitive_cases_are_recorded_sensitive(open_case, users, person):
    gbv = open_case("gbv")
    service = services.service_record(actor=users["caseworker"], person=person, service_type="pfa", case=gbv)
    assert service.sensitive
    assert not services.service_record(actor=users["caseworker"], person=person, service_type="pfa").sensitive


def test_sensitive_service_over_the_api_404_to_others_and_reads_logged(
    users, person, api_client_for, outsiders
):
    worker = api_client_for(users["caseworker"])
    response = worker.post(
        f"{BASE}/services/",
        {"person": str(person.uuid), "service_type": "counselling", "sensitive": True},
        format="json",
        HTTP_IDEMPOTENCY_KEY="sensitive-1",
    )
    assert response.status_code == 201 and response.json()["sensitive"] is True
    uuid = response.json()["uuid"]
    for name, outsider in outsiders.items():
        client = api_client_for(outsider)
        assert client.get(f"{BASE}/services/{uuid}/").status_code == 404, name
        assert uuid not in client.get(f"{BASE}/services/").content.decode(), name
    assert not AuditEvent.objects.filter(action="cases.service.read").exists()
    assert api_client_for(users["team_leader"]).get(f"{BASE}/services/{uuid}/").status_code == 200
    read = AuditEvent.objects.get(action="cases.service.read")
    assert read.actor == users["team_leader"] and read.object_uuid == uuid


def test_service_page_records_the_sensitive_choice(users, person, client_for):
    client = client_for(users["caseworker"])
    url = reverse("cases:service_record")
    page = client.get(f"{url}?person={person.uuid}").content.decode()
    assert 'name="sensitive"' in page and 'class="form-check-input" id="id_modality_0"' in page
    response = client.post(
        url,
        {
            "person": str(person.uuid),
            "service_type": "counselling",
            "delivered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "modality": "remote",
            "sensitive": "on",
            "idempotency_key": "page-sensitive",
        },
    )
    assert response.status_code == 302
    assert ServiceDelivery.objects.get().sensitive


def test_an_approval_just_requested_is_not_overdue_in_my_work(open_case, users):
    case = open_case("mhpss")
    services.case_close_request(actor=users["caseworker"], case=case, reason="goals_met")
    (item,) = list(case_approvals(users["team_leader"]))
    assert item.reference == case.reference and not item.overdue
    assert item.due > timezone.now() + datetime.timedelta(days=1)


def test_case_page_shows_the_need_of_a_goal_by_its_name(open_case, users, client_for):
    case = open_case("mhpss")
    services.case_start_assessment(actor=users["caseworker"], case=case)
    services.plan_create(actor=users["caseworker"], case=case)
    services.goal_add(actor=users["caseworker"], case=case, description="Sleep better", need="mhpss")
    page = client_for(users["caseworker"]).get(reverse("cases:detail", args=[case.uuid])).content.decode()
    from sanad.core.needs import Need

    assert f"· {Need.MHPSS.label}</span>" in page and "· mhpss</span>" not in page


def test_case_list_summarises_type_status_and_risk_under_the_reference_for_phones(
    open_case, users, client_for
):
    open_case("mhpss", risk_level="high")
    page = client_for(users["caseworker"]).get(reverse("cases:list")).content.decode()
    # On a phone only the reference and person columns show; the rest is repeated under the
    # reference so nothing is lost off-screen.
    assert page.count('data-testid="case-row-summary"') == 1
    assert page.count('class="d-none d-md-table-cell"') == 8  # 4 headers + 4 cells


def test_person_page_offers_recording_a_service_outside_a_case(users, person, client_for):
    page = client_for(users["caseworker"]).get(reverse("registry:person_detail", args=[person.uuid]))
    url = reverse("cases:service_record") + f"?person={person.uuid}"
    assert url in page.content.decode()
    page = client_for(users["me_officer"]).get(reverse("registry:person_detail", args=[person.uuid]))
    assert page.status_code != 200 or url not in page.content.decode()


def _draft_with_goal(open_case, users):
    case = open_case("mhpss")
    worker = users["caseworker"]
    services.case_start_assessment(actor=worker, case=case)
    services.plan_create(actor=worker, case=case)
    goal = services.goal_add(actor=worker, case=case, description="Sleep better")
    action = services.action_add(
        actor=worker,
        case=case,
        goal=goal,
        description="Weekly sesions",  # the slip to remove
        responsible=worker,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    return case, goal, action


def test_a_slip_in_a_draft_plan_can_be_removed_from_the_page(open_case, users, client_for):
    case, goal, action = _draft_with_goal(open_case, users)
    client = client_for(users["caseworker"])
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert 'data-testid="action-remove"' in page and 'data-testid="goal-remove"' in page
    response = client.post(reverse("cases:action_remove", args=[case.uuid, action.uuid]))
    assert response.status_code == 302 and not goal.actions.exists()
    assert AuditEvent.objects.filter(action="cases.plan.remove_action").count() == 1
    response = client.post(reverse("cases:goal_remove", args=[case.uuid, goal.uuid]))
    assert response.status_code == 302 and not case.plans.get().goals.exists()


def test_a_plan_in_force_is_not_edited_in_place_but_its_goals_can_be_marked_achieved(
    open_case, users, client_for
):
    case, goal, action = _draft_with_goal(open_case, users)
    services.plan_submit(actor=users["caseworker"], case=case)
    client = client_for(users["caseworker"])
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert 'data-testid="goal-remove"' not in page and 'data-testid="action-remove"' not in page
    response = client.post(reverse("cases:goal_remove", args=[case.uuid, goal.uuid]))
    assert response.status_code == 400 and goal.actions.count() == 1
    response = client.post(reverse("cases:goal_achieve", args=[case.uuid, goal.uuid]))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.achieved
    # The next version keeps the goal achieved; goals of an earlier version cannot be changed.
    services.plan_create(actor=users["caseworker"], case=case)
    assert case.plans.get(version=2).goals.get().achieved
    with pytest.raises(DomainError):
        services.goal_achieve(
            actor=users["caseworker"], case=case, goal=case.plans.get(version=1).goals.get()
        )


def test_plan_edits_refused_to_others_change_nothing(
    open_case, users, client_for, make_user, org, other_team_users
):
    case, goal, action = _draft_with_goal(open_case, users)
    colleague = make_user("caseworker", team=org.team, username="not-assigned")
    urls = [
        reverse("cases:action_remove", args=[case.uuid, action.uuid]),
        reverse("cases:goal_remove", args=[case.uuid, goal.uuid]),
        reverse("cases:goal_achieve", args=[case.uuid, goal.uuid]),
    ]
    for who, expected in [
        (colleague, 404),
        (other_team_users["caseworker"], 404),
        (users["me_officer"], 403),
    ]:
        for url in urls:
            assert client_for(who).post(url).status_code == expected, (who.username, url)
    goal.refresh_from_db()
    assert goal.actions.count() == 1 and not goal.achieved


def test_status_history_reads_in_the_readers_language_whoever_wrote_it(open_case, users, client_for):
    from django.utils import translation

    with translation.override("en"):
        case = open_case("mhpss", opened_from="screening")
        services.case_start_assessment(actor=users["caseworker"], case=case)
        services.plan_create(actor=users["caseworker"], case=case)
        services.goal_add(actor=users["caseworker"], case=case, description="Sleep better")
        services.plan_submit(actor=users["caseworker"], case=case)
        services.case_close_request(actor=users["caseworker"], case=case, reason="goals_met")
    history = {c.transition: c for c in case.status_changes.all()}
    assert history["open"].reason == "screening"
    assert history["request_closure"].reason == "goals_met"
    client = client_for(users["team_leader"])
    client.cookies["django_language"] = "ar"
    with translation.override("ar"):  # the request activates Arabic; restore the language after
        page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
        from sanad.cases.models import ClosureReason, OpenedFrom

        expected = [str(OpenedFrom.SCREENING.label), str(ClosureReason.GOALS_MET.label)]
        plan = str(translation.gettext("Case plan v%(v)s") % {"v": 1})
    assert 'lang="ar"' in page
    for text in [*expected, plan]:
        assert text in page
    assert "Goals met" not in page and "Case plan v1" not in page


@pytest.mark.parametrize(
    "flags, referrals, domain, expected",
    [
        ([], ["mhpss", "food"], "screening", "mhpss"),
        (["gbv_survivor"], ["mhpss"], "screening", "gbv"),
        (["uasc", "vot"], [], "screening", "child_protection"),
        ([], [], "mhpss", "mhpss"),
        ([], ["protection_trafficking"], "protection", "vot"),
        ([], ["food", "nfi"], "screening", ""),
    ],
)
def test_opening_a_case_from_an_assessment_proposes_the_type_it_points_to(flags, referrals, domain, expected):
    from types import SimpleNamespace

    from sanad.cases.views.cases import suggested_case_type

    assessment = SimpleNamespace(
        flags=flags, suggested_referrals=referrals, instrument=SimpleNamespace(domain=domain)
    )
    assert suggested_case_type(assessment) == expected


def test_plan_edits_over_the_api(open_case, users, api_client_for, other_team_users):
    case, goal, action = _draft_with_goal(open_case, users)
    base = f"{BASE}/cases/{case.uuid}/plan"
    outsider = api_client_for(other_team_users["caseworker"])
    assert outsider.post(f"{base}/actions/{action.uuid}/remove/").status_code == 404
    assert api_client_for(users["me_officer"]).post(f"{base}/goals/{goal.uuid}/remove/").status_code == 403
    assert goal.actions.count() == 1
    worker = api_client_for(users["caseworker"])
    response = worker.post(f"{base}/actions/{action.uuid}/remove/")
    assert response.status_code == 200 and response.json()["plan"]["goals"][0]["actions"] == []
    assert worker.post(f"{base}/goals/{goal.uuid}/achieved/").status_code == 200
    goal.refresh_from_db()
    assert goal.achieved
    response = worker.post(f"{base}/submit/")
    assert response.status_code == 200
    response = worker.post(f"{base}/goals/{goal.uuid}/remove/")
    assert response.status_code in (400, 409) and "error" in response.json()
    assert case.plans.get().goals.count() == 1


def test_escalation_task_is_written_in_the_team_leaders_language(open_case, users):
    from django.utils import translation

    from sanad.cases.models import FollowUp

    leader = users["team_leader"]
    leader.preferred_language = "ar"
    leader.save(update_fields=["preferred_language"])
    open_case("mhpss", risk_level="high")
    with translation.override("en"):
        assert services.high_risk_escalate(now=timezone.now() + datetime.timedelta(days=8)) == 1
    task = FollowUp.objects.get(kind="escalation")
    with translation.override("ar"):
        expected = translation.gettext("No contact for %(days)s days with a high-risk case") % {"days": 8}
    assert task.assigned_to == leader and task.title == expected and "days" not in task.title
