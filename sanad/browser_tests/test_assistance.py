"""The assistance journey on a phone-sized screen, in English: a caseworker records a hygiene kit
for a registered migrant by typing their reference, then tries again the same day and is warned
about double-dipping — the second kit is refused until a reason is given."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sanad.assistance.models import DistributionReceipt, EntitlementRule, StockBalance, Store
from sanad.assistance.services.distributions import distribution_create, distribution_open
from sanad.assistance.services.stock import item_create, stock_receive, store_create
from sanad.core.services.roles import roles_sync
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"


@pytest.fixture(autouse=True)
def roles():
    roles_sync()


def sign_in(page, username: str) -> None:
    page.goto("/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")


def test_caseworker_records_a_hygiene_kit_and_is_warned_about_double_dipping(page, make_user, org):
    caseworker = make_user("caseworker", username="salma")
    caseworker.password_changed_at = timezone.now()
    caseworker.save(update_fields=["password_changed_at"])
    leader = make_user("team_leader", username="omar")
    logistics = make_user("logistics_officer", username="nadia")
    kit = item_create(
        actor=logistics,
        code="hygiene_kit",
        name_en="Hygiene kit",
        name_ar="حقيبة النظافة الشخصية",
        category="hygiene",
        unit_of_measure="kit",
    )
    EntitlementRule.objects.create(
        name_en="Hygiene kit, one per person every 30 days",
        item=kit,
        basis="person",
        quantity=1,
        period_days=30,
    )
    van = store_create(
        actor=logistics,
        code="van",
        name_en="Team vehicle",
        kind=Store.Kind.TEAM_STORE,
        agency=org.agency,
        team=org.team,
    )
    stock_receive(actor=logistics, store=van, item=kit, quantity=20, batch="HK-1")
    distribution = distribution_open(
        actor=leader,
        distribution=distribution_create(
            actor=leader,
            title="Hygiene kits — Gargaresh",
            date=timezone.localdate(),
            modality="individual",
            store=van,
            team=org.team,
        ),
    )
    person = person_register(
        actor=caseworker,
        data={
            "given_name": "Amina",
            "family_name": "Yusuf",
            "sex": "F",
            "date_of_birth": datetime.date(1996, 3, 1),
        },
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    assert page.viewport_size["width"] == 390

    sign_in(page, "salma")
    page.goto(f"/assistance/distributions/{distribution.uuid}/record/")
    page.fill("[data-testid=record-search]", person.reference)
    page.press("[data-testid=record-search]", "Enter")
    row = page.locator("[data-testid=entitlement-row]", has_text="Hygiene kit")
    expect(row).to_be_visible()
    expect(page.locator("[data-testid=entitlement-warning]")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # What the person is entitled to now is already ticked: one tap on Done.
    expect(row.locator("input[type=checkbox]")).to_be_checked()
    page.click("[data-testid=record-submit]")
    expect(page.locator(".alert-success")).to_contain_text(person.reference)
    assert DistributionReceipt.objects.filter(person=person).count() == 1

    # The same person comes back the same day.
    page.fill("[data-testid=record-search]", person.reference)
    page.press("[data-testid=record-search]", "Enter")
    expect(page.locator("[data-testid=entitlement-warning]")).to_contain_text("Already received")
    # Beyond the entitlement: not ticked; ticking it needs a reason.
    expect(
        page.locator("[data-testid=entitlement-row]", has_text="Hygiene kit").locator("input[type=checkbox]")
    ).not_to_be_checked()
    page.locator("[data-testid=entitlement-row]", has_text="Hygiene kit").locator(
        "input[type=checkbox]"
    ).check()
    page.click("[data-testid=record-submit]")
    warning = page.locator("[data-testid=double-dipping]")
    expect(warning).to_contain_text("double-dipping")
    expect(page.locator("#id_override_reason")).to_be_visible()
    assert DistributionReceipt.objects.filter(person=person).count() == 1
    assert StockBalance.objects.get(store=van, item=kit).quantity == 19


def test_stock_dispatched_from_tripoli_is_confirmed_by_the_sabha_team_leader(page, make_user, org):
    """The logistics officer sends hygiene kits and blankets from the Tripoli warehouse to the
    Sabha team's store in one transfer; the Sabha team leader finds the arrival on My work and
    confirms it, recording two blankets lost on the road."""
    logistics = make_user("logistics_officer", username="nadia")
    sabha_leader = make_user("team_leader", username="idris", team=org.other_team)
    for user in (logistics, sabha_leader):
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password_changed_at"])
    kit = item_create(actor=logistics, code="hygiene_kit", name_en="Hygiene kit", category="hygiene")
    blanket = item_create(actor=logistics, code="blanket", name_en="Blanket", category="nfi")
    tripoli = store_create(
        actor=logistics,
        code="tripoli",
        name_en="Tripoli base warehouse",
        kind=Store.Kind.WAREHOUSE,
        agency=org.agency,
    )
    sabha = store_create(
        actor=logistics,
        code="sabha",
        name_en="Sabha team store",
        kind=Store.Kind.TEAM_STORE,
        agency=org.agency,
        team=org.other_team,
    )
    stock_receive(actor=logistics, store=tripoli, item=kit, quantity=100, batch="HK-1", donor="ECHO")
    stock_receive(actor=logistics, store=tripoli, item=blanket, quantity=50)

    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "nadia")
    page.goto(f"/assistance/stores/{tripoli.uuid}/")
    page.select_option("#id_transfer-to_store", str(sabha.uuid))
    page.select_option("#id_transfer-item_0", str(kit.uuid))
    page.fill("#id_transfer-quantity_0", "40")
    page.select_option("#id_transfer-item_1", str(blanket.uuid))
    page.fill("#id_transfer-quantity_1", "20")
    page.click("form[action$='/transfer/'] button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("dispatched")
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "idris")
    page.goto("/work/")
    page.locator("[data-testid=work-items] a", has_text="Confirm the arrival").click()
    transfer = page.locator("[data-testid=transfer-in-transit]")
    expect(transfer).to_contain_text("Sabha team store")
    blanket_line = transfer.locator("input[type=number]").nth(1)  # lines in item order: blanket, kit
    blanket_line.fill("18")
    transfer.locator("input[name^=reason_]").nth(1).fill("Two torn on the road")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    transfer.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("received")
    assert StockBalance.objects.get(store=sabha, item=kit).quantity == 40
    assert StockBalance.objects.get(store=sabha, item=blanket).quantity == 18
    assert StockBalance.objects.get(store=tripoli, item=blanket).quantity == 30
