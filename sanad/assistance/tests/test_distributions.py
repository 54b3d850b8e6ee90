"""Distributions: entitlements (30-day rule, sex/age bands, household-size bands), the
double-dipping warning and its logged override, idempotent recording, head-count, lists, closing
and reconciliation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sanad.assistance.models import DistributionReceipt, DistributionReceiptLine, StockBalance
from sanad.assistance.services.distributions import (
    distribution_close,
    distribution_create,
    distribution_list_prepare,
    distribution_open,
    distribution_record,
    distribution_record_bulk,
    distribution_record_headcount,
    distribution_stock_position,
)
from sanad.assistance.services.entitlements import entitlements_for
from sanad.assistance.services.stock import stock_verify
from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.registry.selectors import person_list

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_hygiene_kit_once_per_30_days_and_override_is_logged(
    users, catalogue, rules, open_distribution, register
):
    caseworker = users["caseworker"]
    person = register()
    first = open_distribution()
    receipt = distribution_record(
        actor=caseworker, distribution=first, person=person, items={catalogue.hygiene: 1}
    )
    assert receipt.lines.get().quantity == 1

    second = open_distribution(stock=0, date=TODAY + datetime.timedelta(days=10))
    entitlement = next(
        e
        for e in entitlements_for(person=person, unit=second.unit, day=second.date)
        if e.item == catalogue.hygiene
    )
    assert entitlement.remaining == 0
    assert entitlement.next_due == TODAY + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        distribution_record(
            actor=caseworker, distribution=second, person=person, items={catalogue.hygiene: 1}
        )
    assert "override_reason" in exc.value.message_dict
    assert "Already received" in exc.value.message_dict["override_reason"][0]
    assert DistributionReceipt.objects.filter(distribution=second).count() == 0

    overridden = distribution_record(
        actor=caseworker,
        distribution=second,
        person=person,
        items={catalogue.hygiene: 1},
        override_reason="Kit lost in the boat fire",
    )
    assert overridden.lines.get().overridden is True
    event = AuditEvent.objects.get(action="assistance.entitlement.override")
    assert event.changes["reason"] == [None, "Kit lost in the boat fire"]
    assert event.actor == caseworker

    later = open_distribution(stock=0, date=TODAY + datetime.timedelta(days=41))
    distribution_record(actor=caseworker, distribution=later, person=person, items={catalogue.hygiene: 1})


def test_dignity_kit_only_for_women_and_girls_12_to_49(users, catalogue, rules, open_distribution, register):
    distribution = open_distribution()
    woman = register(sex="F", date_of_birth="1995-01-01")
    girl = register(sex="F", date_of_birth="2020-01-01")
    man = register(sex="M", date_of_birth="1995-01-01")

    def dignity(person):
        return next(
            e
            for e in entitlements_for(person=person, unit=distribution.unit, day=distribution.date)
            if e.item == catalogue.dignity
        )

    assert dignity(woman).remaining == 1 and dignity(woman).problem == ""
    assert dignity(girl).remaining == 0 and "aged 6" in dignity(girl).problem
    assert dignity(man).remaining == 0 and "Women and girls" in dignity(man).problem
    with pytest.raises(ValidationError):
        distribution_record(
            actor=users["caseworker"], distribution=distribution, person=man, items={catalogue.dignity: 1}
        )


def test_food_kit_by_household_size_shared_by_the_household(
    users, catalogue, rules, open_distribution, household
):
    distribution = open_distribution(modality="household")
    small, large = household(2), household(5)
    assert (
        next(
            e
            for e in entitlements_for(
                person=None, household=small, unit=distribution.unit, day=distribution.date
            )
            if e.item == catalogue.food
        ).remaining
        == 1
    )
    assert (
        next(
            e
            for e in entitlements_for(
                person=None, household=large, unit=distribution.unit, day=distribution.date
            )
            if e.item == catalogue.food
        ).remaining
        == 2
    )
    members = list(large.members.order_by("pk"))
    distribution_record(
        actor=users["caseworker"], distribution=distribution, person=members[0], items={catalogue.food: 2}
    )
    # Another member of the same household comes: the household already received its food kits.
    with pytest.raises(ValidationError):
        distribution_record(
            actor=users["caseworker"], distribution=distribution, person=members[3], items={catalogue.food: 1}
        )


def test_recording_is_idempotent(users, catalogue, rules, open_distribution, register):
    distribution, person = open_distribution(), register()
    kwargs = {
        "actor": users["caseworker"],
        "distribution": distribution,
        "person": person,
        "items": {catalogue.hygiene: 1},
        "idempotency_key": "form-123",
    }
    first = distribution_record(**kwargs)
    again = distribution_record(**kwargs)
    assert first.pk == again.pk
    assert DistributionReceiptLine.objects.count() == 1
    assert AuditEvent.objects.filter(action="assistance.distribution.record").count() == 1
    assert StockBalance.objects.get(store=distribution.store, item=catalogue.hygiene).quantity == 49


def test_recording_needs_an_open_distribution(users, org, stores, catalogue, rules, register):
    planned = distribution_create(
        actor=users["team_leader"],
        title="Later",
        date=TODAY,
        modality="individual",
        store=stores.team,
        team=org.team,
    )
    with pytest.raises(DomainError):
        distribution_record(
            actor=users["caseworker"], distribution=planned, person=register(), items={catalogue.hygiene: 1}
        )


def test_blanket_distribution_by_head_count(users, catalogue, open_distribution):
    distribution = open_distribution(modality="blanket", head_count=300)
    receipt = distribution_record_headcount(
        actor=users["team_leader"], distribution=distribution, head_count=40, items={catalogue.blanket: 40}
    )
    assert receipt.head_count == 40 and receipt.person is None
    with pytest.raises(ValidationError):
        distribution_record_headcount(
            actor=users["team_leader"], distribution=distribution, head_count=0, items={catalogue.blanket: 1}
        )
    with pytest.raises(DomainError):
        distribution_record(
            actor=users["team_leader"], distribution=distribution, person=None, items={catalogue.blanket: 1}
        )


def test_bulk_list_mode_records_entitled_and_skips_the_rest(
    users, catalogue, rules, open_distribution, register
):
    distribution = open_distribution()
    people = [register(given_name="A"), register(given_name="B")]
    distribution_record(
        actor=users["caseworker"], distribution=distribution, person=people[0], items={catalogue.hygiene: 1}
    )
    result = distribution_record_bulk(
        actor=users["caseworker"], distribution=distribution, people=people, items={catalogue.hygiene: 1}
    )
    assert [r.person for r in result["recorded"]] == [people[1]]
    assert [p for p, _reason in result["skipped"]] == [people[0]]


def test_list_prepare_from_criteria(users, catalogue, open_distribution, register, household):
    distribution = open_distribution()
    register(population_group="migrant")
    register(population_group="idp")
    family = household(4)
    family.members.update(population_group="refugee")
    people = person_list(actor=users["caseworker"]).filter(population_group="migrant")
    assert (
        distribution_list_prepare(actor=users["team_leader"], distribution=distribution, people=people) == 1
    )
    assert (
        distribution_list_prepare(actor=users["team_leader"], distribution=distribution, people=people) == 0
    )
    everyone = person_list(actor=users["caseworker"])
    added = distribution_list_prepare(
        actor=users["team_leader"], distribution=distribution, people=everyone, household_size_min=4
    )
    assert added == 4
    assert distribution.list_entries.count() == 5


def test_close_reconciles_and_a_difference_needs_a_note(users, catalogue, rules, open_distribution, register):
    distribution = open_distribution(stock=20)
    leader = users["team_leader"]
    from sanad.assistance.services.stock import stock_issue

    stock_issue(actor=leader, distribution=distribution, item=catalogue.hygiene, quantity=10)
    for i in range(3):
        distribution_record(
            actor=users["caseworker"],
            distribution=distribution,
            person=register(given_name=f"P{i}"),
            items={catalogue.hygiene: 1},
        )
    assert distribution_stock_position(distribution)[catalogue.hygiene.pk] == {
        "issued": 10,
        "returned": 0,
        "distributed": 3,
        "at_hand": 7,
    }
    with pytest.raises(ValidationError) as exc:
        distribution_close(actor=leader, distribution=distribution, returns={catalogue.hygiene: 6})
    assert "hygiene_kit: +1" in exc.value.message_dict["note"][0]
    distribution.refresh_from_db()
    assert distribution.status == "open"
    assert (
        StockBalance.objects.get(store=distribution.store, item=catalogue.hygiene).quantity == 10
    )  # rolled back
    closed = distribution_close(
        actor=leader,
        distribution=distribution,
        returns={catalogue.hygiene: 6},
        note="One kit torn, thrown away",
    )
    assert closed.status == "closed"
    assert closed.reconciliation["hygiene_kit"] == {
        "issued": 10,
        "returned": 6,
        "distributed": 3,
        "at_hand": 1,
        "discrepancy": 1,
    }
    assert StockBalance.objects.get(store=distribution.store, item=catalogue.hygiene).quantity == 16
    assert stock_verify() == []


def test_open_only_from_planned(users, org, stores):
    distribution = distribution_create(
        actor=users["team_leader"],
        title="X",
        date=TODAY,
        modality="individual",
        store=stores.team,
        team=org.team,
        idempotency_key="k1",
    )
    assert (
        distribution_create(
            actor=users["team_leader"],
            title="X",
            date=TODAY,
            modality="individual",
            store=stores.team,
            team=org.team,
            idempotency_key="k1",
        ).pk
        == distribution.pk
    )
    distribution_open(actor=users["team_leader"], distribution=distribution)
    with pytest.raises(DomainError):
        distribution_open(actor=users["team_leader"], distribution=distribution)


def test_list_prepare_by_screening_priority(users, catalogue, open_distribution, register, monkeypatch):
    from sanad.assistance.services import distributions as service

    distribution = open_distribution()
    high, low = register(given_name="High"), register(given_name="Low")
    monkeypatch.setattr(
        service,
        "latest_priority_by_person",
        lambda ids: {pk: ("high" if pk == high.pk else "low") for pk in ids},
    )
    added = distribution_list_prepare(
        actor=users["team_leader"],
        distribution=distribution,
        people=person_list(actor=users["caseworker"]),
        priority="high",
    )
    assert added == 1
    assert list(distribution.list_entries.values_list("person_id", flat=True)) == [high.pk]
    assert low.pk not in set(distribution.list_entries.values_list("person_id", flat=True))


def test_record_page_in_arabic_is_right_to_left(
    users, client_for, catalogue, rules, open_distribution, register
):
    from django.urls import reverse

    distribution, person = open_distribution(), register()
    client = client_for(users["caseworker"])
    client.cookies["django_language"] = "ar"
    page = client.get(
        reverse("assistance:distribution_record", args=[distribution.uuid]),
        {"q": person.reference},
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    html = page.content.decode()
    assert 'dir="rtl"' in html and "حقيبة نظافة" in html and "الاستحقاقات" in html
