"""Column mappings: which published column feeds which Sanad field, as configuration.

A mapping is a JSON file (see ``sanad/dtm/mappings/``). The code knows the fields and their
types; the mapping only names the source sheets and column headers, so a later round whose
columns were renamed imports by editing the mapping, not the code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from sanad.core.errors import DomainError

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"
DEFAULT_MAPPINGS = {
    "migrants": "r54_migrants.json",
    "idps": "idps_baseline_csv.json",
    "returnees": "returnees_baseline_csv.json",
}

# Field kinds: pcode, int, decimal (coordinate), text, yesno.
_COMMON = {"pcode": "pcode", "name_en": "text", "round": "int"}
SHEET_FIELDS: dict[str, dict[str, str]] = {
    "baladiya": {
        **_COMMON,
        "latitude": "latitude",
        "longitude": "longitude",
        "individuals": "int",
        "households": "int",
    },
    "muhalla": {
        **_COMMON,
        "latitude": "latitude",
        "longitude": "longitude",
        "settlement_type": "text",
        "hosts_population": "yesno",
        "individuals": "int",
        "households": "int",
        "adult_men": "int",
        "adult_women": "int",
        "children": "int",
        **{f"priority_need_{i}": "text" for i in (1, 2, 3)},
        **{f"priority_problem_{i}": "text" for i in (1, 2, 3)},
    },
    "nationality": {
        **_COMMON,
        "region_of_origin": "text",
        "subregion_of_origin": "text",
        "nationality": "text",
        "individuals": "int",
    },
}
# Breakdowns stored as JSON: any key after the dot is allowed (``shelter.no_accommodation``).
BREAKDOWNS = {"muhalla": ("shelter", "arrival", "permit")}
REQUIRED_FIELDS = {
    "baladiya": ("pcode", "individuals"),
    "muhalla": ("pcode", "individuals"),
    "nationality": ("pcode", "nationality", "individuals"),
}
SHEET_KEYS = ("baladiya", "muhalla", "nationality")


@dataclass(frozen=True)
class SheetMapping:
    key: str
    sheet: str
    header_row: int
    columns: dict[str, str]  # source header -> field

    def kind(self, target: str) -> str:
        if "." in target:
            return "int"
        return SHEET_FIELDS[self.key][target]


@dataclass(frozen=True)
class Mapping:
    name: str
    population: str
    sheets: dict[str, SheetMapping]
    summary: dict[str, Any] = field(default_factory=dict)
    nationality_codes: dict[str, str] = field(default_factory=dict)


def _bad(message: str) -> DomainError:
    return DomainError(message, code="bad_mapping")


def mapping_parse(data: dict[str, Any], *, name: str = "") -> Mapping:
    """Check a mapping's structure and fields; a wrong mapping is named precisely."""
    if not isinstance(data, dict) or not isinstance(data.get("sheets"), dict):
        raise _bad(_("The column mapping must be a JSON object with a “sheets” section."))
    sheets: dict[str, SheetMapping] = {}
    for key in SHEET_KEYS:
        spec = data["sheets"].get(key)
        if spec is None:
            continue
        columns = spec.get("columns") if isinstance(spec, dict) else None
        if not isinstance(columns, dict) or not spec.get("sheet"):
            raise _bad(_("The mapping of “%(key)s” needs a sheet name and columns.") % {"key": key})
        for header, target in columns.items():
            prefix = target.split(".", 1)[0] if isinstance(target, str) and "." in target else None
            known = target in SHEET_FIELDS[key] or (
                prefix in BREAKDOWNS.get(key, ()) and target != prefix + "."
            )
            if not isinstance(target, str) or not known:
                raise _bad(
                    _("The mapping sends column “%(header)s” of “%(key)s” to an unknown field “%(target)s”.")
                    % {"header": header, "key": key, "target": target}
                )
        missing = [f for f in REQUIRED_FIELDS[key] if f not in columns.values()]
        if missing:
            raise _bad(
                _("The mapping of “%(key)s” lacks the required fields: %(fields)s.")
                % {"key": key, "fields": ", ".join(missing)}
            )
        try:
            header_row = int(spec.get("header_row", 1))
        except (TypeError, ValueError):
            raise _bad(_("The header row of “%(key)s” must be a number.") % {"key": key}) from None
        sheets[key] = SheetMapping(key, str(spec["sheet"]), max(1, header_row), dict(columns))
    if "baladiya" not in sheets:
        raise _bad(_("The mapping must at least describe the baladiya sheet."))
    return Mapping(
        name=name or str(data.get("name", "")),
        population=str(data.get("population", "")),
        sheets=sheets,
        summary=data.get("summary") or {},
        nationality_codes=data.get("nationality_codes") or {},
    )


def mapping_load(path: Path | str | None = None, *, population: str = "migrants") -> Mapping:
    """The mapping at ``path``, or the shipped default for the population."""
    if path is None:
        default = DEFAULT_MAPPINGS.get(population)
        if default is None:
            raise _bad(
                _("There is no default column mapping for %(population)s: give one with --mapping.")
                % {"population": population}
            )
        path = MAPPINGS_DIR / default
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _bad(_("The column mapping %(file)s does not exist.") % {"file": str(path)}) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise _bad(
            _("The column mapping %(file)s is not valid JSON: %(error)s") % {"file": path.name, "error": exc}
        ) from None
    return mapping_parse(data, name=path.stem)
