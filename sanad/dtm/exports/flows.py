"""Daily flow counts as CSV or XLSX with HXL hashtags (row 1 headers, row 2 hashtags)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanad.core.exports import Column, ExportSpec, Table, exporter
from sanad.dtm.selectors.flows import flow_count_list, flow_point_get

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


def _flow_row(flow) -> list[Any]:
    codes = _chain_codes(flow.point.admin_unit)
    return [
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


@exporter
def flow_export(
    *, actor, point: str = "", date_from: str = "", date_to: str = "", direction: str = ""
) -> ExportSpec:
    """Daily counts, filtered by the same flow filters as the pages and the API (``point``: the
    point's UUID; dates ISO)."""
    data = {"point": point, "date_from": date_from, "date_to": date_to, "direction": direction}
    flows = flow_count_list(actor=actor, data=data)
    return ExportSpec(
        table=Table(
            columns=[Column(header, tag) for header, tag in COLUMNS],
            rows=(_flow_row(flow) for flow in flows.iterator(chunk_size=2000)),
            sheet="Flow counts",
            total=flows.count(),
        ),
        file_stem="dtm_flow_counts",
        action="dtm.flows.export",
        label=_("DTM flow counts"),
        obj=flow_point_get(actor=actor, uuid=point) if point else None,
        details={
            "filters": {
                k: v
                for k, v in {"date_from": date_from, "date_to": date_to, "direction": direction}.items()
                if v
            }
        },
    )


def flow_export_parameters(data) -> dict[str, str]:
    """The flow filters ``data`` names, as the JSON-able parameters ``flow_export`` takes (a job
    stores them)."""
    return {key: str(data.get(key) or "") for key in ("point", "date_from", "date_to", "direction")}
