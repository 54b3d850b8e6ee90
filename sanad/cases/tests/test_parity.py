"""Web/API parity of the case writes that name another record (issue 13, item 2): opening a case
from a screening, recording a service within a case. The rules live in ``case_open`` and
``service_record``; the pages and the API only resolve the references.

Reviewed table (written from the rules, before the code was changed):

| write   | bad reference                                   | rule          | page | API                     |
|---------|-------------------------------------------------|---------------|------|-------------------------|
| open    | screening of another person                     | same person   | 400  | 400, ``assessment``     |
| service | case the actor sees but may not work on         | missing right | 403  | 403                     |
| service | case outside the actor's scope (another team's) | out of scope  | 404  | 400, ``case``, = unknown|

Issue 13, item 2, continued (``case_open`` resolves the screening itself; transfer and follow-up
assignees):

| write     | bad reference                                  | rule           | page  | API              |
|-----------|------------------------------------------------|----------------|-------|------------------|
| open      | screening the actor may not see (same person)  | out of scope   | 404   | 400 = unknown    |
| open form | another person's screening, in the address     | same person    | 400 + reason (was 404) | n/a |
| transfer  | a team the receiving caseworker is not in      | consistency    | n/a * | 400, to_team     |
| transfer  | a user who is no caseworker                    | not assignable | 400   | 400, to_owner    |
| follow-up | an assignee of another agency                  | not assignable | 400   | 400, assigned_to |

(*) the transfer page names no team (the receiving caseworker's own is taken). The service refuses
each of these itself for any other caller (Http404 / a field error). Nothing is written on any
refusal.
"""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from sanad.assessments.tests.conftest import answers, upload_form
from sanad.cases.models import Case, ServiceDelivery
from sanad.cases.services import case_open, service_record
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(users, person):
    return case_open(actor=users["caseworker"], person=person, case_type="mhpss")


