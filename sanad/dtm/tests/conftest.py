"""DTM fixtures: the real gazetteer and the real Round 54 file, imported once per test that asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanad.dtm.services import round_import
from sanad.dtm.tests.monitoring_fixtures import places  # noqa: F401  (flows, detention, events)
from sanad.geo.services import gazetteer_load

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
R54_FILE = DATA_DIR / "DTM_Libya_R54_Migrant_Dataset_PUBLIC.xlsx"


@pytest.fixture
def gazetteer(db):
    return gazetteer_load(actor=None)


@pytest.fixture
def r54(gazetteer):
    """Round 54 (migrants) imported from the shipped file."""
    with R54_FILE.open("rb") as handle:
        return round_import(
            actor=None, file=handle, number=54, population="migrants", file_name=R54_FILE.name
        )
