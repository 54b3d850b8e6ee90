"""Role matrix for every helpline page and API endpoint: allowed roles succeed, others are refused
(403), what is out of scope answers 404, refused writes change nothing. Query counts of the lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanad.core.models import AuditEvent
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import REVIEWED, assert_role_matrix
from sanad.feedback.models import FocalPoint, SlaRule, Status, Ticket
from sanad.feedback.services import ticket_log

pytestmark = pytest.mark.django_db


def roles_with(action: str) -> set[str]:
    return set(REVIEWED[action])


def log(actor, **kwargs):
    defaults = {
        "channel": "helpline_call",
        "category": "information_request",
        "description": "Opening hours?",
    }
    return ticket_log(actor=actor, **{**defaults, **kwargs})


PAGES = [
    ("feedback:call", "tickets.create"),
    ("feedback:ticket_list", "tickets.view"),
    ("feedback:dashboard", "tickets.dashboard"),
    ("feedback:script_list", "tickets.configure"),
    ("feedback:sla_list", "tickets.configure"),
    ("feedback:focal_point_list", "tickets.focal_points"),
]


@pytest.mark.parametrize(("url_name", "action"), PAGES)
def test_page_role_matrix(users, client_for, url_name, action):
    allowed = roles_with(action)
    for role in ALL_ROLES:
        response = client_for(users[role]).get(reverse(url_name))
        assert response.status_code == (200 if role in allowed else 403), (role, response.status_code)


def test_focal_point_without_ticket_role_opens_the_queue(users, client_for, org):
    auditor = users["auditor"]
    FocalPoint.objects.create(agency=org.agency, category="fraud", user=auditor)
    assert client_for(auditor).get(reverse("feedback:ticket_list")).status_code == 200


def test_ticket_page_matrix(users, other_agency_users, client_for):
    ticket = log(users["helpline_operator"])
    url = reverse("feedback:ticket_detail", args=[ticket.uuid])
    viewers = roles_with("tickets.view")
    for role in ALL_ROLES:
        status = client_for(users[role]).get(url).status_code
        assert status == (200 if role in viewers else 403), role
        other = client_for(other_agency_users[role]).get(url).status_code
        assert other == (404 if role in viewers else 403), role


def test_sensitive_ticket_page_is_404_to_all_but_the_focal_point(users, psea_focal_point, client_for):
    ticket = log(
        users["helpline_operator"], category="psea", anonymous=True, description="Exploitation at shelter"
    )
    url = reverse("feedback:ticket_detail", args=[ticket.uuid])
    for role in ALL_ROLES:
        response = client_for(users[role]).get(url)
        if role == "psea_focal_point":
            assert response.status_code == 200
            assert "Exploitation at shelter" in response.content.decode()
        else:
            assert response.status_code in (403, 404), role
            if role in roles_with("tickets.view"):
                assert response.status_code == 404, role
    assert AuditEvent.objects.filter(action="feedback.ticket.read", actor=psea_focal_point).count() == 1
    # Absent from the supervisor's list and counts.
    body = (
        client_for(users["team_leader"]).get(reverse("feedback:ticket_list"), {"status": ""}).content.decode()
    )
    assert ticket.reference not in body and "0 tickets" in body


def test_call_screen_logs_a_ticket_and_a_retry_does_not_duplicate(users, client_for):
    client = client_for(users["helpline_operator"])
    form = {
        "idempotency_key": "abc123",
        "channel": "helpline_call",
        "category": "information_request",
        "description": "When is the next distribution?",
        "caller_name": "Musa",
    }
    first = client.post(reverse("feedback:call"), form)
    assert first.status_code == 302
    ticket = Ticket.objects.get()
    assert first["Location"] == reverse("feedback:ticket_detail", args=[ticket.uuid])
    again = client.post(reverse("feedback:call"), form)
    assert again.status_code == 302 and Ticket.objects.count() == 1


def test_call_screen_failed_submit_keeps_everything(users, client_for):
    client = client_for(users["helpline_operator"])
    response = client.post(
        reverse("feedback:call"),
        {"idempotency_key": "k", "channel": "helpline_call", "category": "", "description": "Text I typed"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Text I typed" in body and "Choose a category." in body
    assert Ticket.objects.count() == 0


def test_sensitive_call_confirms_with_the_reference_only(users, psea_focal_point, client_for):
    client = client_for(users["helpline_operator"])
    response = client.post(
        reverse("feedback:call"),
        {
            "idempotency_key": "p1",
            "channel": "helpline_call",
            "category": "psea",
            "description": "A guard at the shelter demands sex.",
            "anonymous": "on",
        },
        follow=True,
    )
    ticket = Ticket.objects.get()
    assert response.redirect_chain[-1][0] == reverse("feedback:call")
    body = response.content.decode()
    assert ticket.reference in body and "A guard at the shelter" not in body


def test_script_fragment_in_the_operator_language(users, client_for):
    client = client_for(users["helpline_operator"])
    client.cookies["django_language"] = "ar"
    response = client.get(reverse("feedback:script"), {"category": "psea"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert "سري" in response.content.decode()


def test_caller_search_fragment(users, client_for):
    from sanad.registry.services import person_register

    person_register(
        actor=users["caseworker"],
        data={"given_name": "Ibrahim", "family_name": "Adam", "phones": ["0912345678"]},
        registration_channel="mobile_team",
    )
    response = client_for(users["helpline_operator"]).get(
        reverse("feedback:caller_search"), {"caller_q": "Ibrahim"}
    )
    assert response.status_code == 200 and "Ibrahim" in response.content.decode()
    assert client_for(users["auditor"]).get(reverse("feedback:caller_search")).status_code == 403


def test_action_refused_changes_nothing(users, other_team_users, client_for):
    ticket = log(users["helpline_operator"])
    url = reverse("feedback:ticket_action", args=[ticket.uuid, "start"])
    # A caseworker of another team sees the ticket (agency scope) but may not work on it: 404.
    assert client_for(other_team_users["caseworker"]).post(url).status_code == 404
    assert client_for(users["auditor"]).post(url).status_code == 403
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW and ticket.events.count() == 1
    # An illegal transition is refused clearly.
    resolve = reverse("feedback:ticket_action", args=[ticket.uuid, "close"])
    response = client_for(users["helpline_operator"]).post(resolve, {})
    assert response.status_code == 400 and "cannot be closed" in response.content.decode()
    assert client_for(users["helpline_operator"]).post(url).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS


def test_configuration_pages_write(users, client_for, org):
    leader = client_for(users["team_leader"])
    response = leader.post(
        reverse("feedback:sla_list"),
        {"category": "feedback", "priority": "", "acknowledge_hours": "12", "resolve_hours": "100"},
    )
    assert response.status_code == 302 and SlaRule.objects.count() == 1
    response = leader.post(reverse("feedback:script_edit", args=["psea", "fr"]), {"text": "Script FR"})
    assert response.status_code == 302
    admin = client_for(users["system_admin"])
    response = admin.post(
        reverse("feedback:focal_point_list"), {"category": "psea", "user": str(users["auditor"].uuid)}
    )
    assert response.status_code == 302 and FocalPoint.objects.filter(user=users["auditor"]).exists()
    assert client_for(users["caseworker"]).post(reverse("feedback:sla_list"), {}).status_code == 403


def test_ticket_list_query_count(users, client_for):
    operator = users["helpline_operator"]
    for i in range(3):
        log(operator, caller_name=f"Caller {i}")
    client = client_for(users["team_leader"])
    client.get(reverse("feedback:ticket_list"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("feedback:ticket_list")).status_code == 200
    for i in range(10):
        log(operator, caller_name=f"More {i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("feedback:ticket_list")).status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 15


# --- API --------------------------------------------------------------------------------------------
def test_api_role_matrix(users, other_agency_users, api_client_for):
    ticket = log(users["helpline_operator"])
    viewers = roles_with("tickets.view")
    for role in ALL_ROLES:
        client = api_client_for(users[role])
        assert client.get("/api/v1/tickets/").status_code == (200 if role in viewers else 403), role
        detail = client.get(f"/api/v1/tickets/{ticket.uuid}/").status_code
        assert detail == (200 if role in viewers else 403), role
        other = api_client_for(other_agency_users[role]).get(f"/api/v1/tickets/{ticket.uuid}/").status_code
        assert other == (404 if role in viewers else 403), role


def test_api_create_and_transitions(users, api_client_for, psea_focal_point):
    operator = api_client_for(users["helpline_operator"])
    body = {
        "channel": "sms_whatsapp",
        "category": "complaint_service",
        "description": "No water at the site.",
    }
    created = operator.post("/api/v1/tickets/", body, format="json", HTTP_IDEMPOTENCY_KEY="x1")
    assert created.status_code == 201
    again = operator.post("/api/v1/tickets/", body, format="json", HTTP_IDEMPOTENCY_KEY="x1")
    assert again.json()["uuid"] == created.json()["uuid"] and Ticket.objects.count() == 1
    uuid = created.json()["uuid"]
    assert (
        operator.post(f"/api/v1/tickets/{uuid}/start/", {}, format="json").json()["status"] == "in_progress"
    )
    refused = operator.post(f"/api/v1/tickets/{uuid}/close/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "invalid_transition"
    resolved = operator.post(
        f"/api/v1/tickets/{uuid}/resolve/",
        {"response": "Truck sent.", "method": "sms_whatsapp"},
        format="json",
    )
    assert resolved.json()["status"] == "resolved"
    missing = operator.post(f"/api/v1/tickets/{uuid}/close/", {}, format="json")
    assert missing.status_code == 400 and "unreachable_reason" in missing.json()["error"]["fields"]
    outcome = operator.post(
        f"/api/v1/tickets/{uuid}/communicate-outcome/", {"method": "phone", "satisfaction": 5}, format="json"
    )
    assert outcome.json()["satisfaction"] == 5
    assert operator.post(f"/api/v1/tickets/{uuid}/close/", {}, format="json").json()["status"] == "closed"
    bad = operator.post("/api/v1/tickets/", {"channel": "x"}, format="json")
    assert bad.status_code == 400 and {"channel", "category", "description"} <= set(
        bad.json()["error"]["fields"]
    )


def test_api_sensitive_is_404_outside_focal_points(users, api_client_for, psea_focal_point):
    operator = api_client_for(users["helpline_operator"])
    created = operator.post(
        "/api/v1/tickets/",
        {
            "channel": "helpline_call",
            "category": "psea",
            "description": "Abuse by a driver",
            "anonymous": True,
        },
        format="json",
    )
    assert created.status_code == 201 and set(created.json()) == {"uuid", "reference"}
    uuid = created.json()["uuid"]
    for role in ("helpline_operator", "team_leader", "caseworker", "me_officer"):
        client = api_client_for(users[role])
        assert client.get(f"/api/v1/tickets/{uuid}/").status_code == 404, role
        assert client.post(f"/api/v1/tickets/{uuid}/start/", {}, format="json").status_code == 404, role
        assert client.get("/api/v1/tickets/").json()["count"] == 0, role
    # Without any ticket right the answer is 403 for every ticket, so nothing is learnt either.
    assert api_client_for(users["system_admin"]).get(f"/api/v1/tickets/{uuid}/").status_code == 403
    focal = api_client_for(psea_focal_point)
    assert focal.get(f"/api/v1/tickets/{uuid}/").status_code == 200
    assert focal.get("/api/v1/tickets/").json()["count"] == 1
    # Reading the text through the list is a read too.
    assert AuditEvent.objects.filter(action="feedback.ticket.read", actor=psea_focal_point).count() == 2
    assert Ticket.objects.get().status == Status.NEW


def test_api_list_query_count(users, api_client_for):
    operator = users["helpline_operator"]
    log(operator)
    client = api_client_for(users["team_leader"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/tickets/")
    for _ in range(8):
        log(operator)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/tickets/").json()["count"] == 9
    assert len(many) == len(few)


def test_api_schema_has_no_warnings_for_tickets(users, client_for):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/tickets/")]
    assert "/api/v1/tickets/{uuid}/communicate-outcome/" in paths and len(paths) == 10


def test_emergency_from_zwara_appears_on_the_zwara_team_my_work_page(users, client_for, places, zwara_team):
    ticket = log(
        users["helpline_operator"],
        category="emergency_medical",
        description="Boat landed, woman bleeding",
        admin_unit=places.zwara,
    )
    body = client_for(zwara_team.member).get(reverse("core:my_work")).content.decode()
    assert ticket.reference in body
    # Another team does not get it.
    assert (
        ticket.reference not in client_for(users["caseworker"]).get(reverse("core:my_work")).content.decode()
    )


def test_ticket_page_offers_referral_and_case_for_a_linked_person(users, client_for):
    from sanad.registry.services import person_register

    person = person_register(
        actor=users["helpline_operator"], data={"given_name": "Omar"}, registration_channel="helpline"
    )
    ticket = log(users["helpline_operator"], category="emergency_protection", person=person)
    body = client_for(users["helpline_operator"]).get(reverse("feedback:ticket_detail", args=[ticket.uuid]))
    content = body.content.decode()
    assert f"ticket={ticket.uuid}" in content and f"person={person.uuid}" in content
    assert 'data-testid="refer-needs-person"' not in content
    link = reverse("referrals:create") + f"?ticket={ticket.uuid}&amp;person={person.uuid}"
    assert link in content
    referral_page = client_for(users["helpline_operator"]).get(link.replace("&amp;", "&"))
    assert referral_page.status_code == 200


def test_ticket_without_a_person_offers_no_referral_link_that_would_404(users, client_for, psea_focal_point):
    # An unregistered caller's emergency and an anonymous complaint: no "Create a referral" link
    # (the referral page needs a person and would answer 404); the page says why instead.
    operator = users["helpline_operator"]
    cases = [
        (operator, log(operator, category="emergency_protection", caller_name="Musa")),
        (users["team_leader"], log(operator, category="complaint_service", anonymous=True)),
    ]
    for reader, ticket in cases:
        content = (
            client_for(reader).get(reverse("feedback:ticket_detail", args=[ticket.uuid])).content.decode()
        )
        assert f"ticket={ticket.uuid}" not in content and 'data-testid="create-referral"' not in content
        assert 'data-testid="refer-needs-person"' in content
    # The PSEA focal point refers survivors (referrals.create), but an anonymous complaint has no
    # person to refer: the note, not the link.
    ticket = log(operator, category="psea", anonymous=True, description="Exploitation")
    content = (
        client_for(psea_focal_point)
        .get(reverse("feedback:ticket_detail", args=[ticket.uuid]))
        .content.decode()
    )
    assert 'data-testid="create-referral"' not in content and "refer-needs-person" in content


def test_emergency_call_says_where_it_went_or_that_nobody_has_it(users, client_for, places, zwara_team):
    client = client_for(users["helpline_operator"])
    base = {
        "idempotency_key": "first",
        "channel": "helpline_call",
        "category": "emergency_medical",
        "description": "Bleeding after the boat landed.",
        "caller_name": "Musa",
    }
    response = client.post(
        reverse("feedback:call"), {**base, "admin_unit": str(places.zwara.uuid)}, follow=True
    )
    ticket = Ticket.objects.get()
    assert ticket.team == zwara_team.team
    content = response.content.decode()
    assert (
        f"dispatched to {zwara_team.team.name}" in content and 'data-testid="not-dispatched"' not in content
    )
    # No location given: nobody covers it, and the ticket page says so until someone takes it.
    response = client.post(reverse("feedback:call"), {**base, "idempotency_key": "second"}, follow=True)
    lost = Ticket.objects.exclude(pk=ticket.pk).get()
    assert lost.team is None
    assert 'data-testid="not-dispatched"' in response.content.decode()
    from sanad.feedback.services import ticket_assign

    ticket_assign(actor=users["helpline_operator"], ticket=lost, assignee=zwara_team.member)
    page = client.get(reverse("feedback:ticket_detail", args=[lost.uuid])).content.decode()
    assert 'data-testid="not-dispatched"' not in page


def test_person_timeline_shows_tickets_only_to_those_who_may_see_them(users, psea_focal_point):
    from sanad.registry.services import person_register
    from sanad.registry.timeline import person_timeline

    person = person_register(
        actor=users["helpline_operator"], data={"given_name": "Mariam"}, registration_channel="helpline"
    )
    general = log(users["helpline_operator"], person=person)
    sensitive = log(users["helpline_operator"], category="psea", person=person)

    def titles(actor):
        return " ".join(entry.title for entry in person_timeline(actor=actor, person=person))

    assert general.reference in titles(users["team_leader"])
    assert sensitive.reference not in titles(users["team_leader"])
    assert sensitive.reference in titles(psea_focal_point)


def test_workflow_action_role_matrix_page_and_api(users, client_for, api_client_for):
    """A ticket in the helpline queue (no team, nobody assigned): agency-wide workers may start it;
    team- or own-scoped workers may see it but not work it (404); others are refused (403)."""
    agency_workers = {role for role, scope in REVIEWED["tickets.manage"].items() if scope >= 4}
    viewers = roles_with("tickets.view")
    for role in ALL_ROLES:
        expected = 302 if role in agency_workers else (404 if role in viewers else 403)
        ticket = log(users["helpline_operator"])
        page = client_for(users[role]).post(reverse("feedback:ticket_action", args=[ticket.uuid, "start"]))
        assert page.status_code == expected, role
        ticket.refresh_from_db()
        assert (ticket.status == Status.IN_PROGRESS) == (expected == 302), role
        other = log(users["helpline_operator"])
        api = api_client_for(users[role]).post(f"/api/v1/tickets/{other.uuid}/start/", {}, format="json")
        assert api.status_code == {302: 200, 404: 404, 403: 403}[expected], role
        other.refresh_from_db()
        assert (other.status == Status.IN_PROGRESS) == (expected == 302), role


def test_focal_point_removal_refused_to_others(users, client_for, org):
    point = FocalPoint.objects.create(agency=org.agency, category="psea", user=users["psea_focal_point"])
    url = reverse("feedback:focal_point_remove", args=[point.uuid])
    assert client_for(users["team_leader"]).post(url).status_code == 403
    assert FocalPoint.objects.filter(pk=point.pk).exists()
    assert client_for(users["system_admin"]).post(url).status_code == 302
    assert not FocalPoint.objects.filter(pk=point.pk).exists()


def test_queue_shows_open_tickets_by_default_even_when_paging(users, client_for):
    from sanad.feedback.services import ticket_resolve, ticket_start

    operator = users["helpline_operator"]
    open_ticket = log(operator)
    done = log(operator)
    ticket_start(actor=operator, ticket=done)
    ticket_resolve(actor=operator, ticket=done, response="Answered", method="phone")
    client = client_for(operator)
    for params in ({}, {"page": "1"}):
        body = client.get(reverse("feedback:ticket_list"), params).content.decode()
        assert open_ticket.reference in body and done.reference not in body
    body = client.get(reverse("feedback:ticket_list"), {"status": ""}).content.decode()
    assert open_ticket.reference in body and done.reference in body


def test_link_a_ticket_to_the_person_case_page_and_api(users, client_for, api_client_for):
    from sanad.cases.services import case_open
    from sanad.registry.services import person_register

    leader = users["team_leader"]
    person = person_register(actor=leader, data={"given_name": "Salma"}, registration_channel="helpline")
    case = case_open(actor=leader, person=person, case_type="protection", opened_from="helpline")
    ticket = log(users["helpline_operator"], category="emergency_protection", person=person)
    client = client_for(leader)
    page = client.get(reverse("feedback:ticket_detail", args=[ticket.uuid])).content.decode()
    assert 'data-testid="form-link"' in page and case.reference in page
    response = client.post(
        reverse("feedback:ticket_action", args=[ticket.uuid, "link"]), {"case": str(case.uuid)}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.case == case and ticket.events.filter(action="link").count() == 1
    # The API removes it again; a case the actor may not see is refused.
    api = api_client_for(leader)
    assert (
        api.post(f"/api/v1/tickets/{ticket.uuid}/link/", {"case": None}, format="json").json()["case"] is None
    )
    ticket.refresh_from_db()
    assert ticket.case is None
    unknown = api.post(
        f"/api/v1/tickets/{ticket.uuid}/link/",
        {"case": "00000000-0000-0000-0000-000000000000"},
        format="json",
    )
    assert unknown.status_code == 400 and "case" in unknown.json()["error"]["fields"]


def test_dashboard_page_shows_sensitive_as_one_suppressed_row(users, client_for, psea_focal_point):
    operator = users["helpline_operator"]
    for _ in range(2):
        log(operator, category="psea")
    log(operator, category="complaint_service")
    body = client_for(users["team_leader"]).get(reverse("feedback:dashboard")).content.decode()
    assert 'data-testid="sensitive-count">&lt;5<' in body
    assert 'data-testid="total">1<' in body
    assert "Sexual exploitation" not in body


def test_sla_rule_delete_role_matrix(users, client_for):
    from sanad.feedback.services.configuration import sla_rule_save

    allowed = roles_with("tickets.configure")

    def rule():
        return sla_rule_save(
            actor=users["me_officer"], category="feedback", priority="", acknowledge_hours=4, resolve_hours=72
        )

    target = rule()
    url = reverse("feedback:sla_delete", args=[target.uuid])
    for role in ALL_ROLES:
        if role in allowed:
            continue
        before = AuditEvent.objects.count()
        assert client_for(users[role]).post(url).status_code == 403, role
        assert SlaRule.objects.filter(pk=target.pk).exists() and AuditEvent.objects.count() == before, role
    for role in sorted(allowed):
        target = SlaRule.objects.filter(category="feedback").first() or rule()
        url = reverse("feedback:sla_delete", args=[target.uuid])
        response = client_for(users[role]).post(url)
        assert response.status_code == 302 and response.url == reverse("feedback:sla_list"), role
        assert not SlaRule.objects.filter(pk=target.pk).exists(), role
        assert AuditEvent.objects.filter(
            action="feedback.sla_rule.delete", object_uuid=str(target.uuid)
        ).exists()
    # An unknown rule answers 404.
    assert client_for(users[sorted(allowed)[0]]).post(url).status_code == 404


def test_helpline_grants_are_the_reviewed_ones():
    """The helpline rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("tickets")


