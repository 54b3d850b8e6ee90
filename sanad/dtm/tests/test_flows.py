"""Flow monitoring: the recording service, aggregates, pages, API, HXL export."""

from __future__ import annotations

import datetime
import io
import uuid

import hxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sanad.core import exports
from sanad.core.models import AuditEvent, Job
from sanad.core.tests.role_matrix import REVIEWED
from sanad.dtm.models.flows import FlowCount, FlowNationality
from sanad.dtm.selectors.flows import flow_aggregates
from sanad.dtm.services.flows import flow_count_record

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["dtm.view"])
MANAGERS = set(REVIEWED["dtm.manage"])
D = datetime.date


def _record(actor, point, date=None, direction="inflow", **kwargs):
    date = date or D(2024, 9, 2)
    values = {"total": 10, "adult_men": 5, "adult_women": 3, "boys": 1, "girls": 1}
    values.update(kwargs)
    return flow_count_record(actor=actor, point=point, date=date, direction=direction, **values)


# ---------------------------------------------------------------------------------------------
# Service
# ---------------------------------------------------------------------------------------------
def test_record_creates_with_nationalities_and_audit(places, users):
    actor = users["dtm_officer"]
    flow = _record(actor, places.point, nationality_counts=[("sdn", 6), ("NER", 3), ("", None)])
    assert flow.total == 10 and flow.recorded_by == actor
    assert {n.nationality: n.individuals for n in flow.nationalities.all()} == {"SDN": 6, "NER": 3}
    event = AuditEvent.objects.get(action="dtm.flow_count.create")
    assert event.changes["total"] == [None, 10]
    assert event.changes["nationalities"] == [None, {"SDN": 6, "NER": 3}]


def test_same_point_day_and_direction_replaces_and_a_retry_changes_nothing(places, users):
    actor = users["dtm_officer"]
    first = _record(actor, places.point)
    again = _record(actor, places.point)  # the same figures: nothing to change
    assert again.pk == first.pk
    assert FlowCount.objects.count() == 1
    assert AuditEvent.objects.filter(action__startswith="dtm.flow_count").count() == 1
    changed = _record(actor, places.point, total=12, adult_men=7)
    assert changed.pk == first.pk and FlowCount.objects.get().total == 12
    update = AuditEvent.objects.get(action="dtm.flow_count.update")
    assert update.changes == {"adult_men": [5, 7], "total": [10, 12]}
    # Another direction, or a route, is another record.
    _record(actor, places.point, direction="outflow")
    _record(actor, places.point, route_country="SDN")
    _record(actor, places.point, route_admin_unit=places.janzour)
    assert FlowCount.objects.count() == 4


def test_idempotency_key_returns_the_first_record(places, users):
    actor = users["me_officer"]
    first = _record(actor, places.point, idempotency_key="abc")
    second = _record(actor, places.point, total=99, adult_men=94, idempotency_key="abc")
    assert second.pk == first.pk and FlowCount.objects.get().total == 10


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"total": -1}, "total", "cannot be negative"),
        ({"boys": -2}, "boys", "cannot be negative"),
        ({"total": 11}, "total", "add up to 10, not 11"),
        ({"total": "ten"}, "total", "whole number"),
        ({"direction": "sideways"}, "direction", "inflow or outflow"),
        ({"date": D(2999, 1, 1)}, "date", "future"),
        ({"route_country": "XXX"}, "route_country", "country code"),
        ({"nationality_counts": [("SDN", 8), ("NER", 5)]}, "nationalities", "more than the 10"),
        ({"nationality_counts": [("ZZZ", 1)]}, "nationalities", "not a known country"),
        ({"nationality_counts": [("SDN", 1), ("SDN", 2)]}, "nationalities", "listed twice"),
    ],
)
def test_record_refuses_bad_input_and_changes_nothing(places, users, kwargs, field, message):
    with pytest.raises(ValidationError) as excinfo:
        _record(users["dtm_officer"], places.point, **kwargs)
    assert message in " ".join(excinfo.value.message_dict[field])
    assert FlowCount.objects.count() == 0 and FlowNationality.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="dtm.").exists()


def test_record_refuses_a_site_that_is_not_a_flow_point_or_a_muhalla_route(places, users):
    with pytest.raises(ValidationError) as excinfo:
        _record(users["dtm_officer"], places.shelter)
    assert "point" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        _record(users["dtm_officer"], places.point, route_admin_unit=places.mantika)
    assert "route_admin_unit" in excinfo.value.message_dict


