"""IDP / returnee baselines: the same models, imported from a CSV through their own mapping."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse

from sanad.dtm.models import BaladiyaFigure, Round
from sanad.dtm.services import DtmImportError, round_import
from sanad.dtm.tests.conftest import DATA_DIR

pytestmark = pytest.mark.django_db
SAMPLE = DATA_DIR.parent / "tests" / "data" / "idp_baseline_sample.csv"


def test_idp_baseline_imports_from_csv(gazetteer):
    with SAMPLE.open("rb") as handle:
        report = round_import(actor=None, file=handle, number=54, population="idps", file_name=SAMPLE.name)
    round_ = report.round
    assert (round_.population, round_.total_individuals, round_.baladiya_count) == ("idps", 23_800, 3)
    assert round_.status == Round.Status.UNCHECKED
    assert BaladiyaFigure.objects.get(round=round_, admin_unit__pcode="LY020907").households == 620


def test_idp_round_is_apart_from_the_migrant_round(gazetteer, users, client_for):
    with SAMPLE.open("rb") as handle:
        round_import(actor=None, file=handle, number=54, population="idps")
    client = client_for(users["dtm_officer"])
    response = client.get(reverse("dtm:map"), {"population": "idps"})
    assert response.context["round"].population == "idps"
    assert (
        client.get(reverse("dtm:trends"), {"population": "idps"}).context["rounds"][0].total_individuals
        == 23_800
    )
    assert client.get(reverse("dtm:map")).context["round"] is None  # no migrant round yet


def test_bad_csv_changes_nothing(gazetteer):
    data = SAMPLE.read_bytes().replace(b"8200", b"about 8000").replace(b"LY021104", b"LY021199")
    with pytest.raises(DtmImportError) as info:
        round_import(actor=None, file=BytesIO(data), number=54, population="idps")
    messages = [str(p) for p in info.value.problems]
    assert any("row 3, column “IDP Individuals” (value “about 8000”)" in m for m in messages)
    assert any("(value “LY021199”): this P-code is not in the gazetteer" in m for m in messages)
    assert Round.objects.count() == 0