# --- A sensitive complaint always has someone who can open it (issue 16, item 3) ----------------
def test_psea_complaint_without_focal_point_opens_for_the_agency_admins(
    users, other_agency_users, client_for, api_client_for
):
    ticket = log(
        users["helpline_operator"], category="psea", anonymous=True, description="Abuse at the shelter"
    )
    assert ticket.routed_to_admins  # no PSEA focal point in this agency
    page = reverse("feedback:ticket_detail", args=[ticket.uuid])
    for admin in (users["system_admin"], users["agency_admin"]):
        response = client_for(admin).get(page)
        assert response.status_code == 200, admin.username
        assert "Abuse at the shelter" in response.content.decode()
        assert api_client_for(admin).get(f"/api/v1/tickets/{ticket.uuid}/").status_code == 200
        assert AuditEvent.objects.filter(
            action="feedback.ticket.read", actor=admin, is_sensitive_read=True
        ).exists()
    # Not the administrators of another agency, nor anyone else of this one.
    assert client_for(other_agency_users["agency_admin"]).get(page).status_code in (403, 404)
    for role in ("helpline_operator", "team_leader", "me_officer"):
        assert client_for(users[role]).get(page).status_code == 404, role
    assert client_for(users["data_protection_officer"]).get(page).status_code == 403


