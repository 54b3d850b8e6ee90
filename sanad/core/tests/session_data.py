"""Reference data loaded once per test session (once per xdist worker): the Libya gazetteer and
DTM Round 54.

Loading them takes seconds and dozens of tests read them. Each is a *layer*, loaded in a
transaction (the gazetteer) or a savepoint (Round 54, on top of the gazetteer) that stays open
while the tests that ask for it run. Layers are opened before pytest-django's per-test
transaction (by the session-scoped layer fixtures for the first test, then by
``pytest_runtest_setup`` in sanad/conftest.py), so each test still runs in its own savepoint above
them, and whatever it changes — gazetteer rows included — is rolled back after it.

A test that does not ask for a layer never sees it: before each test the layers it does not ask
for are rolled back. Tests are ordered so that those asking for the same layers run one after the
other (``pytest_collection_modifyitems`` there), so each worker loads each layer once. A
transactional test (it commits) runs with no layer open: its ``gazetteer`` or ``r54`` fixture
loads the data inside it, as before.

Nothing is ever committed, so a reused test database (``--reuse-db``) stays empty.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from django.db import transaction
from django.utils import translation

DTM_DATA = Path(__file__).resolve().parents[2] / "dtm" / "data"
R54_FILE = DTM_DATA / "DTM_Libya_R54_Migrant_Dataset_PUBLIC.xlsx"

# Each layer lies on the ones before it; the fixture that holds a layer open, by layer.
LAYERS = ("gazetteer", "r54")
LAYER_FIXTURES = {"gazetteer": "_gazetteer_layer", "r54": "_r54_layer"}


def load_gazetteer():
    from sanad.geo.services import gazetteer_load

    return gazetteer_load(actor=None)


def load_r54():
    from sanad.dtm.services import round_import

    with R54_FILE.open("rb") as handle:
        return round_import(
            actor=None, file=handle, number=54, population="migrants", file_name=R54_FILE.name
        )


LOADERS = {"gazetteer": load_gazetteer, "r54": load_r54}


def transactional(item) -> bool:
    """Whether a test runs outside a transaction (it commits, flushes the tables after itself and
    runs on-commit callbacks): no layer may be open around it."""
    names = getattr(item, "fixturenames", ())
    if {"transactional_db", "live_server", "django_db_reset_sequences"} & set(names):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))


def layers_for(item) -> int:
    """How many layers (from the bottom) a test asks for; -1 for a transactional test, which
    gets none (its fixtures load the data inside it) and runs before the layers' tests."""
    if transactional(item):
        return -1
    return layers_wanted(getattr(item, "fixturenames", ()))


def layers_wanted(fixturenames) -> int:
    """How many layers (from the bottom) a test with these fixtures asks for."""
    wanted = 0
    for index, name in enumerate(LAYERS, start=1):
        if LAYER_FIXTURES[name] in fixturenames:
            wanted = index
    return wanted


class SessionData:
    def __init__(self):
        self._open: list[tuple[str, transaction.Atomic, object]] = []
        self._blocker = None
        self.closed_for_test = False  # the running test is transactional

    @property
    def names(self) -> list[str]:
        return [name for name, _atomic, _value in self._open]

    def open(self, name: str, blocker) -> None:
        """Load layer ``name`` on the layers below it, in a transaction left open."""
        below = list(LAYERS[: LAYERS.index(name)])
        if self.closed_for_test or self.names != below:
            # The layers below were rolled back for a test that did not ask for them: the
            # fixtures load the data inside each test instead.
            return
        self._blocker = blocker
        with blocker.unblock():
            atomic = transaction.atomic()
            # Code under test may open durable blocks; inside the layers as inside a TestCase.
            atomic._from_testcase = True
            atomic.__enter__()
            try:
                with translation.override(None):
                    value = LOADERS[name]()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self._open.append((name, atomic, value))

    def ensure(self, count: int, blocker=None) -> None:
        """Exactly the first ``count`` layers open (none when ``count`` < 1). Layers are opened only
        once a layer fixture has handed over pytest-django's blocker (the test database exists)."""
        self._blocker = blocker or self._blocker
        self.keep_only(count)
        while len(self._open) < count and self._blocker is not None and not self.closed_for_test:
            self.open(LAYERS[len(self._open)], self._blocker)

    def keep_only(self, count: int) -> None:
        """Roll back every layer above the first ``count`` (all of them when ``count`` < 1)."""
        while len(self._open) > max(count, 0):
            _name, atomic, _value = self._open.pop()
            with self._blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    def value(self, name: str):
        """A copy of what the layer's loader returned, with model instances read again; None
        when the layer is not open."""
        for open_name, _atomic, value in self._open:
            if open_name == name:
                return _fresh(value)
        return None


def _fresh(report):
    """A test may change the report it is given (or a model instance in it): give each its own."""
    if dataclasses.is_dataclass(report) and hasattr(report, "round"):
        round_ = type(report.round).objects.get(pk=report.round.pk)
        return dataclasses.replace(report, round=round_, checks=copy.deepcopy(report.checks))
    return copy.deepcopy(report)


SESSION_DATA = SessionData()
