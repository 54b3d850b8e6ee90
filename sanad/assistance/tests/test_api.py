"""The assistance API: role matrix, scope (out of scope is 404), recording with idempotency and the
one error shape, Decimal amounts as strings, and query counts of the list endpoints."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanad.assistance.models import DistributionReceipt, StockMovement
from sanad.assistance.services.cash import cash_plan_build_list, cash_plan_create, fsp_create
from sanad.assistance.services.stock import stock_receive
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import may
from sanad.registry.models import Person

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/v1/items/": "items.view",
    "/api/v1/stores/": "stock.view",
    "/api/v1/stock-movements/": "stock.view",
    "/api/v1/distributions/": "distributions.view",
    "/api/v1/cash-plans/": "cash.view",
    "/api/v1/payments/": "cash.view",
}


@pytest.fixture
def plan(users, org, register):
    fsp = fsp_create(
        actor=users["cash_officer"],
        code="lpb",
        name="LPB",
        agency=org.agency,
        export_format="xlsx",
        columns=["payment_id", "amount"],
    )
    plan = cash_plan_create(
        actor=users["cash_officer"],
        title="MPCA",
        cycle="2026-11",
        fsp=fsp,
        unit=org.unit,
        amount_basis="fixed",
        fixed_amount="250.125",
    )
    register()
    cash_plan_build_list(actor=users["cash_officer"], plan=plan, people=Person.objects.all())
    return plan


@pytest.mark.parametrize("url,action", LISTS.items())
def test_list_endpoints_role_matrix(url, action, users, api_client_for):
    for role in ALL_ROLES:
        response = api_client_for(users[role]).get(url)
        assert response.status_code == (200 if may(users[role], action) else 403), (role, url)


def test_scope_out_of_scope_is_404(
    users, other_team_users, other_agency_users, api_client_for, stores, open_distribution, plan
):
    distribution = open_distribution()
    assert (
        api_client_for(users["caseworker"]).get(f"/api/v1/distributions/{distribution.uuid}/").status_code
        == 200
    )
    assert (
        api_client_for(other_team_users["caseworker"])
        .get(f"/api/v1/distributions/{distribution.uuid}/")
        .status_code
        == 404
    )
    assert (
        api_client_for(other_team_users["caseworker"]).get(f"/api/v1/stores/{stores.team.uuid}/").status_code
        == 404
    )
    assert (
        api_client_for(other_agency_users["cash_officer"]).get(f"/api/v1/cash-plans/{plan.uuid}/").status_code
        == 404
    )
    listed = api_client_for(other_team_users["caseworker"]).get("/api/v1/distributions/").json()["results"]
    assert str(distribution.uuid) not in {d["uuid"] for d in listed}


def test_amounts_are_decimal_strings(users, api_client_for, plan):
    body = api_client_for(users["cash_officer"]).get(f"/api/v1/payments/?plan={plan.uuid}").json()
    assert [p["amount"] for p in body["results"]] == ["250.125"]
    assert (
        api_client_for(users["cash_officer"]).get(f"/api/v1/cash-plans/{plan.uuid}/").json()["fixed_amount"]
        == "250.125"
    )


def test_receipt_into_store_and_refused_write(users, api_client_for, stores, catalogue):
    body = {"store": str(stores.warehouse.uuid), "item": "blanket", "quantity": 40, "donor": "ECHO"}
    refused = api_client_for(users["caseworker"]).post("/api/v1/stock-movements/", body, format="json")
    assert refused.status_code == 403 and not StockMovement.objects.exists()
    bad = api_client_for(users["logistics_officer"]).post(
        "/api/v1/stock-movements/", {**body, "quantity": 0}, format="json"
    )
    assert bad.status_code == 400 and "quantity" in bad.json()["error"]["fields"]
    created = api_client_for(users["logistics_officer"]).post("/api/v1/stock-movements/", body, format="json")
    assert created.status_code == 201 and created.json()["quantity"] == 40


def test_record_receipt_idempotent_and_double_dipping_refused(
    users, api_client_for, catalogue, rules, open_distribution, register
):
    distribution = open_distribution()
    person = register()
    client = api_client_for(users["caseworker"])
    url = f"/api/v1/distributions/{distribution.uuid}/receipts/"
    body = {"person": str(person.uuid), "items": {"hygiene_kit": 1}}
    first = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201 and first.json()["uuid"] == again.json()["uuid"]
    second = client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert second.status_code == 400 and "override_reason" in second.json()["error"]["fields"]
    assert DistributionReceipt.objects.count() == 1


def test_list_endpoint_query_counts(users, api_client_for, stores, catalogue, open_distribution):
    clients = {role: api_client_for(users[role]) for role in ("cash_officer", "logistics_officer")}

    def count(url):
        client = clients["cash_officer" if "cash" in url or "payments" in url else "logistics_officer"]
        client.get(url)  # the same request once before measuring: only growth with the data counts
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    open_distribution()
    first = {url: count(url) for url in LISTS}
    for _ in range(3):
        open_distribution()
    stock_receive(actor=users["logistics_officer"], store=stores.warehouse, item=catalogue.soap, quantity=4)
    assert {url: count(url) for url in LISTS} == first
