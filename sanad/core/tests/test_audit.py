"""The audit trail: append-only, the list page with its filters and scope, and the CSV export job."""

import codecs
import csv
import datetime
import io

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sanad.core.audit import audit_record
from sanad.core.models import AuditEvent, Job
from sanad.core.permissions import ALL_ROLES
from sanad.core.selectors.audit import audit_event_list
from sanad.core.services.audit_export import audit_export_start
from sanad.core.tests.role_matrix import REVIEWED

VIEWERS = set(REVIEWED["audit.view"])
EXPORTERS = set(REVIEWED["audit.export"])


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def events(users, other_agency_users, org):
    """Events by an actor of agency A, one of agency B, and one sensitive read."""
    a = audit_record(
        actor=users["caseworker"],
        action="core.team.update",
        obj=org.team,
        changes={"name": ["Old name", "فريق طرابلس"]},
    )
    b = audit_record(actor=other_agency_users["caseworker"], action="geo.site.create", obj=org.partner_team)
    s = audit_record(actor=users["medical"], action="registry.person.view", obj=org.team, sensitive_read=True)
    return {"a": a, "b": b, "sensitive": s}


# --- Append-only ----------------------------------------------------------------------------------
def test_instances_refuse_update_and_delete(events):
    event = events["a"]
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "core.team.update"


def test_querysets_refuse_update_and_delete(events):
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=events["a"].pk).delete()
    assert AuditEvent.objects.count() == 3


def test_django_admin_is_read_only(events, users):
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = users["system_admin"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, events["a"])
    assert not model_admin.has_delete_permission(request, events["a"])
    assert model_admin.get_actions(request) == {}


# --- Selector -------------------------------------------------------------------------------------
def test_agency_admin_sees_only_events_of_their_agencys_actors(events, users, other_agency_users):
    assert set(audit_event_list(actor=users["agency_admin"])) == {events["a"], events["sensitive"]}
    assert set(audit_event_list(actor=other_agency_users["agency_admin"])) == {events["b"]}
    assert set(audit_event_list(actor=users["auditor"])) >= {events["a"], events["b"], events["sensitive"]}
    assert not audit_event_list(actor=users["caseworker"]).exists()


def test_filters(events, users):
    auditor = users["auditor"]

    def found(**filters):
        return set(audit_event_list(actor=auditor, filters=filters)) & set(events.values())

    assert found(actor="CASEWORKER-tripoli-1") == {events["a"]}
    assert found(action="core.") == {events["a"]}
    assert found(action="registry") == {events["sensitive"]}
    assert found(object_type="core.team") == set(events.values())
    assert found(object_id=str(events["b"].object_uuid)) == {events["b"]}
    assert found(sensitive_only=True) == {events["sensitive"]}
    today = timezone.localdate()
    assert found(date_from=today, date_to=today) == set(events.values())
    assert found(date_from=today + datetime.timedelta(days=1)) == set()
    assert found(date_to=today - datetime.timedelta(days=1)) == set()


# --- Page -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ALL_ROLES)
def test_audit_list_role_matrix(role, users, client_for, events):
    response = client_for(users[role]).get(reverse("core:audit_list"))
    assert response.status_code == (200 if role in VIEWERS else 403)


def test_audit_list_page_filters_expands_changes_and_restricts_agency_admin(users, client_for, events):
    body = (
        client_for(users["auditor"]).get(reverse("core:audit_list"), {"action": "core.team"}).content.decode()
    )
    assert "core.team.update" in body and "geo.site.create" not in body
    assert "<details>" in body and "Old name" in body and "فريق طرابلس" in body
    body = client_for(users["agency_admin"]).get(reverse("core:audit_list")).content.decode()
    assert "core.team.update" in body and "geo.site.create" not in body
    body = (
        client_for(users["auditor"])
        .get(reverse("core:audit_list"), {"sensitive_only": "on"})
        .content.decode()
    )
    assert "registry.person.view" in body and "core.team.update" not in body


def test_audit_list_has_no_edit_or_delete(users, client_for, events):
    client = client_for(users["system_admin"])
    assert client.post(reverse("core:audit_list")).status_code == 405
    assert AuditEvent.objects.count() == 3


