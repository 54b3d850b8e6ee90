"""Registry services: validation, idempotency, audit, name keys, households in one transaction."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.names.keys import name_key
from sanad.registry.models import Consent, DatePrecision, Household, NameKey, Person, Registration
from sanad.registry.services import (
    consent_record,
    consent_withdraw,
    household_add_member,
    household_register,
    household_remove_member,
    person_add_registration,
    person_register,
    person_set_flags,
    person_update,
    registration_submit,
)
from sanad.registry.validation import document_number_normalise, phone_normalise

pytestmark = pytest.mark.django_db

MOBILE = Registration.Channel.MOBILE_TEAM


def register(actor, **data):
    data.setdefault("given_name", "Mohamed")
    data.setdefault("family_name", "Ali")
    return person_register(actor=actor, data=data, registration_channel=MOBILE)


def test_register_creates_everything_and_is_audited(users, org):
    actor = users["caseworker"]
    person = register(
        actor,
        given_name_ar="محمد",
        sex="M",
        date_of_birth="1990-05-04",
        nationality="sdn",
        phones=["091 234 5678", "+234 803 123 4567"],
        documents=[{"document_type": "passport", "number": "p 12-345 678", "issuing_country": "SDN"}],
        flags=["disability"],
        consents=[{"purpose": "registration", "given_by": ""}],
    )
    assert person.reference.endswith("-00001")
    assert person.agency == org.agency and person.team == org.team and person.unit == org.unit
    assert person.nationality == "SDN"
    phones = list(person.phones.order_by("-is_primary").values_list("number", "as_typed", "is_primary"))
    assert phones == [("+218912345678", "091 234 5678", True), ("+2348031234567", "+234 803 123 4567", False)]
    assert person.documents.get().number_normalised == "P12345678"
    assert list(person.flags.values_list("flag", flat=True)) == ["disability"]
    assert person.consents.get().purpose == "registration"
    assert person.registrations.count() == 1
    keys = set(person.name_keys.values_list("part", "key"))
    assert {("given", name_key("Mohamed")), ("family", name_key("Ali"))} <= keys
    event = AuditEvent.objects.get(action="registry.person.register")
    assert event.object_uuid == str(person.uuid)
    assert event.changes["given_name"] == [None, "Mohamed"]
    assert event.changes["phones"] == [None, ["+218912345678", "+2348031234567"]]


def test_register_is_idempotent(users):
    actor = users["caseworker"]
    first = person_register(
        actor=actor, data={"given_name": "Aisha"}, registration_channel=MOBILE, idempotency_key="k1"
    )
    again = person_register(
        actor=actor, data={"given_name": "Aisha"}, registration_channel=MOBILE, idempotency_key="k1"
    )
    assert first == again
    assert Person.objects.count() == 1
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date_of_birth": timezone.localdate() + datetime.timedelta(days=1)}, "date_of_birth"),
        ({"nationality": "ZZZ"}, "nationality"),
        ({"phones": ["12"]}, "phones"),
        ({"phones": ["not a phone"]}, "phones"),
        ({"sex": "Q"}, "sex"),
        ({"flags": ["nonsense"]}, "flags"),
        ({"given_name": "", "family_name": ""}, "given_name"),
        ({"date_of_birth": "31/12/1990"}, "date_of_birth"),
        ({"date_of_birth_precision": "estimated", "age": 300}, "age"),
    ],
)
def test_register_refuses_bad_input_and_changes_nothing(users, data, field):
    with pytest.raises(ValidationError) as caught:
        register(users["caseworker"], **data)
    assert field in caught.value.message_dict
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="registry.").exists()


def test_date_precision_is_normalised(users):
    actor = users["caseworker"]
    year_only = register(actor, date_of_birth="1990-06-15", date_of_birth_precision="year")
    assert year_only.date_of_birth == datetime.date(1990, 1, 1)
    from_age = register(actor, date_of_birth_precision="estimated", age=30)
    assert from_age.date_of_birth == datetime.date(timezone.localdate().year - 30, 1, 1)
    assert from_age.date_of_birth_precision == DatePrecision.ESTIMATED


def test_a_role_without_register_is_refused(users):
    with pytest.raises(DomainError):
        register(users["logistics_officer"])
    assert Person.objects.count() == 0


def test_update_audits_before_after_and_rebuilds_name_keys(users):
    actor = users["caseworker"]
    person = register(actor, given_name="Mohamed")
    person_update(actor=actor, person=person, data={"given_name": "Ibrahim", "phones": ["0912345678"]})
    keys = set(NameKey.objects.filter(person=person).values_list("part", "key"))
    assert ("given", name_key("Ibrahim")) in keys and ("given", name_key("Mohamed")) not in keys
    event = AuditEvent.objects.get(action="registry.person.update")
    assert event.changes["given_name"] == ["Mohamed", "Ibrahim"]
    assert event.changes["phones"] == [[], ["+218912345678"]]


def test_update_with_bad_input_changes_nothing(users):
    actor = users["caseworker"]
    person = register(actor, given_name="Mohamed")
    with pytest.raises(ValidationError):
        person_update(actor=actor, person=person, data={"given_name": "Ibrahim", "nationality": "ZZZ"})
    person.refresh_from_db()
    assert person.given_name == "Mohamed"
    assert not AuditEvent.objects.filter(action="registry.person.update").exists()


def test_add_registration_links_instead_of_duplicating(users, other_team_users, org):
    person = register(users["caseworker"], phones=["0912345678"])
    registration = person_add_registration(
        actor=other_team_users["caseworker"],
        person=person,
        registration_channel=MOBILE,
        phones=["0923456789"],
        idempotency_key="again",
    )
    assert registration.team == org.other_team
    again = person_add_registration(
        actor=other_team_users["caseworker"],
        person=person,
        registration_channel=MOBILE,
        phones=["0923456789"],
        idempotency_key="again",
    )
    assert again == registration
    assert Person.objects.count() == 1
    assert person.registrations.count() == 2
    assert set(person.phones.values_list("number", flat=True)) == {"+218912345678", "+218923456789"}
    assert AuditEvent.objects.filter(action="registry.person.add_registration").count() == 1


def test_register_with_link_to_adds_a_registration(users):
    person = register(users["caseworker"])
    linked = registration_submit(
        actor=users["team_leader"],
        head={"given_name": "Muhammad"},
        registration_channel=MOBILE,
        decision="link",
        candidate=person,
    ).person
    assert linked == person
    assert Person.objects.count() == 1 and person.registrations.count() == 2


def test_household_registers_members_in_one_transaction(users):
    actor = users["caseworker"]
    household = household_register(
        actor=actor,
        registration_channel=MOBILE,
        members=[
            {"given_name_ar": "أحمد", "family_name_ar": "الطاهر", "sex": "M", "relationship": "head"},
            {"given_name_ar": "فاطمة", "family_name_ar": "الطاهر", "sex": "F", "relationship": "spouse"},
        ],
        idempotency_key="hh",
    )
    assert household.head.given_name_ar == "أحمد"
    assert set(household.members.values_list("relationship", flat=True)) == {"head", "spouse"}
    assert (
        household_register(
            actor=actor, registration_channel=MOBILE, members=[{"given_name": "x"}], idempotency_key="hh"
        )
        == household
    )
    assert Household.objects.count() == 1 and Person.objects.count() == 2


def test_household_with_a_failing_member_leaves_nothing(users):
    with pytest.raises(ValidationError) as caught:
        household_register(
            actor=users["caseworker"],
            registration_channel=MOBILE,
            members=[
                {"given_name": "Ahmed", "relationship": "head"},
                {"given_name": "Fatima", "date_of_birth": "2999-01-01", "relationship": "spouse"},
            ],
        )
    assert "members.1.date_of_birth" in caught.value.message_dict
    assert Household.objects.count() == 0 and Person.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="registry.").exists()


def test_household_members_added_and_removed(users):
    actor = users["caseworker"]
    household = household_register(
        actor=actor, registration_channel=MOBILE, members=[{"given_name": "Ahmed"}]
    )
    child = register(actor, given_name="Omar")
    household_add_member(actor=actor, household=household, person=child, relationship="child")
    assert household.members.count() == 2
    household_remove_member(actor=actor, household=household, person=household.head)
    household.refresh_from_db()
    assert household.head is None and household.members.count() == 1
    assert AuditEvent.objects.filter(action="registry.household.remove_member").count() == 1


def test_flags_and_consent(users):
    actor = users["caseworker"]
    person = register(actor)
    person_set_flags(actor=actor, person=person, flags=["uasc", "vot"])
    assert set(person.flags.values_list("flag", flat=True)) == {"uasc", "vot"}
    consent = consent_record(actor=actor, person=person, purpose="referral", given_by="Mother")
    consent_withdraw(actor=actor, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate() and consent.withdrawn_by == actor
    with pytest.raises(ValidationError):
        consent_withdraw(actor=actor, consent=consent)
    with pytest.raises(ValidationError):
        consent_record(actor=actor, person=person, purpose="bogus")
    assert Consent.objects.count() == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"registry.person.set_flags", "registry.consent.record", "registry.consent.withdraw"} <= actions


@given(st.text(max_size=30))
def test_phone_normalise_never_crashes(text):
    result = phone_normalise(text)
    assert result is None or (result.startswith("+") and result[1:].isdigit())


def test_phone_normalise_reads_libyan_and_foreign_numbers():
    assert phone_normalise("0912345678") == "+218912345678"
    assert phone_normalise("٠٩١٢٣٤٥٦٧٨") == "+218912345678"
    assert phone_normalise("00234 803 123 4567") == "+2348031234567"


@given(st.text(max_size=30))
def test_document_number_normalise_is_idempotent(text):
    once = document_number_normalise(text)
    assert document_number_normalise(once) == once
    assert all(ch.isascii() and ch.isalnum() for ch in once)


def test_rebuild_name_keys_rewrites_only_stale_keys_and_is_idempotent(users):
    from django.core.management import call_command

    from sanad.registry.services.name_keys import name_keys_rebuild_all

    safiyatu = register(users["caseworker"], given_name="Safiyatu", family_name="Bello")
    other = register(users["caseworker"], given_name="Omar", family_name="Salem")
    current = set(NameKey.objects.filter(person=safiyatu).values_list("part", "key"))
    assert ("given", name_key("Safiya")) in current
    # Keys stored by an older version of the name rules (before the Hausa -tu rule).
    NameKey.objects.filter(person=safiyatu, part="given").update(key="sfyt")
    untouched = set(NameKey.objects.filter(person=other).values_list("pk", flat=True))

    summary = name_keys_rebuild_all(actor=users["team_leader"])
    assert summary["people_rekeyed"] == 1 and summary["people_checked"] >= 2
    assert set(NameKey.objects.filter(person=safiyatu).values_list("part", "key")) == current
    assert set(NameKey.objects.filter(person=other).values_list("pk", flat=True)) == untouched
    assert AuditEvent.objects.filter(action="registry.name_keys.rebuild", actor=users["team_leader"]).exists()

    call_command("rebuild_name_keys", stdout=io.StringIO())
    again = AuditEvent.objects.filter(action="registry.name_keys.rebuild").order_by("-pk").first()
    assert again.changes["result"][1]["people_rekeyed"] == 0
