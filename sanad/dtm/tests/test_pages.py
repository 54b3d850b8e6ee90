"""DTM pages and downloads: role matrix, content, query counts, Arabic, HXL exports."""

from __future__ import annotations

import io
import uuid

import hxl
import pytest
from django.urls import reverse
from django.utils import translation

from sanad.core.models import AuditEvent, Job
from sanad.core.tests.role_matrix import REVIEWED, assert_role_matrix
from sanad.dtm.models import Round
from sanad.dtm.tests.builders import build_workbook

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["dtm.view"])
IMPORTERS = set(REVIEWED["dtm.import"])


def _pages(round_):
    return [
        reverse("dtm:round_list"),
        reverse("dtm:map"),
        reverse("dtm:trends"),
        reverse("dtm:planning"),
        reverse("dtm:round_detail", kwargs={"uuid": round_.uuid}),
        reverse("dtm:map_data", kwargs={"uuid": round_.uuid}),
        reverse("dtm:baladiya_detail", kwargs={"uuid": round_.uuid, "pcode": "LY021104"}),
        reverse("dtm:round_export", kwargs={"uuid": round_.uuid, "fmt": "csv"}),
        reverse("dtm:round_export", kwargs={"uuid": round_.uuid, "fmt": "xlsx"}),
    ]


def test_matrix_grants_view_to_staff_and_import_to_dtm_and_me_officers():
    assert {"dtm_officer", "me_officer", "team_leader", "system_admin", "caseworker"} <= VIEWERS
    assert "partner_caseworker" not in VIEWERS
    assert {"dtm_officer", "me_officer"} == IMPORTERS


def test_role_matrix_for_every_page(r54, users, other_agency_users, client_for):
    urls = _pages(r54.round)
    for role, user in users.items():
        client = client_for(user)
        for url in urls:
            status = client.get(url).status_code
            assert status == (200 if role in VIEWERS else 403), (role, url, status)
    # Aggregate figures are not scoped by agency: another agency's DTM officer sees them too.
    assert client_for(other_agency_users["dtm_officer"]).get(urls[4]).status_code == 200


def test_unknown_round_or_place_is_404(r54, users, client_for):
    client = client_for(users["dtm_officer"])
    missing = uuid.uuid4()
    assert client.get(reverse("dtm:round_detail", kwargs={"uuid": missing})).status_code == 404
    assert client.get(reverse("dtm:map_data", kwargs={"uuid": missing})).status_code == 404
    url = reverse("dtm:baladiya_detail", kwargs={"uuid": r54.round.uuid, "pcode": "LY999999"})
    assert client.get(url).status_code == 404
    url = reverse("dtm:round_export", kwargs={"uuid": r54.round.uuid, "fmt": "pdf"})
    assert client.get(url).status_code == 404


def test_round_detail_shows_the_summary_comparison(r54, users, client_for):
    response = client_for(users["me_officer"]).get(
        reverse("dtm:round_detail", kwargs={"uuid": r54.round.uuid})
    )
    html = response.content.decode()
    assert 'data-testid="round-total">787,326<' in html
    assert "Individuals (baladiya sheet)" in html
    assert "Totals match the published summary" in html
    assert "Tripoli" in html


def test_tripoli_drill_down(r54, users, client_for):
    url = reverse("dtm:baladiya_detail", kwargs={"uuid": r54.round.uuid, "pcode": "LY021104"})
    response = client_for(users["team_leader"]).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    muhallas = list(response.context["muhallas"])
    assert muhallas and all(m.baladiya.pcode == "LY021104" for m in muhallas)
    assert sum(m.individuals for m in muhallas) == response.context["figure"].individuals
    assert (
        sum(n["individuals"] for n in response.context["nationalities"])
        == response.context["figure"].individuals
    )
    assert response.context["needs"][0]["score"] >= response.context["needs"][-1]["score"]
    assert 'data-testid="muhalla-table"' in html and 'data-testid="priority-needs"' in html


def test_list_pages_query_counts(r54, users, client_for, django_assert_max_num_queries):
    client = client_for(users["dtm_officer"])
    for url in _pages(r54.round):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200


def test_map_data_has_a_circle_per_baladiya(r54, users, client_for):
    data = (
        client_for(users["caseworker"]).get(reverse("dtm:map_data", kwargs={"uuid": r54.round.uuid})).json()
    )
    assert len(data["features"]) == 100
    assert sum(f["properties"]["individuals"] for f in data["features"]) == 787_326


