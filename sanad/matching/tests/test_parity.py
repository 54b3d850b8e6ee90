"""Web/API parity of the matching writes that name people (issue 13, item 2): merging two records,
undoing a merge, deciding a pair. The rules live in ``person_merge``, ``person_unmerge`` and
``pair_decide``: both records within the actor's scope of the right (``duplicates.merge``,
``duplicates.review``), whoever calls; the pages and the API only resolve the references.

Reviewed table (written from the rules, before the code was changed):

| write   | bad reference                                    | rule          | page | API                    |
|---------|--------------------------------------------------|---------------|------|------------------------|
| merge   | the merged record of another agency (the API     | out of scope  | n/a* | 400, ``merged``,       |
|         | names both records: it merged across agencies)   |               |      | = unknown (was 404)    |
| merge   | a pair between records of another agency         | out of scope  | 404  | 400, ``pair``, = unkn. |
| unmerge | a merge of another agency's records              | out of scope  | 404  | 404 (in the address)   |
| decide  | a pair of another agency's records               | out of scope  | 404  | 404 (in the address)   |
| merge   | (no right) a caseworker                          | missing right | 403  | 403                    |

(*) the page merges the two records of a pair the actor sees, so it cannot name a third. The
service refuses each out-of-scope reference itself (Http404) for any other caller. Nothing is
written on any refusal: no merge, no status change, no audit event.
"""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.urls import reverse

from sanad.core.models import AuditEvent
from sanad.matching.models import DuplicatePair, Merge
from sanad.matching.services import pair_decide, person_merge, person_unmerge, review_request
from sanad.registry.models import Person

pytestmark = pytest.mark.django_db


def _same(register, actor, given_name="Adam"):
    first = register(actor, given_name=given_name, family_name="Haroun", sex="M", date_of_birth="1991-03-12")
    second = register(actor, given_name=given_name, family_name="Harun", sex="M", date_of_birth="1991-03-12")
    return first, second


@pytest.fixture
def our_pair(users, register):
    first, second = _same(register, users["caseworker"])
    return review_request(actor=users["caseworker"], person=second, candidate=first)


@pytest.fixture
def their_pair(other_agency_users, register):
    first, second = _same(register, other_agency_users["caseworker"], "Ngozi")
    return review_request(actor=other_agency_users["caseworker"], person=second, candidate=first)


def _nothing_written(events_before):
    assert not Merge.objects.exists()
    assert not Person.objects.filter(status=Person.Status.MERGED).exists()
    assert AuditEvent.objects.filter(action__startswith="matching.").count() == events_before


def _events():
    return AuditEvent.objects.filter(action__startswith="matching.").count()


def test_a_merge_naming_a_record_of_another_agency_answers_as_an_unknown_one(
    users, api_client_for, our_pair, their_pair
):
    officer = users["me_officer"]
    ours, stranger = our_pair.person_a, their_pair.person_a
    events = _events()
    api = api_client_for(officer)
    refused = api.post(
        "/api/v1/merges/", {"survivor": str(ours.uuid), "merged": str(stranger.uuid)}, format="json"
    )
    unknown = api.post(
        "/api/v1/merges/", {"survivor": str(ours.uuid), "merged": str(uuid.uuid4())}, format="json"
    )
    assert refused.status_code == 400 and "merged" in refused.json()["error"]["fields"]
    assert refused.json() == unknown.json()
    with pytest.raises(Http404):
        person_merge(actor=officer, survivor=ours, merged=stranger)
    _nothing_written(events)


def test_a_pair_of_another_agency_answers_as_an_unknown_one(
    users, client_for, api_client_for, our_pair, their_pair
):
    officer = users["me_officer"]
    events = _events()
    api = api_client_for(officer)
    body = {"survivor": str(our_pair.person_a.uuid), "merged": str(our_pair.person_b.uuid)}
    refused = api.post("/api/v1/merges/", {**body, "pair": str(their_pair.uuid)}, format="json")
    unknown = api.post("/api/v1/merges/", {**body, "pair": str(uuid.uuid4())}, format="json")
    assert refused.status_code == 400 and "pair" in refused.json()["error"]["fields"]
    assert refused.json() == unknown.json()
    page = client_for(officer).post(
        reverse("matching:pair_merge", args=[their_pair.uuid]), {"survivor": str(their_pair.person_a.uuid)}
    )
    assert page.status_code == 404
    with pytest.raises(Http404):
        person_merge(actor=officer, survivor=their_pair.person_a, merged=their_pair.person_b, pair=their_pair)
    _nothing_written(events)


def test_undoing_a_merge_of_another_agency_is_404_on_both(
    users, other_agency_users, client_for, api_client_for, their_pair
):
    merge = person_merge(
        actor=other_agency_users["me_officer"], survivor=their_pair.person_a, merged=their_pair.person_b
    )
    events = _events()
    officer = users["me_officer"]
    assert api_client_for(officer).post(f"/api/v1/merges/{merge.uuid}/unmerge/").status_code == 404
    assert client_for(officer).post(reverse("matching:merge_unmerge", args=[merge.uuid])).status_code == 404
    with pytest.raises(Http404):
        person_unmerge(actor=officer, merge=merge)
    merge.refresh_from_db()
    assert merge.undone_at is None
    assert Person.objects.get(pk=their_pair.person_b_id).status == Person.Status.MERGED
    assert _events() == events


def test_deciding_a_pair_of_another_agency_is_404_on_both(users, client_for, api_client_for, their_pair):
    leader = users["team_leader"]
    events = _events()
    api = api_client_for(leader).post(
        f"/api/v1/duplicate-pairs/{their_pair.uuid}/decide/", {"decision": "different_people"}, format="json"
    )
    assert api.status_code == 404
    page = client_for(leader).post(
        reverse("matching:pair_decide", args=[their_pair.uuid]), {"decision": "different_people"}
    )
    assert page.status_code == 404
    with pytest.raises(Http404):
        pair_decide(actor=leader, pair=their_pair, decision="different_people")
    their_pair.refresh_from_db()
    assert their_pair.status == DuplicatePair.Status.OPEN and _events() == events


def test_merging_without_the_right_is_403_on_both(users, client_for, api_client_for, our_pair):
    worker = users["caseworker"]
    events = _events()
    body = {"survivor": str(our_pair.person_a.uuid), "merged": str(our_pair.person_b.uuid)}
    assert api_client_for(worker).post("/api/v1/merges/", body, format="json").status_code == 403
    page = client_for(worker).post(
        reverse("matching:pair_merge", args=[our_pair.uuid]), {"survivor": str(our_pair.person_a.uuid)}
    )
    assert page.status_code == 403
    _nothing_written(events)