def test_record_refuses_a_user_without_dtm_manage(places, users):
    with pytest.raises(PermissionDenied):
        _record(users["caseworker"], places.point)
    assert FlowCount.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# Aggregates
# ---------------------------------------------------------------------------------------------
def _known_data(actor, places):
    # Mon 2 Sep – Sun 8 Sep 2024 is one week; 9 Sep starts the next; 1 Oct is another month.
    _record(actor, places.point, D(2024, 9, 2), total=10, adult_men=10, adult_women=0, boys=0, girls=0)
    _record(actor, places.point, D(2024, 9, 8), total=20, adult_men=10, adult_women=5, boys=5, girls=0)
    _record(actor, places.point, D(2024, 9, 9), total=7, adult_men=7, adult_women=0, boys=0, girls=0)
    _record(
        actor, places.point, D(2024, 9, 9), "outflow", total=4, adult_men=2, adult_women=2, boys=0, girls=0
    )
    _record(actor, places.point, D(2024, 10, 1), total=3, adult_men=0, adult_women=0, boys=1, girls=2)
    _record(
        actor, places.other_point, D(2024, 9, 3), total=100, adult_men=100, adult_women=0, boys=0, girls=0
    )


def test_weekly_aggregates(places, users):
    _known_data(users["dtm_officer"], places)
    rows = flow_aggregates(actor=users["caseworker"], period="week", data={"point": places.point.uuid})
    got = [(r["period"], r["direction"], r["total"], r["days"], r["adult_men"], r["boys"]) for r in rows]
    assert got == [
        (D(2024, 9, 2), "inflow", 30, 2, 20, 5),
        (D(2024, 9, 9), "inflow", 7, 1, 7, 0),
        (D(2024, 9, 9), "outflow", 4, 1, 2, 0),
        (D(2024, 9, 30), "inflow", 3, 1, 0, 1),
    ]


def test_monthly_aggregates_and_date_filters(places, users):
    _known_data(users["dtm_officer"], places)
    rows = flow_aggregates(actor=users["team_leader"], period="month")
    got = [(r["period"], r["direction"], r["total"], r["days"]) for r in rows]
    assert got == [
        (D(2024, 9, 1), "inflow", 137, 4),
        (D(2024, 9, 1), "outflow", 4, 1),
        (D(2024, 10, 1), "inflow", 3, 1),
    ]
    narrowed = flow_aggregates(
        actor=users["team_leader"],
        period="month",
        data={"date_from": D(2024, 9, 8), "date_to": D(2024, 9, 30)},
    )
    assert [(r["direction"], r["total"]) for r in narrowed] == [("inflow", 27), ("outflow", 4)]


def test_aggregates_are_empty_for_a_user_without_dtm_view(places, users):
    _known_data(users["dtm_officer"], places)
    assert flow_aggregates(actor=users["partner_caseworker"], period="week") == []


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------
def _post_count(client, point, key="k1", **overrides):
    data = {
        "idempotency_key": key,
        "point": str(point.uuid),
        "date": "2024-09-02",
        "direction": "inflow",
        "total": 10,
        "adult_men": 5,
        "adult_women": 3,
        "boys": 1,
        "girls": 1,
        "route_country": "",
        "route_admin_unit": "",
        "nationality_0": "SDN",
        "nationality_count_0": 4,
        "notes": "",
    }
    data.update(overrides)
    return client.post(reverse("dtm:flow_count_create"), data)


def test_pages_role_matrix(places, users, other_agency_users, client_for):
    _record(users["dtm_officer"], places.point)
    read_urls = [
        reverse("dtm:flow_point_list"),
        reverse("dtm:flow_point_detail", kwargs={"uuid": places.point.uuid}),
        reverse("dtm:flow_export", kwargs={"fmt": "csv"}),
        reverse("dtm:flow_export", kwargs={"fmt": "xlsx"}),
    ]
    for role, user in users.items():
        client = client_for(user)
        for url in read_urls:
            assert client.get(url).status_code == (200 if role in VIEWERS else 403), (role, url)
        assert client.get(reverse("dtm:flow_count_create")).status_code == (
            200 if role in MANAGERS else 403
        ), role
        if role not in MANAGERS:
            assert (
                _post_count(client, places.point, key=f"k-{role}", total=50, adult_men=45).status_code == 403
            )
    # Refused writes changed nothing.
    assert FlowCount.objects.get().total == 10
    assert AuditEvent.objects.filter(action__startswith="dtm.flow_count").count() == 1
    # Aggregate figures are not scoped by agency.
    other = client_for(other_agency_users["dtm_officer"])
    assert other.get(read_urls[1]).status_code == 200


