"""Tables of a round with HXL hashtags (https://hxlstandard.org), as CSV or XLSX.

Row 1 holds readable headers, row 2 the HXL hashtags, then one row per place. Built from the
selectors, so an export shows exactly what the pages show.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanad.core.exports import Column, ExportSpec, Table, exporter
from sanad.dtm.models import Round
from sanad.dtm.selectors.rounds import baladiya_figure_list, muhalla_figure_list, round_get

POPULATION_ATTRIBUTE = {"migrants": "migrants", "idps": "idps", "returnees": "returnees"}


def _chain(unit) -> dict[int, Any]:
    out, node = {}, unit
    while node is not None:
        out[node.level] = node
        node = node.parent
    return out


def _location_columns(levels: int) -> list[tuple[str, str]]:
    names = {1: "Region", 2: "Mantika", 3: "Baladiya", 4: "Muhalla"}
    columns = []
    for level in range(1, levels + 1):
        columns += [(f"{names[level]} P-code", f"#adm{level}+code"), (f"{names[level]}", f"#adm{level}+name")]
    return columns


def round_table(
    *, actor, round: Round, level: str = "baladiya"
) -> tuple[list[str], list[str], list[list[Any]]]:
    """Headers, HXL hashtags and rows of a round at baladiya or muhalla level."""
    affected = f"#affected+{POPULATION_ATTRIBUTE[round.population]}"
    reported = round.period_end.isoformat() if round.period_end else ""
    if level == "muhalla":
        columns = [
            *_location_columns(4),
            ("Latitude", "#geo+lat"),
            ("Longitude", "#geo+lon"),
            ("Round", "#meta+round"),
            ("Reported", "#date+reported"),
            ("Individuals", f"{affected}+ind"),
            ("Adult men", f"{affected}+m+adults"),
            ("Adult women", f"{affected}+f+adults"),
            ("Children", f"{affected}+children"),
            ("Priority need 1", "#sector+need+priority1"),
            ("Priority need 2", "#sector+need+priority2"),
            ("Priority need 3", "#sector+need+priority3"),
        ]
        rows = []
        for figure in muhalla_figure_list(actor=actor, round=round).select_related(
            "admin_unit__parent__parent__parent"
        ):
            chain = _chain(figure.admin_unit)
            rows.append(
                [
                    *[
                        v
                        for lvl in (1, 2, 3, 4)
                        for v in (chain[lvl].pcode, chain[lvl].name_en)
                        if lvl in chain
                    ],
                    figure.latitude,
                    figure.longitude,
                    round.number,
                    reported,
                    figure.individuals,
                    figure.adult_men,
                    figure.adult_women,
                    figure.children,
                    figure.priority_need_1,
                    figure.priority_need_2,
                    figure.priority_need_3,
                ]
            )
    else:
        columns = [
            *_location_columns(3),
            ("Latitude", "#geo+lat"),
            ("Longitude", "#geo+lon"),
            ("Round", "#meta+round"),
            ("Reported", "#date+reported"),
            ("Individuals", f"{affected}+ind"),
        ]
        rows = []
        for figure in baladiya_figure_list(actor=actor, round=round):
            chain = _chain(figure.admin_unit)
            rows.append(
                [
                    *[v for lvl in (1, 2, 3) for v in (chain[lvl].pcode, chain[lvl].name_en) if lvl in chain],
                    figure.latitude,
                    figure.longitude,
                    round.number,
                    reported,
                    figure.individuals,
                ]
            )
    return [c[0] for c in columns], [c[1] for c in columns], rows


@exporter
def round_export(*, actor, round: str, level: str = "baladiya") -> ExportSpec:
    """A round's figures at baladiya or muhalla level (``round``: its UUID)."""
    found = round_get(actor=actor, uuid=round)
    level = "muhalla" if level == "muhalla" else "baladiya"
    headers, tags, rows = round_table(actor=actor, round=found, level=level)
    return ExportSpec(
        table=Table(
            columns=[Column(h, t) for h, t in zip(headers, tags, strict=True)],
            rows=rows,
            sheet=f"Round {found.number}",
            total=len(rows),
        ),
        file_stem=f"dtm_round{found.number}_{found.population}_{level}",
        action="dtm.round.export",
        label=_("DTM round %(number)s") % {"number": found.number},
        obj=found,
        details={"level": level},
    )