def test_a_case_opened_from_another_persons_screening_is_refused_on_both(
    users, person, client_for, api_client_for
):
    from sanad.assessments.services import assessment_record

    upload_form()
    worker = users["caseworker"]
    other = person_register(actor=worker, data={"given_name": "Halima"}, registration_channel="mobile_team")
    screening = assessment_record(
        actor=worker, person=other, instrument_code="engine_test", answers=answers()
    )
    before = Case.objects.count()
    api = api_client_for(worker).post(
        "/api/v1/cases/",
        {"person": str(person.uuid), "case_type": "mhpss", "assessment": str(screening.uuid)},
        format="json",
    )
    assert api.status_code == 400 and "assessment" in api.json()["error"]["fields"]
    page = client_for(worker).post(
        reverse("cases:open"),
        {
            "person": str(person.uuid),
            "assessment": str(screening.uuid),
            "case_type": "mhpss",
            "risk_level": "medium",
            "opened_from": "screening",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert page.status_code == 400
    assert Case.objects.count() == before


def test_a_service_within_a_case_the_actor_may_not_work_on_is_403_on_both(
    users, case, client_for, api_client_for
):
    medical = users["medical"]  # sees the unit's cases, works only on their own
    api = api_client_for(medical).post(
        "/api/v1/services/", {"case": str(case.uuid), "service_type": "counselling"}, format="json"
    )
    assert api.status_code == 403, api.content
    page = client_for(medical).post(
        f"{reverse('cases:service_record')}?case={case.uuid}",
        {
            "case": str(case.uuid),
            "service_type": "counselling",
            "delivered_at": "2026-01-05T10:00",
            "modality": "in_person",
            "idempotency_key": uuid.uuid4().hex,
        },
    )
    assert page.status_code == 403
    with pytest.raises(PermissionDenied):
        service_record(actor=medical, person=case.person, case=case, service_type="counselling")
    assert ServiceDelivery.objects.count() == 0


def test_a_service_within_a_case_outside_the_scope_answers_as_an_unknown_one(
    users, other_team_users, case, client_for, api_client_for
):
    outsider = other_team_users["caseworker"]
    api = api_client_for(outsider)
    refused = api.post(
        "/api/v1/services/", {"case": str(case.uuid), "service_type": "counselling"}, format="json"
    )
    unknown = api.post(
        "/api/v1/services/", {"case": str(uuid.uuid4()), "service_type": "counselling"}, format="json"
    )
    assert refused.status_code == 400 and refused.json() == unknown.json()
    page = client_for(outsider).post(
        f"{reverse('cases:service_record')}?case={case.uuid}",
        {"case": str(case.uuid), "service_type": "counselling", "idempotency_key": uuid.uuid4().hex},
    )
    assert page.status_code == 404
    with pytest.raises(Http404):
        service_record(actor=outsider, person=case.person, case=case, service_type="counselling")
    assert ServiceDelivery.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# Opening a case from a screening; transfer and follow-up assignees (issue 13, item 2, continued)
# ---------------------------------------------------------------------------------------------
def _sensitive_screening(users, person):
    """An MHPSS screening (like PHQ-9) of ``person``, recorded by the MHPSS officer: the team's
    caseworker sees the person but not this screening."""
    from sanad.assessments.models import Domain
    from sanad.assessments.services import assessment_record
    from sanad.assessments.tests.conftest import form_text

    upload_form("mh_test.md", text=form_text(form_id="mh_test"), domain=Domain.MHPSS, sensitive=True)
    return assessment_record(
        actor=users["mhpss_officer"], person=person, instrument_code="mh_test", answers=answers()
    )


def _open_page_post(client, person, assessment_uuid):
    return client.post(
        reverse("cases:open"),
        {
            "person": str(person.uuid),
            "assessment": str(assessment_uuid),
            "case_type": "mhpss",
            "risk_level": "medium",
            "opened_from": "screening",
            "idempotency_key": uuid.uuid4().hex,
        },
    )


def test_a_case_opened_from_a_screening_the_actor_may_not_see_answers_as_an_unknown_one(
    users, person, client_for, api_client_for
):
    screening = _sensitive_screening(users, person)
    worker = users["caseworker"]
    api = api_client_for(worker)

    def api_post(assessment_uuid):
        body = {"person": str(person.uuid), "case_type": "mhpss", "assessment": str(assessment_uuid)}
        return api.post("/api/v1/cases/", body, format="json")

    refused = api_post(screening.uuid)
    unknown = api_post(uuid.uuid4())
    assert refused.status_code == 400 and "assessment" in refused.json()["error"]["fields"]
    assert refused.json() == unknown.json()
    assert _open_page_post(client_for(worker), person, screening.uuid).status_code == 404
    with pytest.raises(Http404):
        case_open(actor=worker, person=person, case_type="mhpss", source_assessment=screening)
    assert Case.objects.count() == 0
    screening.refresh_from_db()
    assert screening.case_id is None


def test_the_open_form_from_another_persons_screening_shows_the_reason(users, person, client_for):
    from sanad.assessments.services import assessment_record

    upload_form()
    worker = users["caseworker"]
    other = person_register(actor=worker, data={"given_name": "Halima"}, registration_channel="mobile_team")
    screening = assessment_record(
        actor=worker, person=other, instrument_code="engine_test", answers=answers()
    )
    form = client_for(worker).get(
        reverse("cases:open"), {"person": person.uuid, "assessment": screening.uuid}
    )
    assert form.status_code == 400
    assert "This assessment is of another person." in form.content.decode()
    assert Case.objects.count() == 0


def _consented(users, case, purpose="transfer_caseworker"):
    from sanad.cases.services import case_consent_record

    case_consent_record(actor=users["caseworker"], case=case, purpose=purpose, given_by="Amina")


def test_a_transfer_to_a_team_the_receiver_is_not_in_is_refused(
    users, org, other_team_users, case, api_client_for
):
    from django.core.exceptions import ValidationError

    from sanad.cases.services import case_transfer

    _consented(users, case)
    receiver = users["protection_caseworker"]  # of team A (Tripoli), not of team B (Misrata)
    response = api_client_for(users["caseworker"]).post(
        f"/api/v1/cases/{case.uuid}/transfer/",
        {"to_owner": str(receiver.uuid), "to_team": str(org.other_team.uuid)},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "to_team" in response.json()["error"]["fields"]
    with pytest.raises(ValidationError) as error:
        case_transfer(actor=users["caseworker"], case=case, to_owner=receiver, to_team=org.other_team)
    assert "to_team" in error.value.message_dict
    case.refresh_from_db()
    assert (case.owner, case.team) == (users["caseworker"], org.team)
    assert case.transfers.count() == 0


def test_a_transfer_to_someone_who_is_no_caseworker_is_refused_on_both(
    users, case, client_for, api_client_for
):
    _consented(users, case)
    clerk = users["logistics_officer"]
    api = api_client_for(users["caseworker"]).post(
        f"/api/v1/cases/{case.uuid}/transfer/", {"to_owner": str(clerk.uuid)}, format="json"
    )
    assert api.status_code == 400 and "to_owner" in api.json()["error"]["fields"]
    page = client_for(users["caseworker"]).post(
        reverse("cases:transfer", args=[case.uuid]), {"to_owner": str(clerk.uuid)}
    )
    assert page.status_code == 400
    case.refresh_from_db()
    assert case.owner == users["caseworker"] and case.transfers.count() == 0


def test_a_follow_up_assigned_to_another_agency_is_refused_on_both(
    users, other_agency_users, case, client_for, api_client_for
):
    from django.core.exceptions import ValidationError

    from sanad.cases.models import FollowUp
    from sanad.cases.services import followup_create

    stranger = other_agency_users["caseworker"]
    api = api_client_for(users["caseworker"]).post(
        f"/api/v1/cases/{case.uuid}/followups/",
        {"title": "Call back", "due_at": "2030-01-05T10:00:00Z", "assigned_to": str(stranger.uuid)},
        format="json",
    )
    assert api.status_code == 400 and "assigned_to" in api.json()["error"]["fields"]
    page = client_for(users["caseworker"]).post(
        reverse("cases:followup_create", args=[case.uuid]),
        {
            "kind": "follow_up",
            "title": "Call back",
            "due_at": "2030-01-05T10:00",
            "assigned_to": str(stranger.uuid),
        },
    )
    assert page.status_code == 400
    import datetime

    from django.utils import timezone

    with pytest.raises(ValidationError) as error:
        followup_create(
            actor=users["caseworker"],
            case=case,
            title="Call back",
            due_at=timezone.now() + datetime.timedelta(days=1),
            assigned_to=stranger,
        )
    assert "assigned_to" in error.value.message_dict
    assert FollowUp.objects.count() == 0
