"""Role matrix of the duplicate pages, scope (404), refused writes change nothing, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.core.models import AuditEvent, Job
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import REVIEWED, assert_role_matrix
from sanad.matching.models import DuplicatePair, Merge
from sanad.matching.services import person_merge, review_request
from sanad.registry.models import Person

pytestmark = pytest.mark.django_db

REVIEWERS = set(REVIEWED["duplicates.review"])
MERGERS = set(REVIEWED["duplicates.merge"])
RUNNERS = set(REVIEWED["duplicates.run"])


@pytest.fixture
def pair(users, register, adam):
    repeat = register(
        users["caseworker"],
        given_name="Adam",
        father_name="Ibraheem",
        family_name="Harun",
        sex="M",
        date_of_birth="1991-03-12",
        phones=["091 234 5678"],
    )
    return review_request(actor=users["caseworker"], person=repeat, candidate=adam)


def _pair_state(pair):
    pair.refresh_from_db()
    return (pair.status, pair.decided_by_id, pair.note)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_review_list_role_matrix(role, users, client_for, pair):
    response = client_for(users[role]).get(reverse("matching:review_list"))
    if role in REVIEWERS:
        assert response.status_code == 200
        assert pair.person_a.reference in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pair_detail_role_matrix(role, users, client_for, pair):
    response = client_for(users[role]).get(reverse("matching:pair_detail", args=[pair.uuid]))
    if role in REVIEWERS:
        assert response.status_code == 200
        body = response.content.decode()
        assert "Same given name" in body and "table-success" in body
    else:
        assert response.status_code == 403


def test_other_agency_reviewer_sees_no_pair_and_gets_404(other_agency_users, client_for, pair):
    client = client_for(other_agency_users["team_leader"])
    listing = client.get(reverse("matching:review_list"))
    assert listing.status_code == 200 and pair.person_a.reference not in listing.content.decode()
    assert client.get(reverse("matching:pair_detail", args=[pair.uuid])).status_code == 404
    events = AuditEvent.objects.count()
    response = client.post(reverse("matching:pair_decide", args=[pair.uuid]), {"decision": "same_person"})
    assert response.status_code == 404
    assert _pair_state(pair) == ("open", None, "")
    assert AuditEvent.objects.count() == events


def test_decide_refused_for_caseworker_and_done_by_team_leader(users, client_for, pair):
    events = AuditEvent.objects.count()
    refused = client_for(users["caseworker"]).post(
        reverse("matching:pair_decide", args=[pair.uuid]), {"decision": "same_person"}
    )
    assert refused.status_code == 403
    assert _pair_state(pair) == ("open", None, "")
    assert AuditEvent.objects.count() == events
    done = client_for(users["team_leader"]).post(
        reverse("matching:pair_decide", args=[pair.uuid]),
        {"decision": "different_people", "note": "brothers"},
    )
    assert done.status_code == 302
    assert _pair_state(pair) == ("different_people", users["team_leader"].pk, "brothers")


@pytest.mark.parametrize("role", sorted(REVIEWERS))
def test_merge_from_pair_page(role, users, client_for, pair):
    events = AuditEvent.objects.count()
    response = client_for(users[role]).post(
        reverse("matching:pair_merge", args=[pair.uuid]), {"survivor": str(pair.person_a.uuid)}
    )
    merged = Person.objects.get(pk=pair.person_b_id)
    if role in MERGERS:
        assert response.status_code == 302
        assert merged.status == Person.Status.MERGED and merged.merged_into_id == pair.person_a_id
    else:
        assert response.status_code == 403
        assert merged.status == Person.Status.ACTIVE and not Merge.objects.exists()
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ALL_ROLES)
def test_merge_history_and_unmerge_role_matrix(role, users, client_for, pair):
    merge = person_merge(actor=users["team_leader"], survivor=pair.person_a, merged=pair.person_b, pair=pair)
    client = client_for(users[role])
    listing = client.get(reverse("matching:merge_list"))
    events = AuditEvent.objects.count()
    response = client.post(reverse("matching:merge_unmerge", args=[merge.uuid]))
    merge.refresh_from_db()
    if role in MERGERS:
        assert listing.status_code == 200 and pair.person_b.reference in listing.content.decode()
        assert response.status_code == 302 and merge.is_undone
    else:
        assert listing.status_code == 403 and response.status_code == 403
        assert not merge.is_undone and AuditEvent.objects.count() == events


def test_unmerge_from_another_agency_is_404(users, other_agency_users, client_for, pair):
    merge = person_merge(actor=users["team_leader"], survivor=pair.person_a, merged=pair.person_b, pair=pair)
    response = client_for(other_agency_users["me_officer"]).post(
        reverse("matching:merge_unmerge", args=[merge.uuid])
    )
    assert response.status_code == 404
    merge.refresh_from_db()
    assert not merge.is_undone


@pytest.mark.parametrize("role", ALL_ROLES)
def test_run_page_role_matrix(role, users, client_for, pair, django_capture_on_commit_callbacks):
    client = client_for(users[role])
    page = client.get(reverse("matching:run"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:run"))
    if role in RUNNERS:
        assert page.status_code == 200 and response.status_code == 302
        job = Job.objects.get(kind="matching.find_duplicates")
        assert job.status == Job.Status.SUCCEEDED, job.error
        assert job.result["records"] == 2
        assert client.get(reverse("matching:run")).status_code == 200
    else:
        assert page.status_code == 403 and response.status_code == 403
        assert not Job.objects.filter(kind="matching.find_duplicates").exists()


def test_review_list_query_count(users, register, client_for, django_assert_max_num_queries):
    actor = users["caseworker"]
    people = [
        register(actor, given_name="Salem", father_name="Ali", family_name=f"Family{n}", sex="M")
        for n in range(8)
    ]
    for first, second in zip(people, people[1:], strict=False):
        review_request(actor=actor, person=first, candidate=second, match_weight=6.0)
    client = client_for(users["team_leader"])
    client.get(reverse("matching:review_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("matching:review_list"))
    assert (
        response.content.decode().count(
            reverse("matching:pair_detail", args=[DuplicatePair.objects.first().uuid])
        )
        == 2
    )
    assert DuplicatePair.objects.count() == 7


def test_review_list_filters(users, client_for, pair):
    client = client_for(users["team_leader"])
    assert (
        pair.person_a.reference
        in client.get(reverse("matching:review_list"), {"source": "realtime"}).content.decode()
    )
    assert (
        pair.person_a.reference
        not in client.get(reverse("matching:review_list"), {"source": "batch"}).content.decode()
    )
    assert (
        pair.person_a.reference
        not in client.get(reverse("matching:review_list"), {"status": "same_person"}).content.decode()
    )


def test_duplicate_pages_render_in_arabic_right_to_left(users, client_for, pair):
    client = client_for(users["me_officer"])
    pages = {
        reverse("matching:review_list"): "السجلات المكررة المحتملة",
        reverse("matching:pair_detail", args=[pair.uuid]): "الاسم الأول نفسه",
        reverse("matching:merge_list"): "سجل عمليات الدمج",
        reverse("matching:run"): "البحث عن السجلات المكررة",
    }
    for url, arabic in pages.items():
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert '<html lang="ar" dir="rtl">' in html, url
        assert "bootstrap.rtl.min.css" in html, url
        assert arabic in html, url
    # The decision buttons are translated too.
    detail = client.get(reverse("matching:pair_detail", args=[pair.uuid]), HTTP_ACCEPT_LANGUAGE="ar")
    assert "الشخص نفسه" in detail.content.decode()


# Reviewed: who reviews possible duplicates, and who may open the merge history from that page.
MERGE_HISTORY_LINK = {"me_officer": True, "team_leader": True, "data_protection_officer": False}


@pytest.mark.parametrize(("role", "linked"), MERGE_HISTORY_LINK.items())
def test_review_list_links_the_merge_history_only_to_who_may_open_it(role, linked, users, client_for, pair):
    client = client_for(users[role])
    page = client.get(reverse("matching:review_list")).content.decode()
    merges = reverse("matching:merge_list")
    assert (f'href="{merges}"' in page) is linked
    assert client.get(merges).status_code == (200 if linked else 403)


def test_duplicate_grants_are_the_reviewed_ones():
    """The duplicate rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("duplicates")
