"""Stock never goes negative under concurrent distributions — proven on PostgreSQL.

Many threads, each with its own database connection, record a hygiene kit at the same moment
against a store that holds fewer kits than there are threads. The balance row lock
(``SELECT … FOR UPDATE``) serialises them: exactly as many succeed as there were kits, the others
are refused, the balance ends at zero, and the cached balance equals the ledger.

SQLite has no row locks (it serialises whole-database writes), so the proof is PostgreSQL-only.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sanad.assistance.models import DistributionReceipt, StockBalance, StockMovement
from sanad.assistance.services.distributions import distribution_record
from sanad.assistance.services.stock import InsufficientStock, stock_issue, stock_receive, stock_verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises all writes",
    ),
]

THREADS = 12
STOCK = 5


def _run_concurrently(work, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:  # the refusal is the expected outcome for some threads
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_concurrent_recordings_never_take_more_than_the_store_holds(
    users, stores, catalogue, rules, open_distribution, register
):
    distribution = open_distribution(stock=0)
    stock_receive(
        actor=users["logistics_officer"],
        store=stores.team,
        item=catalogue.hygiene,
        quantity=STOCK,
        batch="HK-1",
    )
    people = [register(given_name=f"Person{i}") for i in range(THREADS)]
    caseworker = users["caseworker"]

    def record(index: int):
        return distribution_record(
            actor=caseworker, distribution=distribution, person=people[index], items={catalogue.hygiene: 1}
        )

    results = _run_concurrently(record, THREADS)

    succeeded = [r for r in results if isinstance(r, DistributionReceipt)]
    refused = [r for r in results if isinstance(r, InsufficientStock)]
    assert len(succeeded) == STOCK, results
    assert len(refused) == THREADS - STOCK, results
    assert StockBalance.objects.get(store=stores.team, item=catalogue.hygiene).quantity == 0
    assert -sum(StockMovement.objects.filter(kind="issue").values_list("quantity", flat=True)) == STOCK
    assert stock_verify() == []


def test_concurrent_issues_across_batches_never_overdraw(users, stores, catalogue, open_distribution):
    officer = users["logistics_officer"]
    distributions = [open_distribution(stock=0, store=stores.warehouse, actor=officer) for _ in range(4)]
    for batch in ("A", "B", "C"):
        stock_receive(actor=officer, store=stores.warehouse, item=catalogue.blanket, quantity=7, batch=batch)

    def issue(index: int):
        return stock_issue(
            actor=officer, distribution=distributions[index % 4], item=catalogue.blanket, quantity=2
        )

    results = _run_concurrently(issue, THREADS)
    succeeded = [r for r in results if isinstance(r, list)]
    assert all(isinstance(r, list | InsufficientStock) for r in results), results
    assert len(succeeded) == 10  # 21 blankets: ten issues of two, the last one lacks one
    assert sum(StockBalance.objects.filter(store=stores.warehouse).values_list("quantity", flat=True)) == 1
    assert not StockBalance.objects.filter(quantity__lt=0).exists()
    assert stock_verify() == []