def test_unknown_or_wrong_type_point_is_404(places, users, client_for):
    client = client_for(users["dtm_officer"])
    for key in (uuid.uuid4(), places.shelter.uuid, places.centre.uuid):
        assert client.get(reverse("dtm:flow_point_detail", kwargs={"uuid": key})).status_code == 404
    assert client.get(reverse("dtm:flow_export", kwargs={"fmt": "pdf"})).status_code == 404


def test_entry_form_records_once_and_shows_errors(places, users, client_for):
    client = client_for(users["dtm_officer"])
    response = _post_count(client, places.point)
    assert response.status_code == 302
    assert response.url == reverse("dtm:flow_point_detail", kwargs={"uuid": places.point.uuid})
    again = _post_count(client, places.point)  # the retried submit
    assert again.status_code == 302
    assert FlowCount.objects.count() == 1 and FlowNationality.objects.get().individuals == 4
    bad = _post_count(client, places.point, key="k2", total=11)
    assert bad.status_code == 400
    assert "add up to 10, not 11" in bad.content.decode()
    negative = _post_count(client, places.point, key="k3", girls=-1)
    assert negative.status_code == 400
    assert FlowCount.objects.get().total == 10


def test_entry_form_resolves_a_baladiya_route(places, users, client_for):
    client = client_for(users["me_officer"])
    assert _post_count(client, places.point, route_admin_unit="ly021105").status_code == 302
    assert FlowCount.objects.get().route_admin_unit == places.janzour
    unknown = _post_count(client, places.point, key="k9", route_admin_unit="LY999999")
    assert unknown.status_code == 400 and "No administrative unit" in unknown.content.decode()


def test_detail_page_shows_weekly_and_monthly_totals(
    places, users, client_for, django_assert_max_num_queries
):
    _known_data(users["dtm_officer"], places)
    client = client_for(users["caseworker"])
    url = reverse("dtm:flow_point_detail", kwargs={"uuid": places.point.uuid})
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert [r["total"] for r in response.context["aggregates"]] == [30, 7, 4, 3]
    assert 'data-testid="flow-aggregates"' in response.content.decode()
    monthly = client.get(url, {"period": "month"})
    assert [r["total"] for r in monthly.context["aggregates"]] == [37, 4, 3]


def test_list_query_counts_do_not_grow(places, users, client_for, django_assert_max_num_queries):
    _known_data(users["dtm_officer"], places)
    client = client_for(users["dtm_officer"])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("dtm:flow_point_list"))
    rows = {r["point"].pk: r for r in response.context["points"]}
    assert rows[places.point.pk]["inflow"] == 40 and rows[places.point.pk]["outflow"] == 4
    assert rows[places.other_point.pk]["inflow"] == 100
    with django_assert_max_num_queries(15):
        client.get(reverse("dtm:flow_point_detail", kwargs={"uuid": places.point.uuid}))


