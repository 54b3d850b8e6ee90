"""Every write page refuses (403) the roles without its action and changes nothing; the same
page answers 404 to an allowed role outside the record's scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.assistance.services.stock import adjustment_request, stock_receive, transfer_dispatch
from sanad.core.models import AuditEvent
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import assert_role_matrix, may

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(users, org, stores, catalogue, open_distribution, cash_plan):
    officer = users["logistics_officer"]
    distribution = open_distribution()
    stock_receive(actor=officer, store=stores.warehouse, item=catalogue.blanket, quantity=10)
    transfer = transfer_dispatch(
        actor=officer, from_store=stores.warehouse, to_store=stores.team, lines=[(catalogue.blanket, 2)]
    )
    adjustment = adjustment_request(
        actor=officer, store=stores.team, item=catalogue.blanket, quantity=1, reason="count"
    )
    plan = cash_plan(columns=["amount"], fixed_amount="10", cycle="c")
    d, p, s = distribution.uuid, plan.uuid, stores.team.uuid
    return [
        (reverse("assistance:stock_receive", args=[s]), "stock.manage"),
        (reverse("assistance:transfer_dispatch", args=[s]), "stock.manage"),
        (reverse("assistance:adjustment_request", args=[s]), "stock.manage"),
        (reverse("assistance:transfer_receive", args=[transfer.uuid]), "stock.receive"),
        (reverse("assistance:adjustment_decide", args=[adjustment.uuid]), "stock.approve"),
        (reverse("assistance:distribution_create"), "distributions.manage"),
        (reverse("assistance:distribution_open", args=[d]), "distributions.manage"),
        (reverse("assistance:distribution_issue", args=[d]), "distributions.manage"),
        (reverse("assistance:distribution_close", args=[d]), "distributions.manage"),
        (reverse("assistance:distribution_list_prepare", args=[d]), "distributions.manage"),
        (reverse("assistance:distribution_sample", args=[d]), "distributions.manage"),
        (reverse("assistance:distribution_record", args=[d]), "distributions.record"),
        (reverse("assistance:distribution_bulk", args=[d]), "distributions.record"),
        (reverse("assistance:distribution_headcount", args=[d]), "distributions.record"),
        (reverse("assistance:cash_plan_create"), "cash.manage"),
        (reverse("assistance:cash_plan_build", args=[p]), "cash.manage"),
        (reverse("assistance:cash_plan_submit", args=[p]), "cash.manage"),
        (reverse("assistance:cash_plan_export", args=[p]), "cash.manage"),
        (reverse("assistance:cash_plan_reconcile", args=[p]), "cash.manage"),
        (reverse("assistance:cash_plan_follow_up", args=[p]), "cash.manage"),
        (reverse("assistance:cash_plan_sample", args=[p]), "cash.manage"),
        (reverse("assistance:entitlement_rules"), "items.manage"),
        (reverse("assistance:item_list"), "items.manage"),
        (reverse("assistance:stock_overview"), "stock.manage"),
        (reverse("assistance:cash_plan_list"), "cash.manage"),
        (reverse("assistance:store_edit", args=[s]), "stock.manage"),
        (reverse("assistance:item_edit", args=[catalogue.blanket.uuid]), "items.manage"),
        (reverse("assistance:fsp_edit", args=[plan.fsp.uuid]), "cash.manage"),
    ]


def test_refused_roles_get_403_and_nothing_changes(users, client_for, targets):
    for url, action in targets:
        for role in ALL_ROLES:
            user = users[role]
            if may(user, action):
                continue
            before = AuditEvent.objects.count()
            assert client_for(user).post(url, {}).status_code == 403, (role, url)
            assert AuditEvent.objects.count() == before, (role, url)


def test_allowed_roles_of_another_agency_get_404(other_agency_users, client_for, targets):
    for url, action in targets:
        if "/new/" in url or url.endswith(("/entitlements/", "/items/", "/stock/", "/cash/")):
            continue  # creation pages have no record to hide
        if "/items/" in url:
            continue  # the catalogue is shared by every agency
        for role in ("logistics_officer", "team_leader", "caseworker", "cash_officer"):
            user = other_agency_users[role]
            if may(user, action):
                before = AuditEvent.objects.count()
                assert client_for(user).post(url, {}).status_code == 404, (role, url)
                assert AuditEvent.objects.count() == before, (role, url)


def test_assistance_grants_are_the_reviewed_ones():
    """The assistance rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("items", "stock", "distributions", "cash")
