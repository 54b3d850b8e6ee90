"""The stock selectors the stock pages and "My work" read through (issue 14: adapters stay thin)."""

from __future__ import annotations

from sanad.assistance.selectors import (
    adjustment_list,
    receivable_transfer_ids,
    store_list,
    store_stocked_items,
    transfer_lines,
    transfer_list,
    transfers_to_receive,
)
from sanad.assistance.services.stock import adjustment_request, stock_receive, transfer_dispatch


def _two_transfers(users, stores, catalogue):
    actor = users["logistics_officer"]
    stock_receive(actor=actor, store=stores.warehouse, item=catalogue.hygiene, quantity=100, batch="B1")
    to_team = transfer_dispatch(
        actor=actor, from_store=stores.warehouse, to_store=stores.team, lines=[(catalogue.hygiene, 10)]
    )
    to_other = transfer_dispatch(
        actor=actor, from_store=stores.warehouse, to_store=stores.other_team, lines=[(catalogue.hygiene, 5)]
    )
    return to_team, to_other


def test_transfers_by_destination_and_dispatch_order(users, stores, catalogue):
    to_team, to_other = _two_transfers(users, stores, catalogue)
    actor = users["logistics_officer"]
    assert list(transfer_list(actor=actor, open_only=True)) == [to_other, to_team]
    assert list(transfer_list(actor=actor, open_only=True, oldest_first=True)) == [to_team, to_other]
    assert list(transfer_list(actor=actor, to_store=stores.team)) == [to_team]
    assert list(transfers_to_receive(actor=actor, oldest_first=True)) == [to_team, to_other]
    assert [(line.item, line.quantity_dispatched) for line in transfer_lines(transfer=to_team)] == [
        (catalogue.hygiene, 10)
    ]


def test_receivable_transfer_ids_by_store(users, stores, catalogue):
    to_team, to_other = _two_transfers(users, stores, catalogue)
    actor = users["logistics_officer"]
    assert receivable_transfer_ids(actor=actor) == {to_team.pk, to_other.pk}
    assert receivable_transfer_ids(actor=actor, to_store=stores.team) == {to_team.pk}
    assert receivable_transfer_ids(actor=actor, to_store=stores.warehouse) == set()


def test_store_list_other_than_leaves_out_the_store(users, stores):
    actor = users["logistics_officer"]
    assert stores.warehouse in store_list(actor=actor)
    assert stores.warehouse not in store_list(actor=actor, other_than=stores.warehouse)
    assert stores.team in store_list(actor=actor, other_than=stores.warehouse)


def test_adjustments_newest_first_without_the_requesters_own(users, stores, catalogue):
    officer, leader = users["logistics_officer"], users["team_leader"]
    stock_receive(actor=officer, store=stores.team, item=catalogue.blanket, quantity=10)
    first = adjustment_request(
        actor=officer, store=stores.team, item=catalogue.blanket, quantity=-1, reason="count"
    )
    second = adjustment_request(
        actor=leader, store=stores.team, item=catalogue.blanket, quantity=-2, reason="count"
    )
    assert list(adjustment_list(actor=officer, newest_first=True)) == [second, first]
    assert list(adjustment_list(actor=officer, not_requested_by=officer)) == [second]


def test_store_stocked_items_one_per_batch_in_stock(users, stores, catalogue):
    actor = users["logistics_officer"]
    stock_receive(actor=actor, store=stores.warehouse, item=catalogue.food, quantity=3, batch="A")
    stock_receive(actor=actor, store=stores.warehouse, item=catalogue.food, quantity=2, batch="B")
    assert store_stocked_items(store=stores.warehouse) == [catalogue.food, catalogue.food]
    assert store_stocked_items(store=stores.team) == []