def test_arabic_entry_page_is_rtl(places, users, client_for):
    client = client_for(users["dtm_officer"])
    response = client.get(reverse("dtm:flow_count_create"), HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert 'dir="rtl"' in html and "نقطة رأس اجدير" in html


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------
def test_csv_export_is_valid_hxl(places, users, client_for):
    _known_data(users["dtm_officer"], places)
    response = client_for(users["me_officer"]).get(
        reverse("dtm:flow_export", kwargs={"fmt": "csv"}), {"point": str(places.point.uuid)}
    )
    data = hxl.data(io.BytesIO(response.content))
    tags = [c.display_tag for c in data.columns]
    for tag in (
        "#adm1+code",
        "#adm3+code",
        "#date+reported",
        "#affected+migrants+total",
        "#affected+migrants+f+children",
    ):
        assert tag in tags, tags
    rows = list(data)
    assert len(rows) == 5
    assert {r.get("#adm3+code") for r in rows} == {"LY021104"}
    assert sum(int(r.get("#affected+total")) for r in rows) == 44


def test_xlsx_export_is_valid_hxl(places, users, client_for, tmp_path):
    _known_data(users["dtm_officer"], places)
    response = client_for(users["dtm_officer"]).get(reverse("dtm:flow_export", kwargs={"fmt": "xlsx"}))
    path = tmp_path / "flows.xlsx"
    path.write_bytes(response.content)
    data = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    rows = list(data)
    assert len(rows) == 6
    assert sum(int(r.get("#affected+total")) for r in rows) == 144
    assert sum(int(r.get("#affected+f+children") or 0) for r in rows) == 2  # libhxl reads 0 cells as empty


def test_export_is_audited_once_and_a_large_one_runs_as_a_job(
    places, users, client_for, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    _known_data(users["dtm_officer"], places)
    client = client_for(users["me_officer"])
    response = client.get(
        reverse("dtm:flow_export", kwargs={"fmt": "csv"}), {"point": str(places.point.uuid)}
    )
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    event = AuditEvent.objects.get(action="dtm.flows.export")
    assert event.actor == users["me_officer"] and event.object_uuid == str(places.point.uuid)
    assert event.changes["rows"] == [None, 5] and event.changes["format"] == [None, "csv"]

    monkeypatch.setattr(exports, "EXPORT_JOB_ROWS", 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("dtm:flow_export", kwargs={"fmt": "xlsx"}))
    job = Job.objects.get(kind="core.export")
    assert response.status_code == 302 and response["Location"] == reverse("core:job_detail", args=[job.uuid])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["rows"] == 6 == job.total
    assert job.created_by == users["me_officer"] and job.result["file_name"] == "dtm_flow_counts.xlsx"
    assert AuditEvent.objects.filter(action="dtm.flows.export").count() == 2


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------
def _payload(site, **overrides):
    data = {
        "point": str(site.uuid),
        "date": "2024-09-02",
        "direction": "outflow",
        "total": 6,
        "adult_men": 3,
        "adult_women": 3,
        "nationalities": [{"nationality": "EGY", "individuals": 6}],
    }
    data.update(overrides)
    return data


def test_api_role_matrix_and_refused_post_changes_nothing(places, users, api_client_for):
    _record(users["dtm_officer"], places.point)
    for role, user in users.items():
        client = api_client_for(user)
        for url in (reverse("api_dtm_flow_list"), reverse("api_dtm_flow_aggregates")):
            assert client.get(url).status_code == (200 if role in VIEWERS else 403), (role, url)
        if role not in MANAGERS:
            response = client.post(reverse("api_dtm_flow_list"), _payload(places.point), format="json")
            assert response.status_code == 403
            assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert FlowCount.objects.count() == 1
    assert AuditEvent.objects.filter(action__startswith="dtm.flow_count").count() == 1


def test_api_post_is_idempotent_and_validates(places, users, api_client_for, django_assert_max_num_queries):
    client = api_client_for(users["dtm_officer"])
    url = reverse("api_dtm_flow_list")
    first = client.post(url, _payload(places.point), format="json", HTTP_IDEMPOTENCY_KEY="x1")
    assert first.status_code == 201, first.json()
    again = client.post(url, _payload(places.point), format="json", HTTP_IDEMPOTENCY_KEY="x1")
    assert again.json()["uuid"] == first.json()["uuid"]
    assert first.json()["nationalities"] == [{"nationality": "EGY", "individuals": 6}]
    bad = client.post(url, _payload(places.point, total=7), format="json")
    assert bad.status_code == 400 and "total" in bad.json()["error"]["fields"]
    unknown = client.post(url, _payload(places.point, point=str(uuid.uuid4())), format="json")
    assert unknown.status_code == 400 and "point" in unknown.json()["error"]["fields"]
    # A bad route P-code in the body is bad input (400 with the field), as on the entry form.
    bad_route = client.post(url, _payload(places.point, route_admin_unit="LY999999"), format="json")
    assert bad_route.status_code == 400, bad_route.json()
    assert "route_admin_unit" in bad_route.json()["error"]["fields"]
    assert FlowCount.objects.count() == 1
    for day in range(3, 9):
        _record(users["dtm_officer"], places.point, D(2024, 9, day), nationality_counts=[("SDN", 2)])
    with django_assert_max_num_queries(8):
        listed = client.get(url, {"point": str(places.point.uuid), "page_size": 100}).json()
    assert listed["count"] == 7
    aggregates = client.get(reverse("api_dtm_flow_aggregates"), {"period": "month"}).json()
    assert aggregates["results"][0]["period"] == "2024-09-01"
    assert sum(r["total"] for r in aggregates["results"]) == 66
