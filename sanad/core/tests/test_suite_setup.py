"""The test suite's own set-up: session-level reference data that each test sees only when it asks
for it and whose changes are rolled back, a closed network, and no test that sleeps."""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest
from django.db import transaction
from pytest_socket import SocketConnectBlockedError

from sanad.core.tests import session_data
from sanad.core.tests.factories import AdminUnitFactory
from sanad.core.tests.session_data import SESSION_DATA, SessionData, layers_wanted
from sanad.geo.models import AdminUnit

SANAD = Path(__file__).resolve().parents[2]


def _pcodes() -> set[str]:
    return set(AdminUnit.objects.values_list("pcode", flat=True))


def test_layers_load_on_each_other_and_roll_back_from_the_top(
    django_db_setup, django_db_blocker, monkeypatch
):
    """Cheap stand-ins for the gazetteer and Round 54, in the same transactions as the real ones."""
    monkeypatch.setitem(session_data.LOADERS, "gazetteer", lambda: AdminUnitFactory(pcode="LY90").pcode)
    monkeypatch.setitem(session_data.LOADERS, "r54", lambda: AdminUnitFactory(pcode="LY91").pcode)
    data = SessionData()
    try:
        data.ensure(1)  # nothing opens before a layer fixture hands over the blocker
        data.open("r54", django_db_blocker)  # nor without the layer below it
        assert data.names == []
        data.ensure(2, django_db_blocker)
        assert data.names == ["gazetteer", "r54"]
        assert data.value("gazetteer") == "LY90"
        with django_db_blocker.unblock():
            assert _pcodes() == {"LY90", "LY91"}
            # What a test changes, in pytest-django's per-test transaction, is rolled back with it.
            test_transaction = transaction.atomic()
            test_transaction.__enter__()
            AdminUnit.objects.filter(pcode="LY90").update(name_en="Changed by a test")
            AdminUnit.objects.filter(pcode="LY91").delete()
            transaction.set_rollback(True)
            test_transaction.__exit__(None, None, None)
            assert _pcodes() == {"LY90", "LY91"}
            assert AdminUnit.objects.get(pcode="LY90").name_en != "Changed by a test"
        data.keep_only(1)
        assert data.value("r54") is None
        with django_db_blocker.unblock():
            assert _pcodes() == {"LY90"}
        data.keep_only(0)
        with django_db_blocker.unblock():
            assert _pcodes() == set()
            assert not transaction.get_connection().in_atomic_block
        data.closed_for_test = True  # a transactional test: no layer opens
        data.ensure(1)
        assert data.names == []
    finally:
        data.keep_only(0)


def test_a_test_that_does_not_ask_for_the_gazetteer_does_not_see_it(db):
    assert SESSION_DATA.names == []
    assert AdminUnit.objects.count() == 0


def test_the_gazetteer_is_loaded_once_for_the_session_below_the_test(gazetteer):
    from sanad.dtm.models import Round

    assert SESSION_DATA.names == ["gazetteer"]
    assert gazetteer.total_created == AdminUnit.objects.count() > 100
    assert not Round.objects.exists()  # Round 54 lies above, for the tests that ask for it


def test_round_54_is_loaded_on_the_gazetteer(r54):
    assert SESSION_DATA.names == ["gazetteer", "r54"]
    assert r54.round.number == 54
    r54.round.number = 55  # each test gets its own copy
    assert SESSION_DATA.value("r54").round.number == 54


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_loads_the_gazetteer_itself_with_no_layer_open(gazetteer):
    assert SESSION_DATA.names == []
    assert not transaction.get_connection().in_atomic_block
    assert AdminUnit.objects.count() == gazetteer.total_created > 100


def test_tests_run_grouped_by_the_layers_they_ask_for():
    assert layers_wanted(["db", "users"]) == 0
    assert layers_wanted(["_gazetteer_layer", "gazetteer"]) == 1
    assert layers_wanted(["_gazetteer_layer", "_r54_layer", "r54"]) == 2


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_the_network_is_closed_but_this_machine_is_reachable():
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.10", 80), timeout=1)  # TEST-NET-1, never routed
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass


def _sleeps(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "sleep":
                found.append(f"{path.relative_to(SANAD.parent)}:{node.lineno}")
    return found


def test_no_test_sleeps():
    """Time is controlled (a patched clock, times passed in), never waited for (the browser tests,
    which wait for a real browser, are not checked here)."""
    paths = [SANAD / "conftest.py", *SANAD.glob("*/tests/**/*.py")]
    found = [where for path in paths for where in _sleeps(path)]
    assert not found, "tests that sleep: " + ", ".join(found)
