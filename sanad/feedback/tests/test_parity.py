"""Web/API parity of the ticket writes that name another record (issue 13, item 2): logging a
ticket (person, case, staff member) and linking one to a case. The rules live in ``ticket_log`` and
``ticket_link``; the pages and the API only resolve the references.

Reviewed table (written from the rules, before the code was changed):

| write | bad reference                                  | rule          | page | API                       |
|-------|------------------------------------------------|---------------|------|---------------------------|
| link  | case of another person than the ticket's       | same person   | 400  | 400, ``case`` field       |
| link  | case outside the actor's scope                 | out of scope  | 400  | 400, ``case``, = unknown  |
| link  | ticket the actor may not see or work on        | out of scope  | 404  | 404 (the URL's subject)   |
| log   | case of another person than the caller's       | same person   | n/a  | 400, ``case`` field       |
| log   | caller (person) outside the actor's scope      | out of scope  | 400  | 400, ``person``, = unknown|
| log   | staff member of another agency                 | consistency   | 400  | 400, ``staff_member``     |

The page's link form offers only the cases of the ticket's person that the actor sees, so a bad
case is a form error (400), as the API's field error; the call page does not name a case.
"""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sanad.cases.services import case_open
from sanad.feedback.models import Ticket
from sanad.feedback.services import ticket_link, ticket_log
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db


def _person(actor, name):
    return person_register(actor=actor, data={"given_name": name}, registration_channel="helpline")


@pytest.fixture
def world(users):
    leader = users["team_leader"]
    caller, other = _person(leader, "Salma"), _person(leader, "Yusra")
    other_case = case_open(actor=leader, person=other, case_type="protection", opened_from="helpline")
    ticket = ticket_log(
        actor=users["helpline_operator"],
        channel="helpline_call",
        category="information_request",
        description="Opening hours?",
        person=caller,
    )
    return caller, other, other_case, ticket


def test_linking_a_ticket_to_another_persons_case_is_refused_on_both(
    users, client_for, api_client_for, world
):
    _, _, other_case, ticket = world
    leader = users["team_leader"]
    api = api_client_for(leader).post(
        f"/api/v1/tickets/{ticket.uuid}/link/", {"case": str(other_case.uuid)}, format="json"
    )
    assert api.status_code == 400, api.content
    assert "case" in api.json()["error"]["fields"]
    page = client_for(leader).post(
        reverse("feedback:ticket_action", args=[ticket.uuid, "link"]), {"case": str(other_case.uuid)}
    )
    assert page.status_code == 400
    ticket.refresh_from_db()
    assert ticket.case is None and not ticket.events.filter(action="link").exists()


def test_linking_a_case_outside_the_scope_answers_as_an_unknown_one(
    users, make_user, org, client_for, api_client_for, world
):
    caller, _, _, ticket = world
    callers_case = case_open(actor=users["team_leader"], person=caller, case_type="protection")
    outsider = make_user("team_leader", team=org.other_team, username="leader-b")  # tickets: agency
    api = api_client_for(outsider)
    url = f"/api/v1/tickets/{ticket.uuid}/link/"
    refused = api.post(url, {"case": str(callers_case.uuid)}, format="json")
    unknown = api.post(url, {"case": str(uuid.uuid4())}, format="json")
    assert refused.status_code == 400 and refused.json() == unknown.json()
    page = client_for(outsider).post(
        reverse("feedback:ticket_action", args=[ticket.uuid, "link"]), {"case": str(callers_case.uuid)}
    )
    assert page.status_code == 400
    ticket.refresh_from_db()
    assert ticket.case is None


def test_logging_a_ticket_under_another_persons_case_is_refused(users, api_client_for, world):
    caller, _, other_case, _ = world
    before = Ticket.objects.count()
    response = api_client_for(users["team_leader"]).post(
        "/api/v1/tickets/",
        {
            "channel": "helpline_call",
            "category": "information_request",
            "description": "Asks about the case.",
            "person": str(caller.uuid),
            "case": str(other_case.uuid),
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "case" in response.json()["error"]["fields"]
    assert Ticket.objects.count() == before


def test_a_caller_outside_the_scope_answers_as_an_unknown_one(
    users, other_agency_users, client_for, api_client_for, world
):
    caller, _, _, _ = world
    operator = other_agency_users["helpline_operator"]
    before = Ticket.objects.count()
    body = {"channel": "helpline_call", "category": "information_request", "description": "Hello"}
    api = api_client_for(operator)
    refused = api.post("/api/v1/tickets/", {**body, "person": str(caller.uuid)}, format="json")
    unknown = api.post("/api/v1/tickets/", {**body, "person": str(uuid.uuid4())}, format="json")
    assert refused.status_code == 400 and refused.json() == unknown.json()
    page = client_for(operator).post(
        reverse("feedback:call"), {**body, "person": str(caller.uuid), "idempotency_key": uuid.uuid4().hex}
    )
    assert page.status_code == 400
    assert Ticket.objects.count() == before


def test_a_staff_member_of_another_agency_is_refused_on_both(
    users, other_agency_users, client_for, api_client_for, world
):
    operator = users["helpline_operator"]
    stranger = other_agency_users["caseworker"]
    before = Ticket.objects.count()
    body = {"channel": "helpline_call", "category": "complaint_staff", "description": "Rude to me."}
    api = api_client_for(operator).post(
        "/api/v1/tickets/", {**body, "staff_member": str(stranger.uuid)}, format="json"
    )
    assert api.status_code == 400 and "staff_member" in api.json()["error"]["fields"]
    page = client_for(operator).post(
        reverse("feedback:call"),
        {**body, "staff_member": str(stranger.uuid), "idempotency_key": uuid.uuid4().hex},
    )
    assert page.status_code == 400
    assert Ticket.objects.count() == before


def test_the_services_themselves_refuse_every_bad_reference(users, other_agency_users, world):
    """The importer and any future caller use the services directly: they are the authority."""
    from django.http import Http404

    caller, other, other_case, ticket = world
    leader = users["team_leader"]
    with pytest.raises(ValidationError) as error:
        ticket_link(actor=leader, ticket=ticket, case=other_case)
    assert "case" in error.value.message_dict
    common = {"channel": "helpline_call", "description": "x"}
    with pytest.raises(ValidationError) as error:
        ticket_log(actor=leader, category="information_request", person=caller, case=other_case, **common)
    assert "case" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        ticket_log(
            actor=leader, category="complaint_staff", staff_member=other_agency_users["caseworker"], **common
        )
    assert "staff_member" in error.value.message_dict
    with pytest.raises(Http404):
        ticket_log(
            actor=other_agency_users["helpline_operator"],
            category="information_request",
            person=caller,
            **common,
        )
    ticket.refresh_from_db()
    assert ticket.case is None
    assert Ticket.objects.count() == 1