def test_main_page_renders_in_arabic(r54, users, client_for):
    client = client_for(users["dtm_officer"])
    with translation.override("ar"):
        response = client.get(
            reverse("dtm:round_detail", kwargs={"uuid": r54.round.uuid}), HTTP_ACCEPT_LANGUAGE="ar"
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html
    assert "طرابلس" in html  # Tripoli by its Arabic name


def test_planning_ranks_and_weights_change_the_order(r54, users, client_for):
    client = client_for(users["team_leader"])
    response = client.get(reverse("dtm:planning"))
    plan = response.context["plan"]
    assert plan[0]["rank"] == 1 and plan[0]["score"] >= plan[-1]["score"]
    assert "How the score is made" in response.content.decode()
    only_people = client.get(
        reverse("dtm:planning"), {"w_migrants": 100, "w_needs": 0, "w_shelter": 0, "w_arrivals": 0}
    ).context["plan"]
    assert [r["individuals"] for r in only_people] == sorted(
        (r["individuals"] for r in only_people), reverse=True
    )
    only_shelter = client.get(
        reverse("dtm:planning"), {"w_migrants": 0, "w_needs": 0, "w_shelter": 100, "w_arrivals": 0}
    ).context["plan"]
    assert only_shelter[0]["parts"]["without_shelter"] >= only_shelter[-1]["parts"]["without_shelter"]
    assert [r["unit"].pcode for r in only_people[:5]] != [r["unit"].pcode for r in only_shelter[:5]]
    baladiyas = client.get(reverse("dtm:planning"), {"level": "baladiya"}).context["plan"]
    assert all(r["unit"].level == 3 for r in baladiyas)


def test_hxl_csv_export_is_valid_hxl(r54, users, client_for):
    response = client_for(users["me_officer"]).get(
        reverse("dtm:round_export", kwargs={"uuid": r54.round.uuid, "fmt": "csv"})
    )
    data = hxl.data(io.BytesIO(response.content))
    tags = [column.display_tag for column in data.columns]
    for tag in ("#adm1+code", "#adm2+code", "#adm3+code", "#affected+migrants+ind", "#date+reported"):
        assert tag in tags
    rows = list(data)
    assert len(rows) == 100
    assert sum(int(row.get("#affected+migrants")) for row in rows) == 787_326
    assert {row.get("#date+reported") for row in rows} == {"2024-09-30"}


def test_hxl_xlsx_export_at_muhalla_level_is_valid_hxl(r54, users, client_for, tmp_path):
    url = reverse("dtm:round_export", kwargs={"uuid": r54.round.uuid, "fmt": "xlsx"})
    response = client_for(users["dtm_officer"]).get(url, {"level": "muhalla"})
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    data = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    tags = [column.display_tag for column in data.columns]
    assert "#adm4+code" in tags and "#affected+migrants+m+adults" in tags
    rows = list(data)
    assert len(rows) == 663
    assert sum(int(row.get("#affected+migrants+ind") or 0) for row in rows) == 787_326


# ---------------------------------------------------------------------------------------------
# Import from the UI: a job with progress
# ---------------------------------------------------------------------------------------------
def _post_import(client, workbook, number=54, key="k1"):
    return client.post(
        reverse("dtm:round_import"),
        {"file": workbook, "number": number, "population": "migrants", "idempotency_key": key},
    )


def test_import_page_role_matrix_and_refused_post_changes_nothing(gazetteer, users, client_for):
    for role, user in users.items():
        client = client_for(user)
        assert client.get(reverse("dtm:round_import")).status_code == (200 if role in IMPORTERS else 403)
        if role not in IMPORTERS:
            response = _post_import(client, build_workbook(), key=f"key-{role}")
            assert response.status_code == 403
    assert Round.objects.count() == 0
    assert Job.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="dtm.").exists()


def test_import_from_the_ui_runs_a_job(gazetteer, users, client_for, django_capture_on_commit_callbacks):
    client = client_for(users["dtm_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_import(client, build_workbook())
    job = Job.objects.get(kind="dtm.import_round")
    assert response.status_code == 302 and response.url == reverse(
        "core:job_detail", kwargs={"uuid": job.uuid}
    )
    assert job.status == Job.Status.SUCCEEDED, job.error
    round_ = Round.objects.get(number=54)
    assert round_.imported_by == users["dtm_officer"]
    assert job.result["round"] == str(round_.uuid)
    # The same form submitted again starts no second job.
    with django_capture_on_commit_callbacks(execute=True):
        again = _post_import(client, build_workbook())
    assert again.url == response.url
    assert Job.objects.filter(kind="dtm.import_round").count() == 1


def test_import_of_a_bad_file_from_the_ui_fails_the_job_with_the_report(
    gazetteer, users, client_for, django_capture_on_commit_callbacks
):
    client = client_for(users["me_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        _post_import(client, build_workbook(drop_sheets=("Nationalities",)))
    job = Job.objects.get(kind="dtm.import_round")
    assert job.status == Job.Status.FAILED
    assert "nothing was changed" in job.error
    assert "Sheet “Nationalities”: the sheet is missing." in job.error
    assert Round.objects.count() == 0
    page = client.get(reverse("core:job_detail", kwargs={"uuid": job.uuid})).content.decode()
    assert "the sheet is missing" in page


def test_dtm_grants_are_the_reviewed_ones():
    """The DTM rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("dtm")
