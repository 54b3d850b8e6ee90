"""Loading the OCHA COD-AB P-codes (and DTM baladiya centroids) into the gazetteer."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.jobs import job_enqueue
from sanad.core.permissions import has_permission
from sanad.core.services.jobs import job_create, job_progress, job_start
from sanad.geo.models import AdminUnit
from sanad.geo.validation import normalise_name, normalise_pcode, parse_coordinate

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class LevelFile:
    level: int
    filename: str
    pcode: str
    name_en: str
    name_ar: str
    parent: str | None


LEVEL_FILES = (
    LevelFile(1, "lby_admin1_regions.csv", "ADM1_Geo_2", "ADM1_Geodi", "ADM1_Geo_1", None),
    LevelFile(2, "lby_admin2_mantika.csv", "ADM2_Pcode", "ADM2_Name_en", "ADM2_Name_ar", "ADM1_Pcode"),
    LevelFile(3, "lby_admin3_baladiya.csv", "ADM3_Pcode", "ADM3_Name_en", "ADM3_Name_ar", "ADM2_Pcode"),
    LevelFile(4, "lby_admin4_muhalla.csv", "ADM4_Pcode", "ADM4_Name_en", "ADM4_Name_ar", "ADM3_Pcode"),
)
CENTROIDS_FILE = "baladiya_centroids.csv"
LEVEL_KEYS = {1: "regions", 2: "mantikas", 3: "baladiyas", 4: "muhallas"}
AUDITED_CHANGES_LIMIT = 500


@dataclass
class LevelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local: int = 0


@dataclass
class GazetteerReport:
    counts: dict[str, LevelCounts] = field(
        default_factory=lambda: {k: LevelCounts() for k in LEVEL_KEYS.values()}
    )
    # One entry per created or updated unit: {"pcode", "level", "verb", "changes": {field: [before, after]}}
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total_created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def total_updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    def lines(self) -> list[str]:
        out = []
        for key, c in self.counts.items():
            line = f"{key}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            if c.kept_local:
                line += f", {c.kept_local} kept as added locally"
            out.append(line)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": {key: vars(c).copy() for key, c in self.counts.items()},
            "changes": self.changes,
        }


@dataclass
class _Row:
    pcode: str
    name_en: str
    name_ar: str
    parent_pcode: str | None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _read_csv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise DomainError(
            _("The gazetteer file %(file)s is missing.") % {"file": str(path)}, code="missing_file"
        )
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise DomainError(
                _("The file %(file)s lacks the columns: %(columns)s.")
                % {"file": path.name, "columns": ", ".join(missing)},
                code="bad_file",
            )
        return list(reader)


def _read_directory(directory: Path) -> dict[int, list[_Row]]:
    centroids: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    centroid_path = directory / CENTROIDS_FILE
    if centroid_path.is_file():
        for line, raw in enumerate(_read_csv(centroid_path, ["pcode", "latitude", "longitude"]), start=2):
            try:
                centroids[normalise_pcode(raw["pcode"])] = (
                    parse_coordinate(raw["latitude"], "latitude"),
                    parse_coordinate(raw["longitude"], "longitude"),
                )
            except Exception as exc:  # a bad number: name the file and line
                raise DomainError(
                    _("%(file)s line %(line)s: the coordinates are not numbers.")
                    % {"file": CENTROIDS_FILE, "line": line},
                    code="bad_file",
                ) from exc

    rows: dict[int, list[_Row]] = {}
    known: dict[str, int] = {}
    for spec in LEVEL_FILES:
        columns = [spec.pcode, spec.name_en, spec.name_ar] + ([spec.parent] if spec.parent else [])
        level_rows = []
        for line, raw in enumerate(_read_csv(directory / spec.filename, columns), start=2):
            pcode = normalise_pcode(raw[spec.pcode])
            parent = normalise_pcode(raw[spec.parent]) if spec.parent else None
            where = {"file": spec.filename, "line": line, "pcode": pcode}
            if not pcode or not normalise_name(raw[spec.name_en]):
                raise DomainError(
                    _("%(file)s line %(line)s: the P-code or English name is empty.") % where, code="bad_file"
                )
            if pcode in known:
                raise DomainError(
                    _("%(file)s line %(line)s: the P-code %(pcode)s appears twice.") % where, code="bad_file"
                )
            if parent is not None and known.get(parent) != spec.level - 1:
                raise DomainError(
                    _("%(file)s line %(line)s: the parent of %(pcode)s is not a unit of the level above.")
                    % where,
                    code="bad_file",
                )
            known[pcode] = spec.level
            lat, lon = (
                centroids.get(pcode, (None, None)) if spec.level == AdminUnit.Level.BALADIYA else (None, None)
            )
            level_rows.append(
                _Row(
                    pcode,
                    normalise_name(raw[spec.name_en]),
                    normalise_name(raw[spec.name_ar]),
                    parent,
                    lat,
                    lon,
                )
            )
        rows[spec.level] = level_rows
    return rows


def _changes_for(
    unit: AdminUnit, row: _Row, level: int, parent: AdminUnit | None, pcode_by_pk: dict[int, str]
) -> dict[str, list]:
    wanted: dict[str, Any] = {"name_en": row.name_en, "name_ar": row.name_ar, "level": level}
    current: dict[str, Any] = {"name_en": unit.name_en, "name_ar": unit.name_ar, "level": unit.level}
    changes = {k: [current[k], v] for k, v in wanted.items() if current[k] != v}
    if unit.parent_id != (parent.pk if parent else None):
        changes["parent"] = [pcode_by_pk.get(unit.parent_id), parent.pcode if parent else None]
    # Coordinates are only set from the centroid file, never cleared by its absence.
    if row.latitude is not None and (unit.latitude != row.latitude or unit.longitude != row.longitude):
        changes["latitude"] = [str(unit.latitude) if unit.latitude is not None else None, str(row.latitude)]
        changes["longitude"] = [
            str(unit.longitude) if unit.longitude is not None else None,
            str(row.longitude),
        ]
    return changes


@transaction.atomic
def gazetteer_load(
    *,
    actor=None,
    directory: Path | str | None = None,
    progress: Progress | None = None,
) -> GazetteerReport:
    """Upsert the COD-AB admin units by P-code. Idempotent: a second run changes nothing.

    Names, parents and baladiya centroids are updated when they differ; nothing is deleted;
    units added in Sanad (source "local") are left alone. One audit event summarises the run.
    ``actor`` is None when run from the command line.
    """
    if actor is not None and not has_permission(actor, "geo.load_gazetteer"):
        raise DomainError(_("You may not load the gazetteer."), code="forbidden")
    directory = Path(directory or settings.SANAD_GAZETTEER_DIR)
    rows = _read_directory(directory)
    total = sum(len(level_rows) for level_rows in rows.values())
    report = GazetteerReport()
    existing = {unit.pcode: unit for unit in AdminUnit.objects.select_for_update()}
    pcode_by_pk = {unit.pk: pcode for pcode, unit in existing.items()}
    now = timezone.now()
    done = 0
    for level, level_rows in rows.items():
        counts = report.counts[LEVEL_KEYS[level]]
        to_create: list[AdminUnit] = []
        to_update: list[AdminUnit] = []
        for row in level_rows:
            parent = existing[row.parent_pcode] if row.parent_pcode else None
            unit = existing.get(row.pcode)
            if unit is None:
                unit = AdminUnit(
                    pcode=row.pcode,
                    level=level,
                    parent=parent,
                    name_en=row.name_en,
                    name_ar=row.name_ar,
                    latitude=row.latitude,
                    longitude=row.longitude,
                    source=AdminUnit.Source.COD_AB,
                )
                to_create.append(unit)
                counts.created += 1
                report.changes.append({"pcode": row.pcode, "level": level, "verb": "created", "changes": {}})
            elif unit.source == AdminUnit.Source.LOCAL:
                counts.kept_local += 1
            else:
                changes = _changes_for(unit, row, level, parent, pcode_by_pk)
                if changes:
                    unit.name_en, unit.name_ar, unit.level, unit.parent = (
                        row.name_en,
                        row.name_ar,
                        level,
                        parent,
                    )
                    if row.latitude is not None:
                        unit.latitude, unit.longitude = row.latitude, row.longitude
                    unit.updated_at = now
                    to_update.append(unit)
                    counts.updated += 1
                    report.changes.append(
                        {"pcode": row.pcode, "level": level, "verb": "updated", "changes": changes}
                    )
                else:
                    counts.unchanged += 1
        AdminUnit.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            AdminUnit.objects.bulk_update(
                to_update,
                ["name_en", "name_ar", "level", "parent", "latitude", "longitude", "updated_at"],
                batch_size=500,
            )
        if to_create:
            # Re-read the new units so their children can point at them on every database.
            for unit in AdminUnit.objects.filter(pcode__in=[u.pcode for u in to_create]):
                existing[unit.pcode] = unit
        done += len(level_rows)
        if progress is not None:
            progress(done, total, LEVEL_KEYS[level])

    audit_record(
        actor=actor,
        action="geo.gazetteer.load",
        object_repr=_("Gazetteer (%(directory)s)") % {"directory": directory.name},
        changes={
            "counts": report.as_dict()["counts"],
            "changes": [c for c in report.changes if c["verb"] == "updated"][:AUDITED_CHANGES_LIMIT],
            "created": report.total_created,
        },
    )
    return report


def gazetteer_load_job(job) -> dict[str, Any]:
    """The load as a job: progress per level on the job row, the report as the job's result."""
    job_start(job, total=sum(1 for _spec in LEVEL_FILES))
    directory = job.parameters.get("directory") or settings.SANAD_GAZETTEER_DIR
    step = iter(range(1, len(LEVEL_FILES) + 1))
    report = gazetteer_load(
        actor=job.created_by,
        directory=directory,
        progress=lambda done, total, message: job_progress(job, next(step), message),
    )
    return {**report.as_dict(), "summary": report.lines()}


@transaction.atomic
def gazetteer_reload_start(*, actor):
    """Start a background job that reloads the gazetteer; returns the Job to follow."""
    if not has_permission(actor, "geo.load_gazetteer"):
        raise DomainError(_("You may not load the gazetteer."), code="forbidden")
    job = job_create(
        actor=actor,
        kind="geo.load_gazetteer",
        label=str(_("Reload the gazetteer")),
        parameters={"directory": str(settings.SANAD_GAZETTEER_DIR)},
    )
    return job_enqueue(job)