def test_audit_list_query_count(users, client_for, django_assert_max_num_queries, org):
    for i in range(60):
        audit_record(
            actor=users["caseworker"], action=f"core.test.{i}", obj=org.team, changes={"n": [i, i + 1]}
        )
    client = client_for(users["auditor"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("core:audit_list"))
    assert response.status_code == 200
    assert response.content.decode().count("core.test.") == 50  # one page


# --- Export ---------------------------------------------------------------------------------------
def _rows(job: Job) -> list[list[str]]:
    raw = job.result_file.open("rb").read()
    assert raw.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_export_end_to_end(users, other_team_users, client_for, events, django_capture_on_commit_callbacks):
    client = client_for(users["auditor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:audit_export"), {"action": "core.team", "actor": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:audit_list") + "?action=core.team"
    job = Job.objects.get(uuid=response["X-Sanad-Job"])
    assert job.status == Job.Status.SUCCEEDED and job.created_by == users["auditor"]
    rows = _rows(job)
    assert rows[0][:3] == ["time", "actor", "action"]
    assert [row[2] for row in rows[1:]] == ["core.team.update"]
    assert "فريق طرابلس" in rows[1][6]
    assert job.result["rows"] == 1
    exported = AuditEvent.objects.get(action="core.audit.export")
    assert exported.actor == users["auditor"] and exported.object_uuid == str(job.uuid)
    assert exported.changes["filters"][1] == {"action": "core.team"}

    # The page shows the job with its download link; only its owner may download.
    body = client.get(reverse("core:audit_list")).content.decode()
    download = reverse("core:job_download", args=[job.uuid])
    assert download in body
    content = b"".join(client.get(download).streaming_content)
    assert "فريق طرابلس".encode() in content
    assert client_for(other_team_users["auditor"]).get(download).status_code == 404
    assert client_for(users["data_protection_officer"]).get(download).status_code == 404


@pytest.mark.parametrize("role", sorted(VIEWERS - EXPORTERS) + ["caseworker"])
def test_export_refused_changes_nothing(role, users, client_for, events, django_capture_on_commit_callbacks):
    before_events, before_jobs = AuditEvent.objects.count(), Job.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users[role]).post(reverse("core:audit_export"), {})
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before_events and Job.objects.count() == before_jobs


def test_export_service_exports_everything_in_scope_with_progress(
    users, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = audit_export_start(actor=users["system_admin"], filters={})
    job.refresh_from_db()
    actions = [row[2] for row in _rows(job)[1:]]
    # Its own request (core.job.create and core.audit.export) is part of the trail too.
    assert {"core.team.update", "geo.site.create", "registry.person.view", "core.audit.export"} <= set(
        actions
    )
    assert job.total == len(actions) == job.progress


def test_export_writes_a_name_that_looks_like_a_formula_as_text(users, django_capture_on_commit_callbacks):
    typed = '=HYPERLINK("http://x","y")'
    audit_record(
        actor=users["caseworker"], action="registry.person.view", obj=users["caseworker"], object_repr=typed
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = audit_export_start(actor=users["system_admin"], filters={"action": "registry.person.view"})
    job.refresh_from_db()
    rows = _rows(job)
    assert [row[5] for row in rows[1:]] == ["'" + typed]
    assert AuditEvent.objects.get(action="registry.person.view").object_repr == typed


def test_a_bulk_write_records_the_same_rows_as_one_event_at_a_time(users, org):
    """The importer's events go through audit_record_bulk, whose rows are built by the same code
    as audit_record's: same actor, origin and object fields."""
    from sanad.core.audit import BulkEvent, audit_record_bulk
    from sanad.core.context import Origin, origin

    actor = users["caseworker"]
    here = Origin(channel="job", ip_address="10.0.0.7", user_agent="x" * 400, request_id="req-1")
    change = {"name": ["Old", "جديد"]}
    with origin(here):
        one = audit_record(actor=actor, action="core.team.update", obj=org.team, changes=change)
        written = audit_record_bulk(
            actor=actor,
            events=[
                BulkEvent("core.team.update", "core.team", org.team.uuid, str(org.team), change),
                BulkEvent("core.team.update", "core.team", org.team.uuid, "y" * 400, {}),
            ],
        )
    assert written == 2
    first, second = AuditEvent.objects.exclude(pk=one.pk).order_by("id")
    columns = [
        "actor_id", "actor_username", "ip_address", "user_agent", "channel", "request_id", "action",
        "object_type", "object_uuid", "object_repr", "changes", "is_sensitive_read",
    ]  # fmt: skip
    one.refresh_from_db()
    assert {c: getattr(first, c) for c in columns} == {c: getattr(one, c) for c in columns}
    assert (first.channel, first.user_agent, first.changes) == ("job", "x" * 300, change)
    assert len(second.object_repr) == 300 and second.changes == {}
    assert first.uuid != second.uuid and first.at is not None
    assert audit_record_bulk(actor=actor, events=[]) == 0
