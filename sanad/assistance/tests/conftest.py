"""Fixtures of the assistance tests: a small catalogue, the Tripoli warehouse and a team store,
the 30-day hygiene-kit rule, and registered people."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from sanad.assistance.models import EntitlementRule, Store
from sanad.assistance.services.cash import cash_plan_create, fsp_create
from sanad.assistance.services.distributions import distribution_create, distribution_open
from sanad.assistance.services.stock import item_create, stock_receive, store_create
from sanad.registry.models import Registration
from sanad.registry.services import household_register, person_register

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def catalogue(users):
    actor = users["logistics_officer"]
    soap = item_create(actor=actor, code="soap", name_en="Soap bar", category="hygiene")
    pads = item_create(actor=actor, code="sanitary_pads", name_en="Sanitary pads (pack)", category="hygiene")
    hygiene = item_create(
        actor=actor,
        code="hygiene_kit",
        name_en="Hygiene kit",
        name_ar="حقيبة نظافة",
        category="hygiene",
        unit_of_measure="kit",
        components=[(soap, 4), (pads, 2)],
    )
    dignity = item_create(
        actor=actor, code="dignity_kit", name_en="Dignity kit", category="hygiene", unit_of_measure="kit"
    )
    food = item_create(
        actor=actor, code="food_kit", name_en="Food kit", category="food", unit_of_measure="kit"
    )
    blanket = item_create(actor=actor, code="blanket", name_en="Blanket", category="nfi")
    return SimpleNamespace(soap=soap, pads=pads, hygiene=hygiene, dignity=dignity, food=food, blanket=blanket)


@pytest.fixture
def stores(org, users):
    actor = users["logistics_officer"]
    warehouse = store_create(
        actor=actor,
        code="tripoli-base",
        name_en="Tripoli base warehouse",
        kind=Store.Kind.WAREHOUSE,
        agency=org.agency,
        unit=org.unit,
        logistics_officer=actor,
    )
    team_store = store_create(
        actor=actor,
        code="team-a-van",
        name_en="Team A vehicle",
        kind=Store.Kind.TEAM_STORE,
        agency=org.agency,
        team=org.team,
    )
    other_team_store = store_create(
        actor=actor,
        code="team-b-van",
        name_en="Team B vehicle",
        kind=Store.Kind.TEAM_STORE,
        agency=org.agency,
        team=org.other_team,
    )
    return SimpleNamespace(warehouse=warehouse, team=team_store, other_team=other_team_store)


@pytest.fixture
def rules(catalogue, users):
    hygiene = EntitlementRule.objects.create(
        name_en="Hygiene kit, 1 per person per 30 days",
        item=catalogue.hygiene,
        basis="person",
        quantity=1,
        period_days=30,
    )
    dignity = EntitlementRule.objects.create(
        name_en="Dignity kit, women and girls 12–49",
        item=catalogue.dignity,
        basis="person",
        quantity=1,
        period_days=90,
        sex="F",
        age_min=12,
        age_max=49,
    )
    food = EntitlementRule.objects.create(
        name_en="Food kit per household", item=catalogue.food, basis="household", quantity=1, period_days=30
    )
    food.bands.create(min_size=1, max_size=3, quantity=1)
    food.bands.create(min_size=4, max_size=None, quantity=2)
    return SimpleNamespace(hygiene=hygiene, dignity=dignity, food=food)


@pytest.fixture
def register(users):
    def make(**data):
        data.setdefault("given_name", "Amina")
        data.setdefault("family_name", "Yusuf")
        actor = data.pop("actor", users["caseworker"])
        return person_register(actor=actor, data=data, registration_channel=Registration.Channel.MOBILE_TEAM)

    return make


@pytest.fixture
def household(users):
    def make(size: int):
        members = [
            {
                "given_name": f"Member{i}",
                "family_name": "Omar",
                "sex": "F" if i % 2 else "M",
                "relationship": "head" if i == 0 else "child",
            }
            for i in range(size)
        ]
        return household_register(
            actor=users["caseworker"], members=members, registration_channel=Registration.Channel.MOBILE_TEAM
        )

    return make


@pytest.fixture
def open_distribution(users, org, stores, catalogue):
    def make(modality="individual", store=None, team=None, stock=50, date=TODAY, actor=None, **extra):
        store = store or stores.team
        # Whoever may issue from the store: the team leader from the team's van, the logistics
        # officer from a warehouse.
        actor = actor or users["team_leader"]
        if stock:
            for item in (catalogue.hygiene, catalogue.dignity, catalogue.food, catalogue.blanket):
                stock_receive(
                    actor=users["logistics_officer"],
                    store=store,
                    item=item,
                    quantity=stock,
                    batch="B1",
                    donor="ECHO",
                )
        distribution = distribution_create(
            actor=actor,
            title="Hygiene round",
            date=date,
            modality=modality,
            store=store,
            team=team or org.team,
            **extra,
        )
        return distribution_open(actor=users["team_leader"], distribution=distribution)

    return make


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English (a request in Arabic leaves its language active in the thread)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def cash_plan(users, org):
    """A fixed-amount cash plan of the cash officer's unit, with a CSV provider of its own whose
    export has ``columns``."""
    made = []

    def make(*, columns=("amount",), fixed_amount="10", cycle="c", title="P", **kwargs):
        made.append(None)
        fsp = fsp_create(
            actor=users["cash_officer"],
            code=f"fsp{len(made)}",
            name=f"FSP {len(made)}",
            agency=org.agency,
            export_format="csv",
            columns=list(columns),
        )
        return cash_plan_create(
            actor=users["cash_officer"],
            title=title,
            cycle=cycle,
            fsp=fsp,
            unit=org.unit,
            amount_basis="fixed",
            fixed_amount=fixed_amount,
            **kwargs,
        )

    return make
