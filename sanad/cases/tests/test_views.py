"""Case pages: who may use them (role matrix, 404 out of scope), the workflow through the forms,
errors that keep the input, the query count of the lists."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sanad.cases import services
from sanad.cases.models import Case, CaseNote, FocalPoint, FollowUp, ServiceDelivery
from sanad.core.models import AuditEvent
from sanad.core.permissions import Scope
from sanad.core.tests.role_matrix import REVIEWED
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["cases.view"])
# Administrators see only the cases a pending approval names them for (routed up the chain).
OWN_VIEWERS = {role for role, scope in REVIEWED["cases.view"].items() if scope == Scope.OWN}
OPENERS = set(REVIEWED["cases.open"])
SERVICE_VIEWERS = set(REVIEWED["services.view"])
SERVICE_RECORDERS = set(REVIEWED["services.record"])


def _assert_matrix(users, client_for, url, allowed, method="get", data=None):
    for role, user in users.items():
        response = getattr(client_for(user), method)(url, data or {})
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (role, response.status_code)


def test_case_list_role_matrix(users, client_for):
    _assert_matrix(users, client_for, reverse("cases:list"), VIEWERS)


def test_service_list_role_matrix(users, client_for):
    _assert_matrix(users, client_for, reverse("cases:service_list"), SERVICE_VIEWERS)


def test_supervision_settings_and_focal_points_role_matrix(users, client_for):
    _assert_matrix(users, client_for, reverse("cases:supervision"), set(REVIEWED["cases.supervise"]))
    _assert_matrix(users, client_for, reverse("cases:settings"), set(REVIEWED["cases.configure"]))
    _assert_matrix(users, client_for, reverse("cases:focal_points"), set(REVIEWED["cases.focal_points"]))


def test_open_page_role_matrix_and_out_of_scope_person(users, client_for, person, other_agency_users):
    url = reverse("cases:open") + f"?person={person.uuid}&case_type=gbv"
    _assert_matrix(users, client_for, url, OPENERS)
    assert client_for(other_agency_users["caseworker"]).get(url).status_code == 404
    html = client_for(users["caseworker"]).get(url).content.decode()
    assert '<option value="gbv" selected>' in html


def test_detail_role_matrix_and_scope(users, client_for, open_case, other_team_users, other_agency_users):
    case = open_case("mhpss")
    url = reverse("cases:detail", args=[case.uuid])
    for role, user in users.items():
        expected = (404 if role in OWN_VIEWERS else 200) if role in VIEWERS else 403
        assert client_for(user).get(url).status_code == expected, role
    for outsider in (
        other_team_users["caseworker"],
        other_agency_users["caseworker"],
        other_agency_users["partner_caseworker"],
    ):
        assert client_for(outsider).get(url).status_code in (403, 404)
    assert client_for(other_team_users["caseworker"]).get(url).status_code == 404
    assert client_for(other_agency_users["caseworker"]).get(url).status_code == 404


def test_gbv_case_is_404_to_another_team_and_the_partner_agency(
    users, client_for, open_case, other_team_users, other_agency_users, make_user, org
):
    case = open_case("gbv", reason="Survivor account.")
    url = reverse("cases:detail", args=[case.uuid])
    colleague = make_user("caseworker", team=org.team, username="colleague")
    for user in (
        other_team_users["caseworker"],
        other_team_users["team_leader"],
        other_agency_users["caseworker"],
        other_agency_users["mhpss_officer"],
        colleague,
        users["me_officer"],
    ):
        assert client_for(user).get(url).status_code == 404, user.username
        listing = client_for(user).get(reverse("cases:list"))
        assert case.reference not in listing.content.decode()
    # The partner role has no case pages at all: refused whatever the case (nothing learnt).
    assert client_for(other_agency_users["partner_caseworker"]).get(url).status_code == 403
    response = client_for(users["team_leader"]).get(url)
    assert response.status_code == 200 and "Survivor account." in response.content.decode()
    assert AuditEvent.objects.filter(action="cases.case.read", actor=users["team_leader"]).count() == 1
    # The list hides the name even from those who see the case.
    html = client_for(users["team_leader"]).get(reverse("cases:list")).content.decode()
    assert case.reference in html and "Amina" not in html and "Name hidden" in html


def test_open_a_case_through_the_form(users, client_for, person):
    client = client_for(users["caseworker"])
    data = {
        "person": str(person.uuid),
        "case_type": "mhpss",
        "risk_level": "high",
        "opened_from": "screening",
        "reason": "Referred after screening.",
        "idempotency_key": "open-1",
    }
    response = client.post(reverse("cases:open"), data)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.uuid])
    assert client.post(reverse("cases:open"), data).status_code == 302  # a retry
    assert Case.objects.count() == 1
    assert case.notes.get().body == "Referred after screening."


def test_open_form_error_keeps_the_input(users, client_for, person):
    response = client_for(users["caseworker"]).post(
        reverse("cases:open"),
        {
            "person": str(person.uuid),
            "case_type": "bogus",
            "risk_level": "high",
            "opened_from": "other",
            "reason": "Keep me",
        },
    )
    assert response.status_code == 400
    assert "Keep me" in response.content.decode()
    assert Case.objects.count() == 0


def test_workflow_through_the_pages(users, client_for, open_case, person):
    worker = client_for(users["caseworker"])
    leader = client_for(users["team_leader"])
    case = open_case()
    detail = reverse("cases:detail", args=[case.uuid])
    assert worker.post(reverse("cases:plan_create", args=[case.uuid]), {}).status_code == 302
    assert (
        worker.post(reverse("cases:goal_add", args=[case.uuid]), {"description": "Sleep better"}).status_code
        == 302
    )
    goal = case.plans.get().goals.get()
    response = worker.post(
        reverse("cases:action_add", args=[case.uuid]),
        {
            "goal": str(goal.uuid),
            "description": "Counselling",
            "responsible": str(users["caseworker"].uuid),
            "due_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert worker.post(reverse("cases:plan_submit", args=[case.uuid])).status_code == 302
    response = worker.post(
        reverse("cases:followup_create", args=[case.uuid]),
        {"kind": "follow_up", "title": "Phone call", "due_at": "2030-01-01T10:00"},
    )
    assert response.status_code == 302 and FollowUp.objects.get().title == "Phone call"
    assert (
        worker.post(reverse("cases:note_add", args=[case.uuid]), {"text": "Calm today."}).status_code == 302
    )
    response = worker.post(
        reverse("cases:service_record"),
        {
            "case": str(case.uuid),
            "service_type": "counselling",
            "delivered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "modality": "in_person",
            "duration_minutes": "50",
            "notes": "Slept better this week.",
            "idempotency_key": "svc-1",
        },
    )
    assert response.status_code == 302 and response.url == detail
    assert ServiceDelivery.objects.get().case == case
    assert worker.post(reverse("cases:close", args=[case.uuid]), {"reason": "goals_met"}).status_code == 302
    page = leader.get(detail).content.decode()
    assert 'data-testid="pending-closure"' in page
    assert (
        leader.post(reverse("cases:closure_decide", args=[case.uuid]), {"decision": "approve"}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == "closed"
    page = worker.get(detail).content.decode()
    assert "Calm today." in page and "Counselling session" in page and "Slept better this week." in page


def test_refused_writes_change_nothing(users, client_for, open_case, other_team_users, make_user, org):
    case = open_case()
    url = reverse("cases:note_add", args=[case.uuid])
    assert client_for(users["auditor"]).post(url, {"text": "x"}).status_code == 403
    assert client_for(other_team_users["caseworker"]).post(url, {"text": "x"}).status_code == 404
    colleague = make_user("caseworker", team=org.team, username="colleague")
    assert client_for(colleague).post(url, {"text": "x"}).status_code == 404  # sees it, may not manage it
    assert (
        client_for(users["caseworker"])
        .post(reverse("cases:closure_decide", args=[case.uuid]), {"decision": "approve"})
        .status_code
        == 403
    )
    assert CaseNote.objects.filter(case=case, kind="note").count() == 0


def test_illegal_transition_shows_the_message(users, client_for, open_case):
    case = open_case()
    response = client_for(users["caseworker"]).post(
        reverse("cases:reopen", args=[case.uuid]), {"reason": "x"}
    )
    assert response.status_code == 400
    assert "cannot go through" in response.content.decode()


def test_transfer_without_consent_is_refused_on_the_page(users, client_for, open_case, make_user, org):
    case = open_case()
    receiver = make_user("caseworker", team=org.team, username="receiver")
    response = client_for(users["caseworker"]).post(
        reverse("cases:transfer", args=[case.uuid]), {"to_owner": str(receiver.uuid)}
    )
    assert response.status_code == 400 and "consent" in response.content.decode()
    case.refresh_from_db()
    assert case.owner == users["caseworker"]


def _many_cases(users, n):
    worker = users["caseworker"]
    for index in range(n):
        person = person_register(
            actor=worker,
            data={"given_name": f"P{index}", "family_name": "Test"},
            registration_channel=Registration.Channel.MOBILE_TEAM,
        )
        case = services.case_open(actor=worker, person=person, case_type="gbv" if index % 2 else "mhpss")
        services.followup_create(
            actor=worker, case=case, title="t", due_at=timezone.now() - datetime.timedelta(days=1)
        )
        services.service_record(actor=worker, person=person, service_type="pfa", case=case)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_query_counts_do_not_grow_with_rows(users, client_for):
    client = client_for(users["team_leader"])
    _many_cases(users, 2)
    few = {
        name: _count(client, reverse(name))
        for name in ("cases:list", "cases:service_list", "cases:supervision")
    }
    _many_cases(users, 6)
    many = {
        name: _count(client, reverse(name))
        for name in ("cases:list", "cases:service_list", "cases:supervision")
    }
    assert few == many
    assert many["cases:list"] <= 16


def test_overdue_filter(users, client_for, open_case):
    late, fine = open_case(), open_case()
    services.followup_create(
        actor=users["caseworker"], case=late, title="x", due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    html = client_for(users["caseworker"]).get(reverse("cases:list"), {"overdue": "on"}).content.decode()
    assert late.reference in html and fine.reference not in html


def test_my_work_lists_followups_approvals_and_escalations(users, client_for, open_case):
    case = open_case(risk_level="high")
    services.followup_create(
        actor=users["caseworker"],
        case=case,
        title="Overdue visit",
        due_at=timezone.now() - datetime.timedelta(days=1),
    )
    services.case_close_request(actor=users["caseworker"], case=case, reason="goals_met")
    worker_page = client_for(users["caseworker"]).get(reverse("core:my_work")).content.decode()
    assert "Overdue visit" in worker_page
    leader_page = client_for(users["team_leader"]).get(reverse("core:my_work")).content.decode()
    assert case.reference in leader_page and "Approve" in leader_page


def test_person_timeline_hides_sensitive_cases(users, client_for, open_case, person, make_user, org):
    gbv, mhpss = open_case("gbv"), open_case("mhpss")
    colleague = make_user("caseworker", team=org.team, username="colleague")
    url = reverse("registry:person_detail", args=[person.uuid])
    html = client_for(colleague).get(url).content.decode()
    assert mhpss.reference in html and gbv.reference not in html
    html = client_for(users["caseworker"]).get(url).content.decode()
    assert mhpss.reference in html and gbv.reference in html


def test_settings_and_focal_point_pages_save(users, client_for, org, make_user):
    admin = client_for(users["agency_admin"])
    response = admin.post(
        reverse("cases:settings"),
        {
            "unit": str(org.unit.uuid),
            "case_type": "mhpss",
            "plan_approval_required": "on",
            "high_risk_no_contact_days": "3",
        },
    )
    assert response.status_code == 302
    focal = make_user("protection_caseworker", team=org.team, username="focal", sensitive=True)
    response = admin.post(
        reverse("cases:focal_points"),
        {"unit": str(org.unit.uuid), "case_type": "gbv", "user": str(focal.uuid)},
    )
    assert response.status_code == 302
    assert FocalPoint.objects.filter(user=focal, unit__isnull=False).count() == 1


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_case_pages_render_in_arabic_and_french(users, client_for, open_case, language):
    case = open_case("child_protection", risk_level="high")
    client = client_for(users["caseworker"])
    client.cookies["django_language"] = language
    pages = {}
    for name, url in (
        ("list", reverse("cases:list")),
        ("detail", reverse("cases:detail", args=[case.uuid])),
        ("services", reverse("cases:service_list")),
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        pages[name] = response.content.decode()
        assert f'lang="{language}"' in pages[name]
    expected = {"ar": "تحديد المصالح الفضلى", "fr": "Détermination de l'intérêt supérieur"}[language]
    assert expected in pages["detail"]


def test_notes_are_for_those_working_the_case(users, client_for, api_client_for, open_case):
    case = open_case("mhpss", reason="Private history.")
    url = reverse("cases:detail", args=[case.uuid])
    for role in ("caseworker", "team_leader"):
        assert "Private history." in client_for(users[role]).get(url).content.decode()
    for role in ("me_officer", "mhpss_officer", "data_protection_officer"):
        html = client_for(users[role]).get(url).content.decode()
        assert "Private history." not in html and "visible only to the caseworkers" in html
        assert api_client_for(users[role]).get(f"/api/v1/cases/{case.uuid}/notes/").status_code == 403
    assert api_client_for(users["caseworker"]).get(f"/api/v1/cases/{case.uuid}/notes/").status_code == 200
