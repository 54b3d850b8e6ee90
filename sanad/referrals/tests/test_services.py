"""Referral services against the database: sending, consent, snapshot, transitions, SLA, expiry,
external links, directory search and pathways."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.http import Http404

from sanad.core.deadlines import notices_of
from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.referrals.models import Referral, ReferralService
from sanad.referrals.selectors import (
    referral_get,
    referral_list,
    referral_service_list,
    referral_service_proposals,
)
from sanad.referrals.services import (
    referral_accept,
    referral_cancel,
    referral_complete,
    referral_decline,
    referral_escalate_overdue,
    referral_expire_unanswered,
    referral_from_token,
    referral_link_token,
    referral_override_review,
    referral_pathway_save,
    referral_receive,
    referral_register_person,
    referral_start_service,
)
from sanad.referrals.services.external import LinkExpired

S = Referral.Status
pytestmark = pytest.mark.django_db


def test_inter_agency_referral_needs_consent(send):
    with pytest.raises(ValidationError) as exc:
        send(consent_given=False)
    assert "consent_given" in exc.value.message_dict
    assert Referral.objects.count() == 0


def test_internal_referral_needs_no_inter_agency_consent(send, directory):
    referral = send(service=directory.mhpss, consent_given=False, needs=["mhpss"])
    assert referral.is_inter_agency is False
    assert referral.status == S.SENT


def test_emergency_override_is_logged_and_listed_for_review(send, users):
    with pytest.raises(ValidationError) as exc:
        send(consent_given=False, emergency_override=True, override_reason="Unconscious")
    assert "emergency_override" in exc.value.message_dict  # only emergencies
    referral = send(
        consent_given=False, emergency_override=True, urgency="emergency", override_reason="Unconscious"
    )
    assert AuditEvent.objects.filter(
        action="referrals.referral.emergency_override", object_uuid=str(referral.uuid)
    ).exists()
    from sanad.referrals.selectors import referral_overrides_to_review

    assert list(referral_overrides_to_review(actor=users["data_protection_officer"])) == [referral]
    referral_override_review(actor=users["team_leader"], referral=referral, note="Justified: life at risk")
    assert list(referral_overrides_to_review(actor=users["data_protection_officer"])) == []
    with pytest.raises(DomainError):
        referral_override_review(actor=users["caseworker"], referral=referral, note="x")


def test_snapshot_is_minimal_by_default_and_frozen(send, person):
    referral = send()
    shared = referral.shared_snapshot
    assert shared["first_name"] == "Mohamed"
    assert shared["sex"] == "M" and isinstance(shared["age"], int)
    for private in ("full_name", "phones", "date_of_birth", "nationality", "flags"):
        assert private not in shared
    person.given_name = "Changed"
    person.save()
    referral.refresh_from_db()
    assert referral.shared_snapshot["first_name"] == "Mohamed"


def test_snapshot_shares_what_the_sender_ticks(send):
    referral = send(shared_fields=["full_name", "phone", "flags", "case_summary"], case_summary="Seen twice.")
    shared = referral.shared_snapshot
    assert shared["full_name"] == "Mohamed Ahmed Ali"
    assert shared["phones"] == ["+218912345678"]
    assert shared["flags"] == ["mental_health"]
    assert shared["case_summary"] == "Seen twice."
    assert "date_of_birth" not in shared


def test_idempotent_send(send):
    first = send(idempotency_key="k1")
    second = send(idempotency_key="k1")
    assert first.pk == second.pk and Referral.objects.count() == 1


def test_receiver_transitions_with_history(send, other_agency_users):
    partner = other_agency_users["partner_caseworker"]
    referral = send()
    referral = referral_receive(actor=partner, referral=referral)
    assert referral.status == S.RECEIVED and referral.received_at
    referral = referral_accept(actor=partner, referral=referral, note="Tomorrow 10:00")
    referral = referral_start_service(actor=partner, referral=referral)
    with pytest.raises(ValidationError):
        referral_complete(actor=partner, referral=referral, outcome=" ")
    referral = referral_complete(actor=partner, referral=referral, outcome="Treated, follow-up monthly")
    assert referral.status == S.COMPLETED and referral.outcome.startswith("Treated")
    steps = list(referral.events.values_list("status", "by__username"))
    assert [s for s, _ in steps] == ["sent", "received", "accepted", "service_started", "completed"]
    assert steps[-1][1] == partner.username


def test_transition_guards(send, users, other_agency_users):
    referral = send()
    with pytest.raises(DomainError):  # the sender cannot accept for the receiver
        referral_accept(actor=users["caseworker"], referral=referral)
    with pytest.raises(DomainError):  # not accepted yet
        referral_complete(actor=other_agency_users["partner_caseworker"], referral=referral, outcome="x")
    with pytest.raises(ValidationError):
        referral_decline(actor=other_agency_users["partner_caseworker"], referral=referral, reason="")
    referral = referral_decline(
        actor=other_agency_users["partner_caseworker"], referral=referral, reason="Full"
    )
    assert referral.status == S.DECLINED and referral.decline_reason == "Full"
    with pytest.raises(DomainError):
        referral_cancel(actor=users["caseworker"], referral=referral, reason="moved")


def test_sender_cancels(send, users):
    referral = referral_cancel(actor=users["caseworker"], referral=send(), reason="Person moved")
    assert referral.status == S.CANCELLED


def test_partner_sees_received_only_and_probe_is_404(send, users, other_agency_users, directory):
    partner = other_agency_users["partner_caseworker"]
    received = send()
    internal = send(service=directory.mhpss, needs=["mhpss"])
    assert list(referral_list(actor=partner)) == [received]
    with pytest.raises(Http404):
        referral_get(actor=partner, uuid=internal.uuid)
    with pytest.raises(Http404):
        referral_get(actor=partner, uuid="not-a-uuid")


def test_escalation_is_on_time_and_once_per_level(send, users, org):
    referral = send(urgency="emergency")
    sent = referral.sent_at
    assert referral_escalate_overdue(now=sent + datetime.timedelta(hours=23)) == 0
    assert referral_escalate_overdue(now=sent + datetime.timedelta(hours=25)) == 1
    assert referral_escalate_overdue(now=sent + datetime.timedelta(hours=26)) == 0
    escalation = notices_of(referral, kind="referrals.acknowledge").get(step="escalation-1")
    assert users["team_leader"] in escalation.recipients.all()
    assert referral_escalate_overdue(now=sent + datetime.timedelta(hours=49)) == 1
    assert referral_escalate_overdue(now=sent + datetime.timedelta(hours=90)) == 0
    referral.refresh_from_db()
    assert referral.escalation_level == 2


def test_escalation_mail_names_the_referral_and_a_link_only(
    send, users, mailoutbox, django_capture_on_commit_callbacks
):
    referral = send(urgency="emergency", shared_fields=["full_name"])
    late = referral.sent_at + datetime.timedelta(hours=25)
    with django_capture_on_commit_callbacks(execute=True):
        assert referral_escalate_overdue(now=late) == 1
        assert referral_escalate_overdue(now=late) == 0  # a second consumer of the same tick
    escalations = [m for m in mailoutbox if "escalation level 1" in m.subject]
    assert len(escalations) == 1 and users["team_leader"].email in escalations[0].to
    message = escalations[0]
    assert referral.reference in message.subject and f"/referrals/{referral.uuid}/" in message.body
    for personal in ("Mohamed", "محمد", "Ali", "0912345678", "+218912345678", referral.reason):
        assert personal not in message.body and personal not in message.subject


def test_acknowledged_referral_does_not_escalate(send, other_agency_users):
    referral = send(urgency="emergency")
    referral_receive(actor=other_agency_users["partner_caseworker"], referral=referral)
    assert referral_escalate_overdue(now=referral.sent_at + datetime.timedelta(days=5)) == 0


def test_routine_referral_expires(send, settings):
    settings.SANAD_REFERRAL_EXPIRY_DAYS = 10
    routine = send(urgency="routine")
    urgent = send(urgency="urgent")
    assert referral_expire_unanswered(now=routine.sent_at + datetime.timedelta(days=9)) == 0
    assert referral_expire_unanswered(now=routine.sent_at + datetime.timedelta(days=11)) == 1
    assert referral_expire_unanswered(now=routine.sent_at + datetime.timedelta(days=12)) == 0
    routine.refresh_from_db()
    urgent.refresh_from_db()
    assert routine.status == S.EXPIRED and urgent.status == S.SENT


def test_external_partner_gets_mail_without_personal_data(
    send, directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = send(service=directory.legal, needs=["protection_legal"], shared_fields=["full_name"])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert referral.reference in message.body
    for personal in ("Mohamed", "محمد", "Ali", "0912345678", "+218912345678"):
        assert personal not in message.body and personal not in message.subject

    # In English and Arabic whatever the sender's language (the sender here works in Arabic).
    from django.utils import translation

    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        send(service=directory.legal, needs=["protection_legal"])
    body = mail.outbox[1].body
    assert "A person has been referred to your service" in body
    assert "أُحيل شخص إلى خدمتكم" in body


def test_external_link_roundtrip_tamper_expiry_and_revocation(send, directory, settings, monkeypatch):
    referral = send(service=directory.legal, needs=["protection_legal"])
    token = referral_link_token(referral=referral)
    assert referral_from_token(token) == referral
    with pytest.raises(Http404):
        referral_from_token(token[:-2] + ("aa" if token[-2:] != "aa" else "bb"))
    forged = signing.dumps({"r": str(referral.uuid), "v": 0}, salt="another-salt")
    with pytest.raises(Http404):
        referral_from_token(forged)
    settings.SANAD_REFERRAL_LINK_DAYS = 14
    # Opened 13 and then 15 days after it was signed: the signer's clock moves, nobody waits.
    import time
    from types import SimpleNamespace

    signed_at = time.time()
    with monkeypatch.context() as clock:
        clock.setattr(signing, "time", SimpleNamespace(time=lambda: signed_at + 13 * 86400))
        assert referral_from_token(token) == referral
    with monkeypatch.context() as clock, pytest.raises(LinkExpired):
        clock.setattr(signing, "time", SimpleNamespace(time=lambda: signed_at + 15 * 86400))
        referral_from_token(token)
    referral = referral_accept(actor=None, referral=referral, external_name="Amal (Legal Aid)")
    assert referral.events.last().by_external == "Amal (Legal Aid)"
    from sanad.referrals.models import ReferralEvent  # noqa: F401

    referral_cancel(actor=referral.created_by, referral=referral, reason="Moved")
    with pytest.raises(Http404):
        referral_from_token(token)


def test_external_answer_refused_for_sanad_receivers(send):
    referral = send()
    with pytest.raises(DomainError):
        referral_accept(actor=None, referral=referral, external_name="Someone")


def test_register_person_from_shared_fields(send, other_agency_users):
    partner = other_agency_users["partner_caseworker"]
    partner.roles.add(*partner.roles.all())
    referral = send(shared_fields=["full_name", "date_of_birth"])
    referral = referral_accept(actor=partner, referral=referral)
    from sanad.core.tests.factories import UserFactory  # noqa: F401

    caseworker = other_agency_users["caseworker"]
    person = referral_register_person(actor=caseworker, referral=referral)
    assert person.agency_id == caseworker.agency_id
    assert person.family_name == "Ali" and person.date_of_birth == datetime.date(1990, 5, 1)
    referral.refresh_from_db()
    assert referral.receiver_person == person


def test_search_by_need_place_and_language(users, directory, places):
    actor = users["caseworker"]
    found = referral_service_list(actor=actor, data={"place": places.district})
    assert set(found) == {directory.psychiatric, directory.mhpss}
    assert list(referral_service_list(actor=actor, data={"q": "النفسية"})) == [directory.psychiatric]
    assert list(referral_service_list(actor=actor, data={"q": "Clinique"})) == [directory.psychiatric]
    directory.legal.catchment.add(places.region)
    found = referral_service_list(actor=actor, data={"place": places.tripoli, "need": "protection_legal"})
    assert list(found) == [directory.legal]


def test_eligibility_reads_as_words_in_each_language(directory):
    from django.utils import translation

    service = directory.psychiatric
    service.age_min, service.age_max = 16, None
    assert service.eligibility_text() == "aged 16 and over"
    service.age_min, service.age_max = None, 17
    assert service.eligibility_text() == "aged up to 17"
    service.age_min, service.age_max = 0, 17
    assert service.eligibility_text() == "aged 0–17"
    with translation.override("ar"):
        assert "∞" not in service.eligibility_text() and "aged" not in service.eligibility_text()


def test_pathway_orders_proposals(users, directory, places):
    admin = users["system_admin"]
    referral_pathway_save(
        actor=admin,
        need="health_psychiatric",
        admin_unit=places.region,
        name_en="Psychiatric emergency West",
        services=[directory.mhpss, directory.psychiatric],
    )
    proposals = referral_service_proposals(
        actor=users["caseworker"], needs=["health_psychiatric"], place=places.tripoli
    )
    assert [s for s, _p in proposals][:2] == [directory.mhpss, directory.psychiatric]
    with pytest.raises(DomainError):
        referral_pathway_save(
            actor=users["caseworker"], need="mhpss", name_en="x", services=[directory.mhpss]
        )


def test_proposals_widen_to_the_nearest_services_when_none_where_the_person_lives(users, directory, places):
    # Nothing for psychiatric care in Sabha: the sender still gets the psychiatric clinic in Tripoli
    # rather than an empty proposal; a need nobody serves proposes nothing.
    proposals = referral_service_proposals(
        actor=users["caseworker"], needs=["health_psychiatric", "shelter"], place=places.sabha
    )
    assert [s for s, _p in proposals] == [directory.psychiatric]
    # Where the region has the service, nothing from further away is added.
    sabha_clinic = ReferralService.objects.create(
        name_en="Sabha clinic", need="health_psychiatric", provider=directory.iom, admin_unit=places.sabha
    )
    proposals = referral_service_proposals(
        actor=users["caseworker"], needs=["health_psychiatric"], place=places.sabha
    )
    assert [s for s, _p in proposals] == [sabha_clinic]


def test_gbv_referral_is_sensitive(
    send, users, other_team_users, other_agency_users, make_user, org, directory
):
    referral = send(needs=["protection_gbv"], shared_fields=["flags"])
    assert referral.sensitive
    # The sender sees it; a colleague of the same agency without sensitive access does not.
    assert referral_get(actor=users["caseworker"], uuid=referral.uuid) == referral
    colleague = other_team_users["caseworker"]
    assert referral not in referral_list(actor=colleague)
    with pytest.raises(Http404):
        referral_get(actor=colleague, uuid=referral.uuid)
    named = make_user("protection_caseworker", team=org.other_team, sensitive=True)
    assert referral_get(actor=named, uuid=referral.uuid) == referral
    # The receiving side sees it; every read is logged.
    partner = other_agency_users["partner_caseworker"]
    assert referral_get(actor=partner, uuid=referral.uuid) == referral
    reads = AuditEvent.objects.filter(action="referrals.referral.read", object_uuid=str(referral.uuid))
    assert set(reads.values_list("actor__username", flat=True)) == {
        users["caseworker"].username,
        named.username,
        partner.username,
    }
    assert not send().sensitive
