"""Reference data loaded once per test session (once per xdist worker): the Libya gazetteer and
DTM Round 54.

Loading them takes seconds and dozens of tests read them. Each is a *layer*: loaded by a
session-scoped fixture in a transaction (the gazetteer) or a savepoint (Round 54, on top of the
gazetteer) that stays open while the tests that ask for it run. Session fixtures are set up
before pytest-django's per-test transaction, so each test still runs in its own savepoint above
the layers, and whatever it changes — gazetteer rows included — is rolled back after it.

A test that does not ask for a layer never sees it: before each test, ``keep_only`` rolls back
the layers the test does not ask for (``sanad/conftest.py``'s ``pytest_runtest_setup``). Tests
are ordered so that those asking for the same layers run one after the other
(``pytest_collection_modifyitems`` there), so each worker loads each layer once. A layer rolled
back earlier than that (a re-ordered run) is not reloaded at session level: its fixture then
loads the data inside the test's own transaction, as before, which is slower but the same data.

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

    @property
    def names(self) -> list[str]:
        return [name for name, _atomic, _value in self._open]

    def open(self, name: str, blocker) -> None:
        """Load layer ``name`` on the layers below it, in a transaction left open."""
        below = list(LAYERS[: LAYERS.index(name)])
        if self.names != below:
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

    def keep_only(self, count: int) -> None:
        """Roll back every layer above the first ``count``."""
        while len(self._open) > count:
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
