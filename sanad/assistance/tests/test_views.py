"""Pages: the role matrix (allowed roles succeed, others 403, out of scope 404, refused writes
change nothing), the phone recording flow with its double-dipping warning, the cash workflow
through the pages, the sign-sheet PDF, and query counts of the list pages."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanad.assistance.models import CashPlan, DistributionReceipt, Payment, StockMovement
from sanad.assistance.services.cash import cash_plan_build_list, cash_plan_create, fsp_create
from sanad.assistance.services.stock import stock_receive
from sanad.core.models import AuditEvent
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import may
from sanad.registry.models import Person

pytestmark = pytest.mark.django_db

PAGES = {
    "assistance:item_list": "items.view",
    "assistance:stock_overview": "stock.view",
    "assistance:distribution_list": "distributions.view",
    "assistance:cash_plan_list": "cash.view",
    "assistance:distribution_create": "distributions.manage",
    "assistance:cash_plan_create": "cash.manage",
}


@pytest.fixture
def plan(users, org):
    fsp = fsp_create(
        actor=users["cash_officer"],
        code="lpb",
        name="Libya Post Bank",
        agency=org.agency,
        export_format="csv",
        columns=["payment_id", "person_reference", "amount"],
    )
    return cash_plan_create(
        actor=users["cash_officer"],
        title="MPCA",
        cycle="2026-11",
        fsp=fsp,
        unit=org.unit,
        amount_basis="fixed",
        fixed_amount="250.000",
    )


@pytest.mark.parametrize("name,action", PAGES.items())
def test_list_pages_role_matrix(name, action, users, client_for):
    for role in ALL_ROLES:
        user = users[role]
        response = client_for(user).get(reverse(name))
        expected = 200 if may(user, action) else 403
        assert response.status_code == expected, (role, name, response.status_code)


def test_detail_pages_in_and_out_of_scope(
    users, other_team_users, other_agency_users, client_for, stores, catalogue, open_distribution, plan
):
    distribution = open_distribution()
    pages = [
        (reverse("assistance:store_detail", args=[stores.team.uuid]), "stock.view"),
        (reverse("assistance:distribution_detail", args=[distribution.uuid]), "distributions.view"),
        (reverse("assistance:distribution_record", args=[distribution.uuid]), "distributions.record"),
        (reverse("assistance:cash_plan_detail", args=[plan.uuid]), "cash.view"),
    ]
    for url, action in pages:
        for role in ALL_ROLES:
            user = users[role]
            expected = 200 if may(user, action) else 403
            assert client_for(user).get(url).status_code == expected, (role, url)
    # Team-scoped roles of another team, and everybody in another agency: 404, never 403.
    for url, action in pages[:3]:
        for role in ("caseworker", "team_leader"):
            if may(other_team_users[role], action):
                assert client_for(other_team_users[role]).get(url).status_code == 404, (role, url)
    for url, action in pages:
        for role in ("logistics_officer", "cash_officer", "me_officer", "team_leader"):
            if may(other_agency_users[role], action):
                assert client_for(other_agency_users[role]).get(url).status_code == 404, (role, url)


def test_refused_writes_change_nothing(
    users, other_team_users, client_for, stores, catalogue, open_distribution, rules, register
):
    url = reverse("assistance:stock_receive", args=[stores.team.uuid])
    data = {"receive-item": catalogue.blanket.uuid, "receive-quantity": "5"}
    before = StockMovement.objects.count()
    assert client_for(users["caseworker"]).post(url, data).status_code == 403
    assert StockMovement.objects.count() == before
    distribution = open_distribution()
    person = register()
    record = reverse("assistance:distribution_record", args=[distribution.uuid])
    post = {
        "person": str(person.uuid),
        "item": str(catalogue.hygiene.uuid),
        f"qty_{catalogue.hygiene.uuid}": "1",
    }
    assert client_for(users["helpline_operator"]).post(record, post).status_code == 403
    assert client_for(other_team_users["caseworker"]).post(record, post).status_code == 404
    assert not DistributionReceipt.objects.exists()


def test_logistics_officer_receives_stock_through_the_page(users, client_for, stores, catalogue):
    client = client_for(users["logistics_officer"])
    url = reverse("assistance:stock_receive", args=[stores.warehouse.uuid])
    response = client.post(url, {"receive-item": catalogue.blanket.uuid, "receive-quantity": "0"})
    assert response.status_code == 400 and not StockMovement.objects.exists()
    response = client.post(
        url,
        {
            "receive-item": catalogue.blanket.uuid,
            "receive-quantity": "25",
            "receive-batch": "BL-1",
            "receive-donor": "ECHO",
        },
    )
    assert response.status_code == 302
    assert StockMovement.objects.get().quantity == 25


def test_recording_flow_and_double_dipping_warning(
    users, client_for, catalogue, rules, open_distribution, register
):
    distribution = open_distribution()
    person = register()
    client = client_for(users["caseworker"])
    url = reverse("assistance:distribution_record", args=[distribution.uuid])
    page = client.get(url, {"q": person.reference})
    assert page.status_code == 200 and page.context["person"] == person
    panel = client.get(url, {"q": person.reference}, HTTP_HX_REQUEST="true")
    assert b"record-form" in panel.content and b"<html" not in panel.content
    key = page.context["form"]["idempotency_key"].value()
    post = {
        "person": str(person.uuid),
        "item": str(catalogue.hygiene.uuid),
        f"qty_{catalogue.hygiene.uuid}": "1",
        "idempotency_key": key,
    }
    assert client.post(url, post).status_code == 302
    assert client.post(url, post).status_code == 302  # a double tap: same key, no second receipt
    assert DistributionReceipt.objects.count() == 1

    again = client.get(url, {"q": person.reference})
    assert "Already received" in again.content.decode()
    post["idempotency_key"] = "another-form"
    refused = client.post(url, post)
    assert refused.status_code == 400 and refused.context["needs_override"]
    assert DistributionReceipt.objects.count() == 1
    post["override_reason"] = "Previous kit stolen"
    assert client.post(url, post).status_code == 302
    assert AuditEvent.objects.filter(action="assistance.entitlement.override").count() == 1


def test_sign_sheet_pdf(users, client_for, catalogue, rules, open_distribution, register):
    from sanad.assistance.services.distributions import distribution_list_prepare

    distribution = open_distribution()
    register(given_name="Amina", given_name_ar="أمينة", family_name_ar="يوسف")
    distribution_list_prepare(
        actor=users["team_leader"], distribution=distribution, people=Person.objects.all()
    )
    response = client_for(users["caseworker"]).get(
        reverse("assistance:distribution_sheet", args=[distribution.uuid])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_cash_workflow_through_the_pages(users, make_user, client_for, plan, register):
    register()
    cash_plan_build_list(actor=users["cash_officer"], plan=plan, people=Person.objects.all())
    officer = client_for(users["cash_officer"])
    detail = reverse("assistance:cash_plan_detail", args=[plan.uuid])
    officer.post(reverse("assistance:cash_plan_submit", args=[plan.uuid]))
    officer.post(reverse("assistance:cash_plan_approve", args=[plan.uuid]))  # the author: refused
    plan.refresh_from_db()
    assert plan.status == CashPlan.Status.PENDING_PROGRAMME
    assert (
        client_for(users["caseworker"])
        .post(reverse("assistance:cash_plan_approve", args=[plan.uuid]))
        .status_code
        == 403
    )
    client_for(users["team_leader"]).post(reverse("assistance:cash_plan_approve", args=[plan.uuid]))
    finance = make_user("cash_officer", username="finance")
    client_for(finance).post(reverse("assistance:cash_plan_approve", args=[plan.uuid]))
    plan.refresh_from_db()
    assert plan.status == CashPlan.Status.APPROVED
    export = officer.post(reverse("assistance:cash_plan_export", args=[plan.uuid]))
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    payment = Payment.objects.get()
    bad = io.BytesIO(f"payment_id,status,reason\n{payment.uuid},failed,\n".encode())
    bad.name = "r.csv"
    response = officer.post(reverse("assistance:cash_plan_reconcile", args=[plan.uuid]), {"file": bad})
    assert response.status_code == 400 and "needs a reason" in response.content.decode()
    good = io.BytesIO(f"payment_id,status,reason\n{payment.uuid},failed,Phone off\n".encode())
    good.name = "r.csv"
    assert (
        officer.post(reverse("assistance:cash_plan_reconcile", args=[plan.uuid]), {"file": good}).status_code
        == 302
    )
    follow = officer.post(reverse("assistance:cash_plan_follow_up", args=[plan.uuid]))
    assert follow.status_code == 302 and CashPlan.objects.filter(follow_up_of=plan).exists()
    assert officer.get(detail).status_code == 200


def test_list_pages_query_count_does_not_grow(
    users, org, client_for, stores, catalogue, open_distribution, plan
):
    client = client_for(users["logistics_officer"])

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    urls = [
        reverse("assistance:distribution_list"),
        reverse("assistance:stock_overview"),
        reverse("assistance:item_list"),
    ]
    open_distribution()
    first = [count(u) for u in urls]
    for _ in range(3):
        open_distribution()
    stock_receive(actor=users["logistics_officer"], store=stores.warehouse, item=catalogue.soap, quantity=3)
    assert [count(u) for u in urls] == first


def test_entitlement_rules_page(users, client_for, catalogue):
    from sanad.assistance.models import EntitlementRule

    url = reverse("assistance:entitlement_rules")
    for role in ALL_ROLES:
        expected = 200 if may(users[role], "items.view") else 403
        assert client_for(users[role]).get(url).status_code == expected, role
    data = {
        "name_en": "Food kit by household size",
        "item": catalogue.food.uuid,
        "basis": "household",
        "quantity": "1",
        "period_days": "30",
        "bands": "1-3=1\n4-3=2",
    }
    assert client_for(users["caseworker"]).post(url, data).status_code == 403
    officer = client_for(users["logistics_officer"])
    response = officer.post(url, data)
    assert response.status_code == 400 and not EntitlementRule.objects.exists()
    data["bands"] = "1-3=1\n4+=2"
    assert officer.post(url, data).status_code == 302
    rule = EntitlementRule.objects.get()
    assert list(rule.bands.values_list("min_size", "max_size", "quantity")) == [(1, 3, 1), (4, None, 2)]
    assert AuditEvent.objects.filter(action="assistance.entitlement_rule.create").exists()
    assert officer.post(url, {"deactivate": str(rule.uuid)}).status_code == 302
    rule.refresh_from_db()
    assert rule.is_active is False


def test_configuration_forms_items_stores_providers(users, org, client_for, catalogue):
    from sanad.assistance.models import FinancialServiceProvider, Item, Store

    item_data = {
        "code": "winter_kit",
        "name_en": "Winter kit",
        "name_ar": "حقيبة الشتاء",
        "category": "nfi",
        "unit_of_measure": "kit",
        "components": "blanket=2\nnope=1",
    }
    assert client_for(users["caseworker"]).post(reverse("assistance:item_list"), item_data).status_code == 403
    officer = client_for(users["logistics_officer"])
    assert officer.post(reverse("assistance:item_list"), item_data).status_code == 400
    item_data["components"] = "blanket=2"
    assert officer.post(reverse("assistance:item_list"), item_data).status_code == 302
    kit = Item.objects.get(code="winter_kit")
    assert kit.is_kit and list(kit.components.values_list("component__code", "quantity")) == [("blanket", 2)]

    store_data = {
        "code": "zawiya-store",
        "name_en": "Zawiya store",
        "kind": "team_store",
        "team": org.team.uuid,
    }
    assert (
        client_for(users["team_leader"]).post(reverse("assistance:stock_overview"), store_data).status_code
        == 403
    )
    assert officer.post(reverse("assistance:stock_overview"), store_data).status_code == 302
    assert Store.objects.get(code="zawiya-store").team == org.team

    fsp_data = {"code": "bank", "name": "Bank", "export_format": "csv", "columns": ["payment_id", "amount"]}
    assert officer.post(reverse("assistance:cash_plan_list"), fsp_data).status_code == 403
    cash = client_for(users["cash_officer"])
    assert (
        cash.post(reverse("assistance:cash_plan_list"), {**fsp_data, "columns": ["bogus"]}).status_code == 400
    )
    assert cash.post(reverse("assistance:cash_plan_list"), fsp_data).status_code == 302
    assert FinancialServiceProvider.objects.get(code="bank").columns == ["payment_id", "amount"]


def test_cash_and_store_pages_query_count_does_not_grow(users, org, client_for, stores, catalogue, register):
    from sanad.assistance.services.cash import cash_plan_build_list

    fsp = fsp_create(
        actor=users["cash_officer"],
        code="q",
        name="Q",
        agency=org.agency,
        export_format="csv",
        columns=["amount"],
    )
    cash, logistics = client_for(users["cash_officer"]), client_for(users["logistics_officer"])

    def add_plan(n):
        register(given_name=f"Q{n}")
        plan = cash_plan_create(
            actor=users["cash_officer"],
            title=f"P{n}",
            cycle=f"c{n}",
            fsp=fsp,
            unit=org.unit,
            amount_basis="fixed",
            fixed_amount="5",
        )
        cash_plan_build_list(actor=users["cash_officer"], plan=plan, people=Person.objects.all())
        stock_receive(
            actor=users["logistics_officer"], store=stores.team, item=catalogue.soap, quantity=n + 1
        )
        return plan

    def count(client, url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    plan = add_plan(0)
    urls = [
        (cash, reverse("assistance:cash_plan_list")),
        (cash, reverse("assistance:cash_plan_detail", args=[plan.uuid])),
        (logistics, reverse("assistance:store_detail", args=[stores.team.uuid])),
    ]
    first = [count(c, u) for c, u in urls]
    for n in range(1, 4):
        add_plan(n)
    assert [count(c, u) for c, u in urls] == first


def test_the_pages_choices_of_records_are_uuids_and_a_posted_uuid_is_taken(
    users, client_for, org, stores, catalogue
):
    """Forms post UUIDs, never integer keys: the store page's options and the store edit page's
    selected team are UUIDs, and a transfer posted with them is recorded."""
    client = client_for(users["logistics_officer"])
    page = client.get(reverse("assistance:store_detail", args=[stores.warehouse.uuid])).content.decode()
    assert f'<option value="{catalogue.blanket.uuid}" translate="no">' in page
    assert f'<option value="{stores.team.uuid}" translate="no">' in page
    assert f'<option value="{catalogue.blanket.pk}"' not in page
    edit = client.get(reverse("assistance:store_edit", args=[stores.team.uuid])).content.decode()
    selected = re.search(rf'<option value="{org.team.uuid}"([^>]*)>', edit)
    assert selected and "selected" in selected.group(1) and 'translate="no"' in selected.group(1)
    assert f'name="minimum_{catalogue.blanket.uuid}"' in edit

    stock_receive(
        actor=users["logistics_officer"], store=stores.warehouse, item=catalogue.blanket, quantity=9
    )
    url = reverse("assistance:transfer_dispatch", args=[stores.warehouse.uuid])
    by_key = {"transfer-to_store": stores.team.pk, "transfer-item_0": catalogue.blanket.pk}
    assert client.post(url, {**by_key, "transfer-quantity_0": "4"}).status_code == 400
    by_uuid = {"transfer-to_store": stores.team.uuid, "transfer-item_0": catalogue.blanket.uuid}
    assert client.post(url, {**by_uuid, "transfer-quantity_0": "4"}).status_code == 302
    from sanad.assistance.models import TransferLine

    line = TransferLine.objects.get()
    assert (line.transfer.to_store, line.item, line.quantity_dispatched) == (
        stores.team,
        catalogue.blanket,
        4,
    )
