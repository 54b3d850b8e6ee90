"""Detention-centre profiles: the snapshot service, derived overcrowding, pages, trend, API."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sanad.core.models import AuditEvent
from sanad.core.tests.role_matrix import REVIEWED
from sanad.dtm.models.detention import DetentionNationality, DetentionSnapshot
from sanad.dtm.selectors.detention import detention_centre_summaries
from sanad.dtm.services.detention import detention_snapshot_record

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["dtm.view"])
MANAGERS = set(REVIEWED["dtm.manage"])
D = datetime.date


def _record(actor, centre, date=None, **kwargs):
    values = {
        "occupancy": 120,
        "capacity": 100,
        "adult_men": 80,
        "adult_women": 30,
        "boys": 6,
        "girls": 4,
        "conditions": {"water": "insufficient", "food": "critical"},
        "condition_notes": {"water": "Two hours a day"},
    }
    values.update(kwargs)
    return detention_snapshot_record(actor=actor, centre=centre, date=date or D(2024, 9, 1), **values)


def test_record_creates_with_conditions_nationalities_and_audit(places, users):
    item = _record(users["dtm_officer"], places.centre, nationality_counts=[("SDN", 70), ("NGA", 30)])
    assert item.water == "insufficient" and item.water_note == "Two hours a day"
    assert item.sanitation == "" and item.food == "critical"
    assert item.occupancy_rate == 120 and item.overcrowding == "insufficient"
    assert item.overcrowding_label == "Overcrowded"
    assert DetentionNationality.objects.filter(snapshot=item).count() == 2
    event = AuditEvent.objects.get(action="dtm.detention_snapshot.create")
    assert event.changes["occupancy"] == [None, 120]


@pytest.mark.parametrize(
    ("occupancy", "capacity", "expected"),
    [
        (100, 100, "adequate"),
        (101, 100, "insufficient"),
        (150, 100, "insufficient"),
        (151, 100, "critical"),
        (5, None, ""),
    ],
)
def test_overcrowding_is_derived_from_occupancy_and_capacity(places, users, occupancy, capacity, expected):
    item = _record(
        users["dtm_officer"],
        places.centre,
        occupancy=occupancy,
        capacity=capacity,
        adult_men=occupancy,
        adult_women=0,
        boys=0,
        girls=0,
    )
    assert item.overcrowding == expected


def test_same_date_replaces_and_the_same_figures_change_nothing(places, users):
    actor = users["me_officer"]
    first = _record(actor, places.centre)
    assert _record(actor, places.centre).pk == first.pk
    assert AuditEvent.objects.filter(action__startswith="dtm.detention").count() == 1
    _record(actor, places.centre, conditions={"water": "adequate"})
    update = AuditEvent.objects.get(action="dtm.detention_snapshot.update")
    assert update.changes == {"food": ["critical", ""], "water": ["insufficient", "adequate"]}
    assert DetentionSnapshot.objects.count() == 1
    _record(actor, places.centre, D(2024, 10, 1), idempotency_key="k")
    assert _record(actor, places.centre, D(2024, 10, 1), occupancy=5, idempotency_key="k").occupancy == 120
    assert DetentionSnapshot.objects.count() == 2


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"occupancy": -3}, "occupancy", "cannot be negative"),
        ({"capacity": -1}, "capacity", "cannot be negative"),
        ({"capacity": 0}, "capacity", "cannot be 0"),
        ({"occupancy": 121}, "occupancy", "add up to 120, not 121"),
        ({"conditions": {"water": "fine"}}, "water", "adequate, insufficient or critical"),
        ({"conditions": {"electricity": "critical"}}, "conditions", "Unknown condition"),
        ({"nationality_counts": [("SDN", 200)]}, "nationalities", "more than the 120"),
        ({"date": D(2999, 1, 1)}, "date", "future"),
    ],
)
def test_record_refuses_bad_input_and_changes_nothing(places, users, kwargs, field, message):
    with pytest.raises(ValidationError) as excinfo:
        _record(users["dtm_officer"], places.centre, **kwargs)
    assert message in " ".join(excinfo.value.message_dict[field])
    assert DetentionSnapshot.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="dtm.").exists()


def test_record_refuses_other_sites_and_users_without_dtm_manage(places, users):
    with pytest.raises(ValidationError):
        _record(users["dtm_officer"], places.point)
    with pytest.raises(PermissionDenied):
        _record(users["team_leader"], places.centre)
    assert DetentionSnapshot.objects.count() == 0


def test_centre_summaries_show_the_latest_snapshot(places, users, django_assert_max_num_queries):
    actor = users["dtm_officer"]
    _record(actor, places.centre, D(2024, 8, 1), occupancy=90, adult_men=80, adult_women=0, boys=6, girls=4)
    _record(actor, places.centre, D(2024, 9, 1))
    # centres, latest ids, snapshots, nationalities, the actor's roles: not one per centre
    with django_assert_max_num_queries(5):
        rows = {r["centre"].pk: r["latest"] for r in detention_centre_summaries(actor=users["caseworker"])}
    assert rows[places.centre.pk].date == D(2024, 9, 1)
    assert rows[places.other_centre.pk] is None
    assert places.point.pk not in rows


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------
def _post(client, centre, key="k1", **overrides):
    data = {
        "idempotency_key": key,
        "centre": str(centre.uuid),
        "date": "2024-09-01",
        "occupancy": 50,
        "capacity": 40,
        "adult_men": 40,
        "adult_women": 10,
        "boys": 0,
        "girls": 0,
        "water": "critical",
        "water_note": "No running water",
        "sanitation": "",
        "sanitation_note": "",
        "health_access": "adequate",
        "health_access_note": "",
        "food": "",
        "food_note": "",
        "nationality_0": "ERI",
        "nationality_count_0": 20,
        "notes": "",
    }
    data.update(overrides)
    return client.post(reverse("dtm:detention_snapshot_create"), data)


def test_pages_role_matrix(places, users, other_agency_users, client_for):
    _record(users["dtm_officer"], places.centre)
    read_urls = [
        reverse("dtm:detention_centre_list"),
        reverse("dtm:detention_centre_detail", kwargs={"uuid": places.centre.uuid}),
    ]
    for role, user in users.items():
        client = client_for(user)
        for url in read_urls:
            assert client.get(url).status_code == (200 if role in VIEWERS else 403), (role, url)
        create = client.get(reverse("dtm:detention_snapshot_create")).status_code
        assert create == (200 if role in MANAGERS else 403), role
        if role not in MANAGERS:
            assert _post(client, places.centre, key=f"k-{role}", date="2024-09-01").status_code == 403
    assert DetentionSnapshot.objects.get().occupancy == 120
    assert AuditEvent.objects.filter(action__startswith="dtm.detention").count() == 1
    assert client_for(other_agency_users["me_officer"]).get(read_urls[1]).status_code == 200


def test_unknown_centre_or_other_site_is_404(places, users, client_for):
    client = client_for(users["dtm_officer"])
    for key in (uuid.uuid4(), places.point.uuid):
        assert client.get(reverse("dtm:detention_centre_detail", kwargs={"uuid": key})).status_code == 404


def test_form_records_once_and_reports_errors(places, users, client_for):
    client = client_for(users["dtm_officer"])
    response = _post(client, places.centre)
    assert response.status_code == 302
    assert _post(client, places.centre).status_code == 302
    item = DetentionSnapshot.objects.get()
    assert item.water == "critical" and item.overcrowding == "insufficient"
    assert item.nationalities.get().nationality == "ERI"
    bad = _post(client, places.centre, key="k2", boys=3)
    assert bad.status_code == 400 and "add up to 53, not 50" in bad.content.decode()
    assert DetentionSnapshot.objects.count() == 1


def test_detail_shows_trend_chart_and_list_query_count(
    places, users, client_for, django_assert_max_num_queries
):
    actor = users["dtm_officer"]
    for month in (6, 7, 8, 9):
        _record(actor, places.centre, D(2024, month, 1), nationality_counts=[("SDN", 10), ("NER", 5)])
    _record(actor, places.other_centre, D(2024, 9, 1))
    client = client_for(users["caseworker"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dtm:detention_centre_detail", kwargs={"uuid": places.centre.uuid}))
    html = response.content.decode()
    assert 'data-testid="detention-chart"' in html
    assert len(response.context["chart"]["points"]) == 4
    assert response.context["chart"]["capacity"]  # the dashed capacity line is drawn
    assert [s.date.month for s in response.context["snapshots"]] == [9, 8, 7, 6]
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("dtm:detention_centre_list"))
    assert "Overcrowded" in listing.content.decode()


def test_arabic_list_is_rtl(places, users, client_for):
    _record(users["dtm_officer"], places.centre)
    response = client_for(users["dtm_officer"]).get(
        reverse("dtm:detention_centre_list"), HTTP_ACCEPT_LANGUAGE="ar"
    )
    html = response.content.decode()
    assert 'dir="rtl"' in html and "مركز طريق السكة" in html


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------
def _payload(centre, **overrides):
    data = {
        "centre": str(centre.uuid),
        "date": "2024-09-01",
        "occupancy": 10,
        "capacity": 20,
        "adult_men": 10,
        "conditions": {"water": "adequate"},
        "nationalities": [{"nationality": "SDN", "individuals": 10}],
    }
    data.update(overrides)
    return data


def test_api_role_matrix_and_refused_post_changes_nothing(places, users, api_client_for):
    url = reverse("api_dtm_detention_profile_list")
    for role, user in users.items():
        client = api_client_for(user)
        assert client.get(url).status_code == (200 if role in VIEWERS else 403), role
        if role not in MANAGERS:
            assert client.post(url, _payload(places.centre), format="json").status_code == 403
    assert DetentionSnapshot.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="dtm.").exists()


def test_api_post_list_and_errors(places, users, api_client_for, django_assert_max_num_queries):
    client = api_client_for(users["dtm_officer"])
    url = reverse("api_dtm_detention_profile_list")
    created = client.post(url, _payload(places.centre), format="json", HTTP_IDEMPOTENCY_KEY="a")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["overcrowding"] == "adequate" and body["occupancy_rate"] == 50
    assert {c["key"]: c["rating"] for c in body["conditions"]}["water"] == "adequate"
    again = client.post(url, _payload(places.centre), format="json", HTTP_IDEMPOTENCY_KEY="a")
    assert again.json()["uuid"] == body["uuid"]
    bad = client.post(url, _payload(places.centre, occupancy=11), format="json")
    assert bad.status_code == 400 and "occupancy" in bad.json()["error"]["fields"]
    not_a_centre = client.post(url, _payload(places.point), format="json")
    assert not_a_centre.status_code == 400 and "centre" in not_a_centre.json()["error"]["fields"]
    for month in range(1, 8):
        _record(users["dtm_officer"], places.centre, D(2024, month, 2), nationality_counts=[("SDN", 1)])
    with django_assert_max_num_queries(8):
        listed = client.get(url, {"centre": str(places.centre.uuid)}).json()
    assert listed["count"] == 8
