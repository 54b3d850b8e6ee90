"""The receiving side takes the person on: a case in the receiving unit, a registration in the
receiving agency; and referrals on My work and the person's timeline."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sanad.core.errors import DomainError
from sanad.core.work import work_items_for
from sanad.referrals.models import Referral
from sanad.referrals.services import referral_accept, referral_escalate_overdue, referral_open_case
from sanad.referrals.services.referrals import actor_is_receiver
from sanad.registry.timeline import person_timeline

pytestmark = pytest.mark.django_db


def test_internal_receiver_opens_a_case_from_the_referral(send, directory, other_team_users):
    referral = send(service=directory.mhpss, needs=["mhpss"], consent_given=False)
    receiver = other_team_users["mhpss_officer"]
    with pytest.raises(DomainError):
        referral_open_case(actor=receiver, referral=referral, case_type="mhpss")  # not accepted yet
    referral = referral_accept(actor=receiver, referral=referral)
    case = referral_open_case(actor=receiver, referral=referral, case_type="mhpss")
    assert case.opened_from == "referral" and case.person == referral.person
    referral.refresh_from_db()
    assert referral.receiver_case == case
    assert referral_open_case(actor=receiver, referral=referral, case_type="mhpss") == case


def test_only_the_receiving_unit_answers_an_internal_referral(
    send, directory, users, other_team_users, client_for
):
    # A referral to the MHPSS unit's counselling: the sender's colleagues of another unit of the
    # same agency (MRRM caseworkers, the helpline) neither get it on My work nor may answer it.
    referral = send(service=directory.mhpss, needs=["mhpss"], consent_given=False)
    receiver = other_team_users["mhpss_officer"]
    for colleague in (users["team_leader"], users["helpline_operator"], users["cash_officer"]):
        assert not actor_is_receiver(colleague, referral)
        assert referral.reference not in [i.reference for i in work_items_for(colleague)]
        client_for(colleague).post(reverse("referrals:transition", args=[referral.uuid, "accept"]), {})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert actor_is_receiver(receiver, referral)
    assert referral.reference in [i.reference for i in work_items_for(receiver)]


def test_open_case_page(send, directory, other_team_users, client_for):
    referral = send(service=directory.mhpss, needs=["mhpss"], consent_given=False)
    receiver = other_team_users["mhpss_officer"]
    referral_accept(actor=receiver, referral=referral)
    page = client_for(receiver).get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    assert 'value="mhpss" selected' in page
    response = client_for(receiver).post(
        reverse("referrals:open_case", args=[referral.uuid]), {"case_type": "mhpss"}
    )
    referral.refresh_from_db()
    assert response.status_code == 302 and referral.receiver_case is not None


def test_partner_registers_the_person_from_the_shared_fields(send, other_agency_users, client_for):
    referral = send(shared_fields=["full_name", "phone"])
    partner_caseworker = other_agency_users["caseworker"]
    referral_accept(actor=other_agency_users["partner_caseworker"], referral=referral)
    response = client_for(partner_caseworker).post(reverse("referrals:register_person", args=[referral.uuid]))
    referral.refresh_from_db()
    person = referral.receiver_person
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:person_detail", args=[person.uuid]
    )
    assert person.agency_id == partner_caseworker.agency_id and person.pk != referral.person_id
    assert person.given_name == "Mohamed" and person.family_name == "Ali"
    assert list(person.phones.values_list("number", flat=True)) == ["+218912345678"]
    assert person.registrations.get().channel == "referral"


def test_my_work_for_receiver_sender_and_supervisor(send, users, other_agency_users):
    referral = send(urgency="emergency")
    partner_items = work_items_for(other_agency_users["partner_caseworker"])
    assert [i.reference for i in partner_items if i.kind == "referral"] == [referral.reference]
    assert not [i for i in work_items_for(users["caseworker"]) if i.kind == "referral"]  # not overdue yet
    Referral.objects.filter(pk=referral.pk).update(
        acknowledge_due_at=referral.sent_at - datetime.timedelta(hours=1)
    )
    assert [i.reference for i in work_items_for(users["caseworker"]) if i.kind == "referral"] == [
        referral.reference
    ]
    referral_escalate_overdue(now=referral.sent_at + datetime.timedelta(hours=1))
    leader_items = [i for i in work_items_for(users["team_leader"]) if i.kind == "referral"]
    assert [i.reference for i in leader_items] == [referral.reference] and leader_items[0].overdue


def test_override_review_on_my_work(send, users):
    send(consent_given=False, emergency_override=True, urgency="emergency", override_reason="Unconscious")
    items = [i for i in work_items_for(users["data_protection_officer"]) if i.kind == "approval"]
    assert len(items) == 1


def test_timeline_shows_referrals_to_the_sending_side_only(send, person, users, other_agency_users):
    referral = send()
    entries = [e for e in person_timeline(actor=users["caseworker"], person=person) if e.kind == "referral"]
    assert [e.url for e in entries] == [reverse("referrals:detail", args=[referral.uuid])]
    assert not [
        e
        for e in person_timeline(actor=other_agency_users["caseworker"], person=person)
        if e.kind == "referral"
    ]


def test_person_page_section(send, person, users, client_for):
    from django.template.loader import render_to_string

    from sanad.registry.sections import person_sections

    referral = send()
    shown = {s.name: s for s in person_sections(actor=users["caseworker"], person=person)}
    html = render_to_string(
        shown["referrals"].template, {"section": shown["referrals"].context, "person": person}
    )
    assert referral.reference in html and 'data-testid="refer-person"' in html
    for section in person_sections(actor=users["auditor"], person=person):
        assert referral not in section.context.get("referrals", [])


def test_referral_from_a_helpline_ticket(users, person, directory, client_for):
    from sanad.feedback.services import ticket_log

    operator = users["helpline_operator"]
    ticket = ticket_log(
        actor=operator,
        channel="helpline_call",
        category="assistance_request",
        description="Caller asks for psychiatric help.",
        person=person,
    )
    client = client_for(operator)
    url = reverse("referrals:create") + f"?ticket={ticket.uuid}&person={person.uuid}&need=health_psychiatric"
    page = client.get(url)
    assert page.status_code == 200 and "from a helpline ticket" in page.content.decode()
    response = client.post(
        url,
        {
            "service": str(directory.psychiatric.uuid),
            "urgency": "urgent",
            "needs": ["health_psychiatric"],
            "reason": "Helpline caller in distress",
            "consent_given": "on",
            "idempotency_key": "t1",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.ticket == ticket and referral.ticket_uuid == ticket.uuid and referral.source == "helpline"
    assert list(ticket.referrals.all()) == [referral]


def test_list_tabs_filters_and_overdue_first(send, users, other_agency_users, client_for, directory):
    late = send(urgency="emergency")
    fresh = send(service=directory.mhpss, needs=["mhpss"])
    Referral.objects.filter(pk=late.pk).update(acknowledge_due_at=late.sent_at - datetime.timedelta(hours=2))
    from sanad.referrals.selectors import referral_list

    assert list(referral_list(actor=users["caseworker"]))[0] == late
    assert list(referral_list(actor=users["caseworker"], data={"need": "mhpss"})) == [fresh]
    assert list(referral_list(actor=users["caseworker"], data={"overdue": "true"})) == [late]
    partner = other_agency_users["partner_caseworker"]
    assert list(referral_list(actor=partner, data={"box": "sent"})) == []
    assert list(referral_list(actor=partner, data={"box": "received"})) == [late]
    page = client_for(users["caseworker"]).get(reverse("referrals:list") + "?box=sent&urgency=emergency")
    html = page.content.decode()
    assert late.reference in html and fresh.reference not in html
