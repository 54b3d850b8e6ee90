"""Pages: role matrix, scope (404), sensitivity, the web form, the result page, alerts, My work."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanad.assessments.models import Assessment, InstrumentVersion, SafetyAlert
from sanad.assessments.services import assessment_record
from sanad.assessments.tests.conftest import answers, form_text, register
from sanad.core.models import AuditEvent
from sanad.core.permissions import ALL_ROLES, Scope
from sanad.core.tests.role_matrix import REVIEWED, assert_role_matrix

pytestmark = pytest.mark.django_db

VIEWERS = set(REVIEWED["assessments.view"])
# Administrators see only what a safety alert was addressed to them about: another's record is a 404.
OWN_VIEWERS = {role for role, scope in REVIEWED["assessments.view"].items() if scope == Scope.OWN}
RECORDERS = set(REVIEWED["assessments.record"])
INSTRUMENT_VIEWERS = set(REVIEWED["instruments.view"])
MANAGERS = set(REVIEWED["instruments.manage"])


def record(actor, person, instrument="engine_test", **changes) -> Assessment:
    return assessment_record(
        actor=actor, person=person, instrument_code=instrument, answers=answers(**changes)
    )


@pytest.fixture
def assessment(users, person, engine_version):
    return record(users["caseworker"], person, detained="yes", needs=["food"])


# --- role matrix -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_list_page_role_matrix(users, client_for, assessment, role):
    response = client_for(users[role]).get(reverse("assessments:list"))
    assert response.status_code == (200 if role in VIEWERS else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_detail_page_role_matrix(users, client_for, assessment, role):
    response = client_for(users[role]).get(reverse("assessments:detail", args=[assessment.uuid]))
    expected = (404 if role in OWN_VIEWERS else 200) if role in VIEWERS else 403
    assert response.status_code == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_instrument_page_role_matrix(users, client_for, engine_version, role):
    response = client_for(users[role]).get(reverse("assessments:instrument_list"))
    assert response.status_code == (200 if role in INSTRUMENT_VIEWERS else 403)
    if response.status_code == 200:
        assert (b'id="upload"' in response.content) is (role in MANAGERS)
        download = client_for(users[role]).get(
            reverse("assessments:version_download", args=[engine_version.uuid])
        )
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"# A form")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_form_page_role_matrix(users, client_for, person, engine_version, role):
    client = client_for(users[role])
    start = client.get(reverse("assessments:start", args=[person.uuid]))
    page = client.get(reverse("assessments:record", args=[person.uuid, "engine_test"]))
    expected = 200 if role in RECORDERS else 403
    assert (start.status_code, page.status_code) == (expected, expected)
    post = client.post(
        reverse("assessments:record", args=[person.uuid, "engine_test"]),
        {"q-full_name": "M", "q-age": "30", "q-sex": "m", "q-detained": "no", "q-hh_size": "1"},
    )
    assert post.status_code == (302 if role in RECORDERS else 403)
    assert Assessment.objects.count() == (1 if role in RECORDERS else 0)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_upload_role_matrix(users, client_for, role):
    upload = SimpleUploadedFile("engine_test.md", form_text().encode(), content_type="text/markdown")
    response = client_for(users[role]).post(reverse("assessments:instrument_list"), {"file": upload})
    if role in MANAGERS:
        assert response.status_code == 302
        assert InstrumentVersion.objects.count() == 1
    else:
        assert response.status_code == 403
        assert not InstrumentVersion.objects.exists()


def test_out_of_scope_is_404(users, other_agency_users, other_team_users, client_for, assessment, person):
    for actor in (other_agency_users["caseworker"], other_agency_users["team_leader"]):
        client = client_for(actor)
        assert client.get(reverse("assessments:detail", args=[assessment.uuid])).status_code == 404
        assert client.get(reverse("assessments:record", args=[person.uuid, "engine_test"])).status_code == 404
    # Same agency, another team: caseworkers see their agency's assessments (scope "agency").
    assert (
        client_for(other_team_users["caseworker"])
        .get(reverse("assessments:detail", args=[assessment.uuid]))
        .status_code
        == 200
    )
    response = client_for(other_agency_users["caseworker"]).get(reverse("assessments:list"))
    assert str(assessment.uuid) not in response.content.decode()


def test_unknown_instrument_is_404(users, client_for, person):
    assert (
        client_for(users["caseworker"])
        .get(reverse("assessments:record", args=[person.uuid, "nope"]))
        .status_code
        == 404
    )


# --- list: filters, query count, sensitive rows ------------------------------------------------


def test_list_filters_and_query_count(users, client_for, person, engine_version, sensitive_version):
    caseworker = users["caseworker"]
    for index in range(6):
        patient = register(caseworker, given_name=f"Person{index}")
        record(
            caseworker,
            patient,
            detained="yes" if index % 2 else "no",
            needs=["food", "nfi"] if index % 2 else None,
        )
        record(caseworker, patient, instrument="mh_test")
    client = client_for(users["team_leader"])
    client.get(reverse("assessments:list"))  # warm caches (session, sites)
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("assessments:list"))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="assessment-row"') == 12
    for index in range(6, 12):
        patient = register(caseworker, given_name=f"Person{index}")
        record(caseworker, patient)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("assessments:list"))
    assert response.content.decode().count('data-testid="assessment-row"') == 18
    assert len(more.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 15

    filtered = client.get(reverse("assessments:list"), {"priority": "high"})
    assert filtered.content.decode().count('data-testid="assessment-row"') == 3
    by_instrument = client.get(reverse("assessments:list"), {"instrument": "mh_test"})
    assert by_instrument.content.decode().count('data-testid="assessment-row"') == 6


def test_sensitive_assessments_hide_names_and_answer_404(
    users, other_team_users, client_for, person, sensitive_version
):
    sensitive = record(users["caseworker"], person, instrument="mh_test")
    # A caseworker of another team (same agency) may list it, without the name, and not open it.
    other = client_for(other_team_users["caseworker"])
    listing = other.get(reverse("assessments:list")).content.decode()
    assert 'data-testid="hidden-name"' in listing and "Mohamed" not in listing
    assert other.get(reverse("assessments:detail", args=[sensitive.uuid])).status_code == 404
    # The recorder, an MHPSS officer of the unit and the team leader see it; each read is audited.
    for actor in (users["caseworker"], users["mhpss_officer"], users["team_leader"]):
        response = client_for(actor).get(reverse("assessments:detail", args=[sensitive.uuid]))
        assert response.status_code == 200, actor
        assert "Mohamed" in response.content.decode()
    reads = AuditEvent.objects.filter(action="assessments.assessment.read", object_uuid=str(sensitive.uuid))
    assert reads.count() == 3 and all(event.is_sensitive_read for event in reads)
    # A protection caseworker (another domain) does not see an MHPSS instrument of others.
    assert (
        client_for(users["protection_caseworker"])
        .get(reverse("assessments:detail", args=[sensitive.uuid]))
        .status_code
        == 404
    )
    # The person page leaves it out for those who may not see it.
    page = client_for(other_team_users["caseworker"]).get(
        reverse("registry:person_detail", args=[person.uuid])
    )
    if page.status_code == 200:
        assert reverse("assessments:detail", args=[sensitive.uuid]) not in page.content.decode()


# --- the web form ------------------------------------------------------------------------------


def form_url(person):
    return reverse("assessments:record", args=[person.uuid, "engine_test"])


def test_form_renders_in_arabic_with_logic(users, client_for, person, engine_version):
    client = client_for(users["caseworker"])
    response = client.get(form_url(person), HTTP_ACCEPT_LANGUAGE="ar")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="assessment-logic"' in content and "skiplogic.js" in content
    assert 'name="q-age"' in content
    assert 'name="idempotency_key"' in content


def test_failed_submit_keeps_every_answer(users, client_for, person, engine_version):
    client = client_for(users["caseworker"])
    response = client.post(
        form_url(person),
        {
            "q-full_name": "Mohamed Ali",
            "q-age": "300",
            "q-sex": "m",
            "q-detained": "no",
            "q-needs": ["food", "other"],
            "q-hh_size": "3",
            "n-children": "1",
            "q-children.0.child_age": "4",
            "idempotency_key": "abc",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="Mohamed Ali"' in content and 'value="300"' in content
    assert "Age must be 0 to 120" in content
    assert "This question is required." in content  # needs_other, now relevant
    assert 'value="4"' in content and 'name="q-children.0.child_age"' in content
    assert content.count("checked") >= 4  # sex, detained, two needs
    assert 'value="abc"' in content  # the same idempotency key
    assert not Assessment.objects.exists()


def test_repeat_entries_are_added_without_losing_answers(users, client_for, person, engine_version):
    client = client_for(users["caseworker"])
    data = {
        "q-full_name": "M",
        "q-age": "30",
        "q-detained": "no",
        "q-hh_size": "3",
        "n-children": "0",
        "_add": "children",
    }
    response = client.post(form_url(person), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="q-children.0.child_age"' in content and 'value="M"' in content
    assert not Assessment.objects.exists()


def test_submit_records_and_shows_the_result(users, client_for, person, engine_version):
    client = client_for(users["caseworker"])
    data = {
        "q-full_name": "M",
        "q-age": "30",
        "q-sex": "f",
        "q-pregnant": "yes",
        "q-detained": "yes",
        "q-needs": ["food", "nfi"],
        "q-hh_size": "2",  # in a group that is not relevant when detained: ignored
        "idempotency_key": "key-1",
    }
    response = client.post(form_url(person), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert "hh_size" not in assessment.answers
    assert client.post(form_url(person), data).status_code == 302
    assert Assessment.objects.count() == 1  # the retried submission did not record twice
    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="priority"' in content and "High" in content
    assert "Severe" in content  # the band label from sanad_bands
    assert "Score: 5" in content  # the result note
    assert "Currently or recently detained" in content  # the flag added to the person
    assert "Health — sexual and reproductive health" in content
    assert "Food" in content and "Non-food items" in content
    # Next steps link to the referral and case pages with the person and the assessment.
    assert (
        f"{reverse('referrals:create')}?person={person.uuid}&amp;assessment={assessment.uuid}&amp;need=health_srh"
        in content
    )
    assert f"{reverse('cases:open')}?person={person.uuid}&amp;assessment={assessment.uuid}" in content
    person.refresh_from_db()
    assert set(person.flags.values_list("flag", flat=True)) == {"detained", "pregnant_lactating"}


def test_person_page_section_and_timeline(users, client_for, person, assessment):
    response = client_for(users["caseworker"]).get(reverse("registry:person_detail", args=[person.uuid]))
    content = response.content.decode()
    assert 'data-testid="person-assessments"' in content
    assert reverse("assessments:start", args=[person.uuid]) in content
    assert content.count(reverse("assessments:detail", args=[assessment.uuid])) >= 2  # section + timeline


# --- safety alert, end to end ------------------------------------------------------------------


def test_safety_alert_end_to_end(users, client_for, person, engine_version):
    caseworker = client_for(users["caseworker"])
    response = caseworker.post(
        form_url(person),
        {"q-full_name": "M", "q-age": "16", "q-sex": "m", "q-detained": "yes", "idempotency_key": "k"},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    alert = SafetyAlert.objects.get(assessment=assessment)
    detail_url = reverse("assessments:detail", args=[assessment.uuid])
    assert 'data-testid="safety-alert"' in caseworker.get(detail_url).content.decode()

    leader = client_for(users["team_leader"])
    work = leader.get(reverse("core:my_work")).content.decode()
    assert detail_url in work and "Safety alert" in work
    assert (
        'data-testid="person-safety-alert"'
        in leader.get(reverse("registry:person_detail", args=[person.uuid])).content.decode()
    )
    assert detail_url not in caseworker.get(reverse("core:my_work")).content.decode()

    acknowledge = reverse("assessments:alert_acknowledge", args=[alert.uuid])
    assert caseworker.post(acknowledge, {"note": "seen"}).status_code == 403
    assert leader.post(acknowledge, {"note": ""}).status_code == 400
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    assert (
        leader.post(acknowledge, {"note": "Met the person; referred to psychiatric care."}).status_code == 302
    )
    alert.refresh_from_db()
    assert alert.acknowledged_by == users["team_leader"]
    assert detail_url not in leader.get(reverse("core:my_work")).content.decode()
    assert "referred to psychiatric care" in leader.get(detail_url).content.decode()


def test_upload_page_shows_row_errors_and_refuses_the_same_version(users, client_for, engine_version):
    client = client_for(users["system_admin"])
    bad = form_text(version="9").replace(". >= 1 | At least 1", ". >= | At least 1")
    response = client.post(
        reverse("assessments:instrument_list"),
        {"file": SimpleUploadedFile("engine_test.md", bad.encode())},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 400
    assert "(hh_size): constraint" in response.content.decode()
    same = client.post(
        reverse("assessments:instrument_list"),
        {"file": SimpleUploadedFile("engine_test.md", form_text().encode())},
    )
    assert same.status_code == 400 and "already loaded" in same.content.decode()
    assert InstrumentVersion.objects.count() == 1


def test_instrument_page_query_count(users, client_for, engine_version, sensitive_version):
    from sanad.assessments.tests.conftest import upload_form

    client = client_for(users["caseworker"])
    client.get(reverse("assessments:instrument_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("assessments:instrument_list"))
    upload_form("x.md", text=form_text(form_id="third_form"))
    upload_form("y.md", text=form_text(form_id="third_form", version="2"))
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("assessments:instrument_list"))
    assert response.content.decode().count('data-testid="instrument"') == 3
    assert len(more.captured_queries) == len(few.captured_queries) <= 12


def test_assessment_grants_are_the_reviewed_ones():
    """The assessment rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("instruments", "assessments")
