"""Daily flow counts as CSV or XLSX with HXL hashtags (row 1 headers, row 2 hashtags)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from sanad.dtm.selectors.flows import FlowFilters, flow_count_list

COLUMNS = [
    ("Region P-code", "#adm1+code"),
    ("Mantika P-code", "#adm2+code"),
    ("Baladiya P-code", "#adm3+code"),
    ("Flow-monitoring point", "#loc+name"),
    ("Point ID", "#loc+code"),
    ("Latitude", "#geo+lat"),
    ("Longitude", "#geo+lon"),
    ("Date", "#date+reported"),
    ("Direction", "#indicator+direction"),
    ("From / to country", "#country+code+route"),
    ("From / to baladiya P-code", "#adm3+code+route"),
    ("Total", "#affected+migrants+total"),
    ("Adult men", "#affected+migrants+m+adults"),
    ("Adult women", "#affected+migrants+f+adults"),
    ("Boys", "#affected+migrants+m+children"),
    ("Girls", "#affected+migrants+f+children"),
]


def _chain_codes(unit) -> dict[int, str]:
    out, node = {}, unit
    while node is not None:
        out[node.level] = node.pcode
        node = node.parent
    return out


def flow_table(*, actor, filters: FlowFilters | None = None) -> tuple[list[str], list[str], list[list[Any]]]:
    rows = []
    for flow in flow_count_list(actor=actor, filters=filters):
        codes = _chain_codes(flow.point.admin_unit)
        rows.append(
            [
                codes.get(1, ""),
                codes.get(2, ""),
                codes.get(3, ""),
                flow.point.name_en,
                str(flow.point.uuid),
                flow.point.latitude,
                flow.point.longitude,
                flow.date.isoformat(),
                flow.direction,
                flow.route_country,
                flow.route_admin_unit.pcode if flow.route_admin_unit else "",
                flow.total,
                flow.adult_men,
                flow.adult_women,
                flow.boys,
                flow.girls,
            ]
        )
    return [c[0] for c in COLUMNS], [c[1] for c in COLUMNS], rows


def flow_export_csv(*, actor, filters: FlowFilters | None = None) -> bytes:
    headers, tags, rows = flow_table(actor=actor, filters=filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerow(tags)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def flow_export_xlsx(*, actor, filters: FlowFilters | None = None) -> bytes:
    headers, tags, rows = flow_table(actor=actor, filters=filters)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Flow counts")
    sheet.append(headers)
    sheet.append(tags)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
