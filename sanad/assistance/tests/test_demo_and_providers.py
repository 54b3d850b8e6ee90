"""Demo seeding (idempotent), My work items (alerts, approvals), the person timeline, the periodic job."""

from __future__ import annotations

import datetime

import pytest

from sanad.assistance.models import CashPlan, Distribution, Item, StockBalance, StockThreshold, Store
from sanad.assistance.services.alerts import stock_alerts_refresh
from sanad.assistance.services.cash import (
    cash_plan_build_list,
    cash_plan_submit,
)
from sanad.assistance.services.distributions import distribution_record
from sanad.assistance.services.stock import adjustment_request, stock_receive, stock_verify
from sanad.core.work import work_items_for
from sanad.registry.models import Person
from sanad.registry.timeline import person_timeline

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(monkeypatch):
    from sanad.core.registration import DemoSeeder
    from sanad.core.services import demo

    monkeypatch.setattr(
        demo,
        "demo_seeders",
        lambda: [
            DemoSeeder("sanad.registry.demo.demo_seed_people"),
            DemoSeeder("sanad.assistance.demo.demo_seed_assistance"),
        ],
    )
    demo.demo_seed()
    counts = (
        Item.objects.count(),
        Store.objects.count(),
        Distribution.objects.count(),
        CashPlan.objects.count(),
    )
    assert Item.objects.filter(code="hygiene_kit", is_kit=True).exists()
    assert Store.objects.filter(code="tripoli-base").exists()
    assert Distribution.objects.get().status == "open"
    assert CashPlan.objects.get().status == CashPlan.Status.PENDING_PROGRAMME
    assert stock_verify() == []
    # The demo can take its cash plan through both approvals: a second cash officer of the demo
    # (core's EXTRA_USERS), not the plan's author, gives the finance approval after the team
    # leader's programme approval.
    from sanad.assistance.services.cash import cash_plan_approve
    from sanad.core.models import User

    plan = CashPlan.objects.get()
    cash_plan_approve(actor=User.objects.get(username="team_leader"), plan=plan)
    plan = cash_plan_approve(actor=User.objects.get(username="cash-officer-finance"), plan=plan)
    assert plan.status == CashPlan.Status.APPROVED
    demo.demo_seed()
    assert (
        Item.objects.count(),
        Store.objects.count(),
        Distribution.objects.count(),
        CashPlan.objects.count(),
    ) == counts


def test_work_items_for_alerts_and_approvals(users, org, stores, catalogue, make_user, register, cash_plan):
    officer, leader = users["logistics_officer"], users["team_leader"]
    StockThreshold.objects.create(store=stores.warehouse, item=catalogue.blanket, minimum=10)
    stock_receive(actor=officer, store=stores.warehouse, item=catalogue.blanket, quantity=2)
    stock_alerts_refresh(now=datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC))
    titles = [w.title for w in work_items_for(officer)]
    assert any("Low stock" in t for t in titles)
    adjustment_request(actor=officer, store=stores.team, item=catalogue.blanket, quantity=1, reason="count")
    assert any("stock adjustment" in w.title for w in work_items_for(leader))
    assert not any("stock adjustment" in w.title for w in work_items_for(officer))  # not their own

    register()
    plan = cash_plan(columns=["amount"], fixed_amount="10", cycle="c")
    cash_plan_build_list(actor=users["cash_officer"], plan=plan, people=Person.objects.all())
    cash_plan_submit(actor=users["cash_officer"], plan=plan)
    assert any(w.reference == plan.reference for w in work_items_for(leader))
    assert not any(w.reference == plan.reference for w in work_items_for(users["cash_officer"]))


def test_timeline_shows_items_received_to_those_who_may_see(
    users, other_team_users, catalogue, rules, open_distribution, register
):
    distribution = open_distribution()
    person = register()
    distribution_record(
        actor=users["caseworker"], distribution=distribution, person=person, items={catalogue.hygiene: 1}
    )
    titles = [e.title for e in person_timeline(actor=users["caseworker"], person=person)]
    assert any("Hygiene kit" in t for t in titles)
    other = [e.title for e in person_timeline(actor=other_team_users["caseworker"], person=person)]
    assert not any("Hygiene kit" in t for t in other)
    assert StockBalance.objects.get(store=distribution.store, item=catalogue.hygiene).quantity == 49
