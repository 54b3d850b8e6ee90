"""Web/API parity of the DTM writes that name a detention centre, a flow-monitoring point, a site or
an administrative unit (issue 13, item 2). Sites and admin units are shared reference data every
DTM user may see, so "in scope" is "a record of the right kind"; the right is ``dtm.manage``. The
rules live in the services (``detention_snapshot_record``, ``flow_count_record``,
``event_create``, ``assessment_create``); the pages and the API only resolve the references, and a
reference in an API body that cannot be used answers exactly as an unknown one (400 on the field).

Reviewed table (written from the rules, before the code was changed):

| write      | bad reference                          | rule    | page   | API                            |
|------------|----------------------------------------|---------|--------|--------------------------------|
| detention  | a site that is no detention centre     | kind    | 400    | 400 centre, = unknown (was 404)|
| flow count | a site that is no flow point           | kind    | 400    | 400 point, = unknown (was 404) |
| event      | an admin unit that is no baladiya      | kind    | 400 *  | 400 admin_units (was 201)      |
| event      | an unknown P-code                      | unknown | 400 *  | 400 admin_units (was 404)      |
| assessment | an admin unit that is no baladiya      | kind    | 400 *  | 400 admin_unit (was 201)       |
| assessment | an unknown site                        | unknown | 400 *  | 400 site (was 404)             |
| any        | (no right) a caseworker                | right   | 403    | 403                            |

(*) the page offers only baladiyas and known sites, so another one is a form error; the service
refuses a unit of another level itself for any other caller. Nothing is written on any refusal.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sanad.dtm.models.detention import DetentionSnapshot
from sanad.dtm.models.events import EmergencyEvent, RapidAssessment
from sanad.dtm.models.flows import FlowCount
from sanad.dtm.services.events import assessment_create, event_create

pytestmark = pytest.mark.django_db

START = datetime.datetime(2024, 9, 10, 6, 0, tzinfo=datetime.UTC)


def _fields(response) -> set[str]:
    return set(response.json()["error"]["fields"])


def test_a_detention_profile_of_a_site_that_is_no_centre(places, users, client_for, api_client_for):
    officer = users["dtm_officer"]
    api = api_client_for(officer)
    url = reverse("api_dtm_detention_profile_list")
    body = {"date": "2024-09-01", "occupancy": 10, "adult_men": 10}
    refused = api.post(url, {**body, "centre": str(places.point.uuid)}, format="json")
    unknown = api.post(url, {**body, "centre": str(uuid.uuid4())}, format="json")
    assert refused.status_code == 400 and _fields(refused) == {"centre"}
    assert refused.json() == unknown.json()
    page = client_for(officer).post(
        reverse("dtm:detention_snapshot_create"),
        {"idempotency_key": "k1", "centre": str(places.point.uuid), "date": "2024-09-01", "occupancy": 10},
    )
    assert page.status_code == 400
    assert DetentionSnapshot.objects.count() == 0


def test_a_flow_count_at_a_site_that_is_no_point(places, users, client_for, api_client_for):
    officer = users["dtm_officer"]
    api = api_client_for(officer)
    url = reverse("api_dtm_flow_list")
    body = {"date": "2024-09-02", "direction": "outflow", "total": 6, "adult_men": 6}
    refused = api.post(url, {**body, "point": str(places.centre.uuid)}, format="json")
    unknown = api.post(url, {**body, "point": str(uuid.uuid4())}, format="json")
    assert refused.status_code == 400 and _fields(refused) == {"point"}
    assert refused.json() == unknown.json()
    page = client_for(officer).post(
        reverse("dtm:flow_count_create"),
        {"idempotency_key": "k1", "point": str(places.centre.uuid), "date": "2024-09-02", "total": 6},
    )
    assert page.status_code == 400
    assert FlowCount.objects.count() == 0


def test_an_event_in_admin_units_that_are_no_baladiyas(places, users, client_for, api_client_for):
    officer = users["dtm_officer"]
    api = api_client_for(officer)
    body = {"title": "Storm", "event_type": "storm", "started_at": "2024-09-10T06:00:00Z"}
    mantika = api.post(reverse("api_dtm_event_list"), {**body, "admin_units": ["LY0211"]}, format="json")
    assert mantika.status_code == 400 and _fields(mantika) == {"admin_units"}
    unknown = api.post(reverse("api_dtm_event_list"), {**body, "admin_units": ["LY999999"]}, format="json")
    assert unknown.status_code == 400 and _fields(unknown) == {"admin_units"}
    page = client_for(officer).post(
        reverse("dtm:event_create"),
        {"idempotency_key": "k1", **body, "started_at": "2024-09-10T06:00", "admin_units": ["LY0211"]},
    )
    assert page.status_code == 400
    with pytest.raises(ValidationError) as error:
        event_create(
            actor=officer,
            title="Storm",
            event_type="storm",
            started_at=START,
            admin_units=[places.mantika],
        )
    assert "admin_units" in error.value.message_dict
    assert EmergencyEvent.objects.count() == 0


@pytest.fixture
def event(places, users):
    return event_create(
        actor=users["dtm_officer"],
        title="Floods",
        event_type="flood",
        started_at=START,
        admin_units=[places.tripoli],
    )


def test_a_rapid_assessment_of_a_region_or_an_unknown_site(places, users, client_for, api_client_for, event):
    officer = users["dtm_officer"]
    api = api_client_for(officer)
    url = reverse("api_dtm_event_assessments", kwargs={"uuid": event.uuid})
    body = {"assessed_on": "2024-09-11", "households": 3, "individuals": 12, "priority_needs": ["health"]}
    region = api.post(url, {**body, "admin_unit": "LY02"}, format="json")
    assert region.status_code == 400 and _fields(region) == {"admin_unit"}
    unknown_site = api.post(url, {**body, "admin_unit": "LY021104", "site": str(uuid.uuid4())}, format="json")
    assert unknown_site.status_code == 400 and _fields(unknown_site) == {"site"}
    page = client_for(officer).post(
        reverse("dtm:assessment_create", kwargs={"uuid": event.uuid}),
        {
            "idempotency_key": "a1",
            "admin_unit": "LY02",
            "assessed_on": "2024-09-11",
            "households": 3,
            "individuals": 12,
            "priority_need_1": "health",
        },
    )
    assert page.status_code == 400
    with pytest.raises(ValidationError) as error:
        assessment_create(
            actor=officer,
            event=event,
            admin_unit=places.region,
            assessed_on=datetime.date(2024, 9, 11),
            households=3,
            individuals=12,
            priority_needs=["health"],
            today=datetime.date(2024, 9, 12),
        )
    assert "admin_unit" in error.value.message_dict
    assert RapidAssessment.objects.count() == 0


def test_without_the_right_every_write_is_403_on_both(places, users, client_for, api_client_for, event):
    worker = users["caseworker"]
    api = api_client_for(worker)
    assert (
        api.post(
            reverse("api_dtm_detention_profile_list"),
            {"centre": str(places.centre.uuid), "date": "2024-09-01", "occupancy": 1, "adult_men": 1},
            format="json",
        ).status_code
        == 403
    )
    assert (
        api.post(
            reverse("api_dtm_event_assessments", kwargs={"uuid": event.uuid}),
            {"admin_unit": "LY021104", "assessed_on": "2024-09-11", "households": 1, "individuals": 1},
            format="json",
        ).status_code
        == 403
    )
    page = client_for(worker).post(
        reverse("dtm:detention_snapshot_create"),
        {"idempotency_key": "k1", "centre": str(places.centre.uuid), "date": "2024-09-01", "occupancy": 1},
    )
    assert page.status_code == 403
    assert DetentionSnapshot.objects.count() == 0 and RapidAssessment.objects.count() == 0
