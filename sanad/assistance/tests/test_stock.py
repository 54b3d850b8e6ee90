"""The stock ledger: receipts, issues, transfers with losses, four-eyes adjustments, and the
invariants (balance = sum of the ledger, never negative) under random sequences of movements."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanad.assistance.models import StockAdjustment, StockAlert, StockBalance, StockMovement, StockThreshold
from sanad.assistance.services.alerts import stock_alerts_refresh
from sanad.assistance.services.stock import (
    InsufficientStock,
    adjustment_decide,
    adjustment_request,
    stock_issue,
    stock_receive,
    stock_verify,
    transfer_dispatch,
    transfer_receive,
)
from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def on_hand(store, item) -> int:
    return sum(StockBalance.objects.filter(store=store, item=item).values_list("quantity", flat=True))


def test_receipt_posts_to_ledger_and_balance_and_is_audited(users, stores, catalogue):
    actor = users["logistics_officer"]
    movement = stock_receive(
        actor=actor,
        store=stores.warehouse,
        item=catalogue.hygiene,
        quantity=120,
        batch="HK-2026-01",
        expiry_date=datetime.date(2027, 6, 30),
        donor="ECHO",
        project="MRRM-26",
        supplier="Al Noor Trading",
    )
    assert movement.kind == "receipt" and movement.quantity == 120 and movement.donor == "ECHO"
    balance = StockBalance.objects.get(store=stores.warehouse, item=catalogue.hygiene, batch="HK-2026-01")
    assert balance.quantity == 120 and balance.expiry_date == datetime.date(2027, 6, 30)
    event = AuditEvent.objects.get(action="assistance.stock.receive")
    assert event.changes["quantity"] == [None, 120] and event.actor == actor
    assert stock_verify() == []


def test_receipt_refuses_zero_and_negative(users, stores, catalogue):
    for bad in (0, -5):
        with pytest.raises(ValidationError) as exc:
            stock_receive(
                actor=users["logistics_officer"], store=stores.warehouse, item=catalogue.blanket, quantity=bad
            )
        assert "quantity" in exc.value.message_dict
    assert not StockMovement.objects.exists()


def test_issue_takes_first_expiry_first_and_refuses_more_than_on_hand(
    users, stores, catalogue, open_distribution
):
    actor = users["logistics_officer"]
    distribution = open_distribution(stock=0, store=stores.warehouse, actor=actor)
    stock_receive(
        actor=actor,
        store=stores.warehouse,
        item=catalogue.food,
        quantity=10,
        batch="LATE",
        expiry_date=datetime.date(2027, 12, 1),
    )
    stock_receive(
        actor=actor,
        store=stores.warehouse,
        item=catalogue.food,
        quantity=4,
        batch="EARLY",
        expiry_date=datetime.date(2027, 1, 1),
    )
    movements = stock_issue(actor=actor, distribution=distribution, item=catalogue.food, quantity=6)
    assert [(m.batch, m.quantity) for m in movements] == [("EARLY", -4), ("LATE", -2)]
    with pytest.raises(InsufficientStock):
        stock_issue(actor=actor, distribution=distribution, item=catalogue.food, quantity=9)
    assert on_hand(stores.warehouse, catalogue.food) == 8
    assert stock_verify() == []


def test_transfer_in_transit_then_received_with_losses(users, stores, catalogue):
    actor = users["logistics_officer"]
    stock_receive(actor=actor, store=stores.warehouse, item=catalogue.hygiene, quantity=100, batch="B1")
    transfer = transfer_dispatch(
        actor=actor, from_store=stores.warehouse, to_store=stores.team, lines=[(catalogue.hygiene, 40)]
    )
    assert transfer.status == "dispatched" and transfer.reference
    assert on_hand(stores.warehouse, catalogue.hygiene) == 60
    assert on_hand(stores.team, catalogue.hygiene) == 0  # in transit: in neither store
    line = transfer.lines.get()
    with pytest.raises(ValidationError) as exc:
        transfer_receive(actor=users["team_leader"], transfer=transfer, received={line.pk: (37, "")})
    assert "received" in exc.value.message_dict
    transfer_receive(
        actor=users["team_leader"], transfer=transfer, received={line.pk: (37, "3 damaged by rain")}
    )
    line.refresh_from_db()
    assert (line.quantity_received, line.quantity_lost, line.loss_reason) == (37, 3, "3 damaged by rain")
    assert on_hand(stores.team, catalogue.hygiene) == 37
    with pytest.raises(DomainError):
        transfer_receive(actor=users["team_leader"], transfer=transfer)
    assert stock_verify() == []


def test_adjustment_needs_a_second_person_and_cannot_go_negative(users, stores, catalogue):
    officer, leader = users["logistics_officer"], users["team_leader"]
    stock_receive(actor=officer, store=stores.team, item=catalogue.blanket, quantity=10)
    adjustment = adjustment_request(
        actor=officer, store=stores.team, item=catalogue.blanket, quantity=-3, reason="count"
    )
    assert on_hand(stores.team, catalogue.blanket) == 10  # not posted before approval
    with pytest.raises(DomainError):
        adjustment_decide(actor=officer, adjustment=adjustment, approve=True)
    adjustment_decide(actor=leader, adjustment=adjustment, approve=True)
    assert on_hand(stores.team, catalogue.blanket) == 7
    too_much = adjustment_request(
        actor=officer, store=stores.team, item=catalogue.blanket, quantity=-8, reason="theft"
    )
    with pytest.raises(InsufficientStock):
        adjustment_decide(actor=leader, adjustment=too_much, approve=True)
    too_much.refresh_from_db()
    assert too_much.status == StockAdjustment.Status.PENDING
    with pytest.raises(ValidationError):
        adjustment_request(
            actor=officer, store=stores.team, item=catalogue.blanket, quantity=1, reason="other"
        )
    assert stock_verify() == []


def test_database_refuses_a_negative_balance_even_bypassing_the_service(stores, catalogue):
    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.create(store=stores.team, item=catalogue.soap, batch="", quantity=-1)


def test_alerts_raise_and_resolve(users, stores, catalogue):
    actor = users["logistics_officer"]
    StockThreshold.objects.create(store=stores.warehouse, item=catalogue.blanket, minimum=20)
    stock_receive(actor=actor, store=stores.warehouse, item=catalogue.blanket, quantity=5)
    stock_receive(
        actor=actor,
        store=stores.warehouse,
        item=catalogue.food,
        quantity=5,
        batch="F1",
        expiry_date=datetime.date(2026, 12, 1),
    )
    now = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
    assert stock_alerts_refresh(now=now) == {"raised": 2, "resolved": 0, "open": 2}
    assert stock_alerts_refresh(now=now)["raised"] == 0  # idempotent
    stock_receive(actor=actor, store=stores.warehouse, item=catalogue.blanket, quantity=30)
    assert stock_alerts_refresh(now=now)["resolved"] == 1
    assert list(StockAlert.objects.filter(resolved_at=None).values_list("kind", flat=True)) == ["expiry"]


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["receive", "issue", "transfer", "adjust"]),
        st.integers(0, 1),
        st.integers(0, 1),
        st.integers(1, 30),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_random_movements_never_go_negative_and_balance_equals_ledger(
    operations, users, stores, catalogue, open_distribution
):
    with transaction.atomic():
        sid = transaction.savepoint()
        actor, approver = users["logistics_officer"], users["team_leader"]
        places = [stores.warehouse, stores.team]
        items = [catalogue.hygiene, catalogue.blanket]
        distribution = open_distribution(stock=0, store=stores.team)
        expected = {(s.pk, i.pk): on_hand(s, i) for s in places for i in items}
        for op, store_index, item_index, quantity in operations:
            store, item = places[store_index], items[item_index]
            key = (store.pk, item.pk)
            try:
                if op == "receive":
                    stock_receive(
                        actor=actor, store=store, item=item, quantity=quantity, batch=f"b{quantity % 3}"
                    )
                    expected[key] += quantity
                elif op == "issue":
                    stock_issue(actor=actor, distribution=distribution, item=item, quantity=quantity)
                    expected[(stores.team.pk, item.pk)] -= quantity
                elif op == "transfer":
                    other = places[1 - store_index]
                    t = transfer_dispatch(
                        actor=actor, from_store=store, to_store=other, lines=[(item, quantity)]
                    )
                    expected[key] -= quantity
                    transfer_receive(actor=approver, transfer=t)
                    expected[(other.pk, item.pk)] += quantity
                else:
                    a = adjustment_request(
                        actor=actor,
                        store=store,
                        item=item,
                        quantity=-quantity,
                        reason="count",
                        batch=f"b{quantity % 3}",
                    )
                    adjustment_decide(actor=approver, adjustment=a, approve=True)
                    expected[key] -= quantity
            except InsufficientStock:
                pass
            assert not StockBalance.objects.filter(quantity__lt=0).exists()
        assert {
            k: on_hand(*(s for s in places if s.pk == k[0]), *(i for i in items if i.pk == k[1]))
            for k in expected
        } == expected
        assert stock_verify() == []
        transaction.savepoint_rollback(sid)
