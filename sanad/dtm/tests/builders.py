"""Small DTM workbooks in the published Round 54 layout, for tests of the importer."""

from __future__ import annotations

import json
from io import BytesIO

from openpyxl import Workbook

from sanad.dtm.services.mapping import MAPPINGS_DIR

MAPPING = json.loads((MAPPINGS_DIR / "r54_migrants.json").read_text(encoding="utf-8"))


def _headers(key: str) -> list[str]:
    return list(MAPPING["sheets"][key]["columns"])


def baladiya_row(pcode="LY010304", individuals=1000, **extra):
    row = {
        "Baladiya PCode": pcode,
        "ADM 3 Baladiya-Area (EN)": "Benghazi",
        "Lat": 32.1,
        "Long": 20.1,
        "AssessmentRound": 54,
        "Migrants (IND)": individuals,
    }
    row.update(extra)
    return row


def muhalla_row(pcode="LY01030401", individuals=600, **extra):
    row = dict.fromkeys(_headers("muhalla"), 0)
    row.update(
        {
            "Muhalla_pcode": pcode,
            "ADM4_Muhalla_EN": "Agrbel",
            "Muhalla Type": "Urban",
            "Latitude": None,
            "Longitude": None,
            "AssessmentRound": 54,
            "Migrants in Muhalla": "Yes",
            "Migrant IND": individuals,
            "No accomodation IND": individuals // 10,
            "Migrants arrived last month": individuals // 5,
            "Migrants Adult Men": individuals - individuals // 2,
            "Migrants Adult Women": individuals // 4,
            "Migrants Childern": individuals // 2 - individuals // 4,
            "Priority Need 1": "Food",
            "Priority Need 1 - Problem": "Too expensive",
            "Priority Need 2": "Shelter",
            "Priority Need 2 - Problem": "Not sufficiently available",
            "Priority Need 3": "Health services",
            "Priority Need 3 - Problem": "Too far away",
        }
    )
    row.update(extra)
    return row


def nationality_row(pcode="LY01030401", nationality="Sudan", individuals=600, **extra):
    row = {
        "Muhalla P Code": pcode,
        "Region1": "Africa",
        "Region 2": "North Africa",
        "Migrant Nationality": nationality,
        "Migrant Individuals": individuals,
    }
    row.update(extra)
    return row


def default_rows():
    return {
        "baladiya": [baladiya_row()],
        "muhalla": [muhalla_row(), muhalla_row("LY01030402", 400)],
        "nationality": [nationality_row(), nationality_row("LY01030402", "Niger", 400)],
    }


def build_workbook(rows=None, *, total=1000, drop_sheets=(), summary=True, rename=None) -> BytesIO:
    """A workbook like the published one: a title row above the headers where R54 has one."""
    rows = rows or default_rows()
    workbook = Workbook()
    workbook.remove(workbook.active)
    if summary and "Summary" not in drop_sheets:
        sheet = workbook.create_sheet("Summary")
        sheet.append(["DTM Round 54", "MIGRANT DATASET"])
        sheet.append(["Period", "August-September 2024"])
        sheet.append(["Migrants in Libya", total])
        sheet.append(["# Baladiyas hosting migrants", len(rows["baladiya"])])
        sheet.append(["# Communities hosting migrants", len(rows["muhalla"])])
    for key in ("baladiya", "muhalla", "nationality"):
        spec = MAPPING["sheets"][key]
        if spec["sheet"] in drop_sheets:
            continue
        sheet = workbook.create_sheet(spec["sheet"])
        headers = _headers(key)
        if spec["header_row"] == 2:
            sheet.append(["General Info"])
        sheet.append([(rename or {}).get(h, h) for h in headers])
        for row in rows[key]:
            sheet.append([row.get(h) for h in headers])
    out = BytesIO()
    workbook.save(out)
    out.seek(0)
    out.name = "test.xlsx"
    return out
