"""DTM fixtures. ``gazetteer`` and ``r54`` (the real gazetteer, and the real Round 54 file imported
on it) are in sanad/conftest.py: loaded once per test session, rolled back around each test."""

from __future__ import annotations

from sanad.core.tests.session_data import DTM_DATA as DATA_DIR  # noqa: F401  (tests import it from here)
from sanad.core.tests.session_data import R54_FILE  # noqa: F401
from sanad.dtm.tests.monitoring_fixtures import places  # noqa: F401  (flows, detention, events)
