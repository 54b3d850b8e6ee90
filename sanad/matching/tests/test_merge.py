"""Merge and unmerge: everything moves to the survivor, and unmerge restores exactly what moved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.matching.models import DuplicatePair, Merge
from sanad.matching.realtime import find_candidates
from sanad.matching.services import pair_decide, person_merge, person_unmerge, review_request
from sanad.names.keys import name_key
from sanad.registry.models import Person
from sanad.registry.services import consent_record, person_add_registration, person_set_flags

pytestmark = pytest.mark.django_db


def _state(person: Person) -> dict:
    person.refresh_from_db()
    return {
        "status": person.status,
        "merged_into": person.merged_into_id,
        "household": person.household_id,
        "relationship": person.relationship,
        "other_names": list(person.other_names),
        "registrations": sorted(person.registrations.values_list("pk", flat=True)),
        "phones": sorted(person.phones.values_list("pk", "number")),
        "documents": sorted(person.documents.values_list("pk", flat=True)),
        "flags": sorted(person.flags.values_list("pk", "flag")),
        "consents": sorted(person.consents.values_list("pk", flat=True)),
        "name_keys": sorted(person.name_keys.values_list("part", "key")),
    }


@pytest.fixture
def two_records(users, register, register_household, adam):
    actor = users["caseworker"]
    household = register_household(
        actor,
        [
            {
                "given_name": "Adem",
                "father_name": "Ibrahim",
                "family_name": "Harun",
                "phones": ["0912345678", "0925550000"],
                "documents": [{"document_type": "unhcr", "number": "UN-77"}],
                "relationship": "head",
            },
            {"given_name": "Zara", "family_name": "Harun", "relationship": "spouse"},
        ],
    )
    repeat = household.head
    person_set_flags(actor=actor, person=repeat, flags=["disability", "older_person"])
    person_set_flags(actor=actor, person=adam, flags=["disability"])
    consent_record(actor=actor, person=repeat, purpose="referral")
    person_add_registration(actor=actor, person=repeat, registration_channel="office")
    return adam, repeat


def test_merge_moves_everything_and_unmerge_restores_it(users, two_records):
    adam, repeat = two_records
    lead = users["team_leader"]
    survivor_before, merged_before = _state(adam), _state(repeat)
    household = repeat.household
    pair = review_request(actor=users["caseworker"], person=repeat, candidate=adam)

    merge = person_merge(actor=lead, survivor=adam, merged=repeat, pair=pair)

    survivor, merged = _state(adam), _state(repeat)
    assert merged["status"] == Person.Status.MERGED and merged["merged_into"] == adam.pk
    assert merged["household"] is None
    assert survivor["household"] == household.pk
    household.refresh_from_db()
    assert household.head_id == adam.pk
    assert set(survivor["registrations"]) == set(
        survivor_before["registrations"] + merged_before["registrations"]
    )
    # The shared phone stays with the merged record; the other one moves.
    assert [n for _pk, n in survivor["phones"]] == ["+218912345678", "+218925550000"]
    assert len(survivor["documents"]) == 2
    assert sorted(f for _pk, f in survivor["flags"]) == ["disability", "older_person"]
    assert len(survivor["consents"]) == len(survivor_before["consents"]) + len(merged_before["consents"])
    assert ("given", name_key("Adem")) in survivor["name_keys"]
    assert "Adem Ibrahim Harun" in survivor["other_names"]
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.SAME_PERSON and pair.decided_by == lead
    assert set(merge.moved) >= {"registrations", "phones", "documents", "flags", "consents", "name_keys"}
    assert AuditEvent.objects.filter(action="matching.person.merge", object_uuid=str(merge.uuid)).exists()
    # The merged record is no longer proposed; the survivor is found under the merged spelling.
    found = find_candidates(actor=lead, given_name="Adem", father_name="Ibrahim", family_name="Harun")
    assert [c.person for c in found] == [adam]

    person_unmerge(actor=lead, merge=merge)

    assert _state(adam) == survivor_before
    assert _state(repeat) == merged_before
    household.refresh_from_db()
    assert household.head_id == repeat.pk
    merge.refresh_from_db()
    assert merge.undone_by == lead and merge.undone_at is not None
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN
    assert AuditEvent.objects.filter(action="matching.person.unmerge", object_uuid=str(merge.uuid)).exists()
    with pytest.raises(DomainError):
        person_unmerge(actor=lead, merge=merge)


def test_refused_merges_change_nothing(users, two_records):
    adam, repeat = two_records
    before = (_state(adam), _state(repeat), AuditEvent.objects.count())
    with pytest.raises(DomainError):
        person_merge(actor=users["caseworker"], survivor=adam, merged=repeat)
    with pytest.raises(ValidationError):
        person_merge(actor=users["team_leader"], survivor=adam, merged=adam)
    pair = review_request(actor=users["caseworker"], person=repeat, candidate=adam)
    pair_decide(actor=users["team_leader"], pair=pair, decision="different_people")
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError):
        person_merge(actor=users["team_leader"], survivor=adam, merged=repeat)
    assert (_state(adam), _state(repeat)) == before[:2]
    assert AuditEvent.objects.count() == events
    assert not Merge.objects.exists()


def test_pair_decide_validates_and_audits(users, two_records):
    adam, repeat = two_records
    pair = review_request(actor=users["caseworker"], person=repeat, candidate=adam)
    with pytest.raises(ValidationError):
        pair_decide(actor=users["team_leader"], pair=pair, decision="maybe")
    with pytest.raises(DomainError):
        pair_decide(actor=users["caseworker"], pair=pair, decision="same_person")
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN
    pair_decide(actor=users["team_leader"], pair=pair, decision="same_person", note="Same passport photo")
    pair.refresh_from_db()
    assert (pair.status, pair.note, pair.decided_by) == (
        "same_person",
        "Same passport photo",
        users["team_leader"],
    )
    assert AuditEvent.objects.filter(action="matching.pair.decide", object_uuid=str(pair.uuid)).count() == 1