def test_agency_admins_read_a_complaint_whose_only_focal_point_is_gone(users, client_for, org):
    point = FocalPoint.objects.create(agency=org.agency, category="fraud", user=users["psea_focal_point"])
    ticket = log(users["helpline_operator"], category="fraud", description="Money asked for kits")
    assert not ticket.routed_to_admins
    page = reverse("feedback:ticket_detail", args=[ticket.uuid])
    assert client_for(users["agency_admin"]).get(page).status_code == 403  # a focal point holds it
    point.delete()
    assert client_for(users["agency_admin"]).get(page).status_code == 200


def test_focal_point_page_warns_of_sensitive_categories_without_focal_point(users, client_for, org):
    url = reverse("feedback:focal_point_list")
    for category in ("psea", "fraud"):
        FocalPoint.objects.create(agency=org.agency, category=category, user=users["psea_focal_point"])
    page = client_for(users["agency_admin"]).get(url).content.decode()
    assert 'data-testid="focal-point-gaps"' in page and "Data breach" in page
    assert "Sexual exploitation and abuse (PSEA)</li>" not in page
    FocalPoint.objects.create(agency=org.agency, category="data_breach", user=users["psea_focal_point"])
    page = client_for(users["agency_admin"]).get(url).content.decode()
    assert 'data-testid="focal-point-gaps"' not in page
