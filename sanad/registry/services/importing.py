"""Importing people from a CSV or XLSX file (``sanad import_people`` and the import page).

Rules (see ``docs/import-template.md``):

- **Nothing half-imported.** Every row is checked first; if any row is wrong nothing is written
  and every error is reported with its row. The writes then happen in one transaction.
- **Idempotent.** ``external_id`` is the key (unique per agency): a row whose person exists is
  compared field by field; identical rows change nothing ("unchanged"), changed rows update the
  person (audited before → after). Only the columns present in the file are compared and set.
- **Fast.** Rows go straight to the database in batches (``core.bulk``: COPY on PostgreSQL,
  ``executemany`` on SQLite); references are reserved in one block; audit events are inserted
  the same way (one per created/updated person or household plus one summary).

Validation runs outside the write transaction so that the job's progress is visible while it
runs; the write phase is one transaction (its progress shows as the message "Saving …").
The import page runs it as a job: ``sanad.registry.services.import_jobs``.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, BinaryIO

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanad.core.audit import BulkEvent, audit_record_bulk
from sanad.core.bulk import TableWriter, allocate_ids
from sanad.core.errors import DomainError
from sanad.core.models import Job
from sanad.core.permissions import Scope, has_permission, scope_for
from sanad.core.references import reference_block
from sanad.core.services.jobs import job_progress, job_start
from sanad.geo.models import AdminUnit, Site
from sanad.names.keys import person_name_keys
from sanad.registry.models import Household, NameKey, Person, Phone, Registration
from sanad.registry.services.import_rows import (
    KNOWN_COLUMNS,
    ImportFileError,
    Lookups,
    ParsedRow,
    RowError,
    check_header,
    check_rows_together,
    parse_row,
    read_table,
    site_key,
)

JOB_KIND = "registry.import_people"
START_ACTION = "registry.import.start"
RUN_ACTION = "registry.import.run"
PERSON_ACTION = "registry.person.import"
HOUSEHOLD_ACTION = "registry.household.import"
PERSON_SERIES = ""  # as person_register
HOUSEHOLD_SERIES = "H"  # as household_register
BATCH_SIZE = 2000
PROGRESS_EVERY = 5000
MAX_UPLOAD_BYTES = 60 * 1024 * 1024
ERRORS_IN_RESULT = 1000  # the job's JSON keeps the first ones; the CSV report has them all
ERROR_REPORT_NAME = "import-errors.csv"

COMPARED_FIELDS = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "given_name_ar",
    "father_name_ar",
    "grandfather_name_ar",
    "family_name_ar",
    "sex",
    "date_of_birth",
    "date_of_birth_precision",
    "nationality",
    "population_group",
    "admin_unit_id",
    "site_id",
    "relationship",
    "household_id",
)
NAME_VALUE_FIELDS = COMPARED_FIELDS[:8]
# Audit trail field names (foreign keys by their uuid, as ``core.audit.snapshot`` does).
AUDIT_NAMES = {"admin_unit_id": "admin_unit", "site_id": "site", "household_id": "household"}


@dataclass
class ImportReport:
    file_name: str
    dry_run: bool = False
    status: str = "rejected"  # rejected | validated | imported
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    households_created: int = 0
    households_updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds (for the benchmark)

    def lap(self, phase: str, since: float) -> float:
        now = time.monotonic()
        self.timings[phase] = round(now - since, 2)
        return now

    def summary_lines(self) -> list[str]:
        if self.status == "rejected":
            lines = [
                ngettext(
                    "Nothing was imported: %(count)s error must be corrected first.",
                    "Nothing was imported: %(count)s errors must be corrected first.",
                    len(self.errors),
                )
                % {"count": len(self.errors)}
            ]
            return lines
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.status == "validated":
            lines = [
                _("Dry run: the file is valid and nothing was written."),
                _("Would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged.") % counts,
            ]
        else:
            lines = [_("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % counts]
            if self.households_created or self.households_updated:
                lines.append(
                    _("Households: %(created)s created, %(updated)s updated.")
                    % {"created": self.households_created, "updated": self.households_updated}
                )
        return lines + self.notes

    def as_result(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "dry_run": self.dry_run,
            "file": self.file_name,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "households_created": self.households_created,
            "households_updated": self.households_updated,
            "error_count": len(self.errors),
            "errors": [e.as_dict() | {"line": e.line()} for e in self.errors[:ERRORS_IN_RESULT]],
            "summary": self.summary_lines(),
            "seconds": round(self.seconds, 2),
            "timings": self.timings,
        }


# ---------------------------------------------------------------------------------------------
# Who imports, into which agency / unit / team
# ---------------------------------------------------------------------------------------------
def _holder(actor, *, agency=None, team=None) -> dict[str, Any]:
    if not has_permission(actor, "persons.import"):
        raise DomainError(_("You may not import people."), code="forbidden")
    wide = scope_for(actor, "persons.import") == Scope.ALL
    agency_id = agency.pk if agency is not None else getattr(actor, "agency_id", None)
    if agency_id is None:
        raise DomainError(_("Your account belongs to no agency, so you cannot import people."))
    if agency_id != actor.agency_id and not wide:
        raise DomainError(_("You may import people only into your own agency."), code="forbidden")
    if team is not None:
        if team.agency_id != agency_id:
            raise DomainError(_("The team belongs to another agency."))
        return {"agency_id": agency_id, "unit_id": team.unit_id, "team_id": team.pk}
    if agency_id == actor.agency_id:
        teams = sorted(actor.team_ids)
        if len(teams) == 1:
            from sanad.core.models import Team

            chosen = Team.objects.filter(pk=teams[0]).values("pk", "unit_id").first()
            if chosen:
                return {"agency_id": agency_id, "unit_id": chosen["unit_id"], "team_id": chosen["pk"]}
        units = sorted(actor.unit_ids)
        return {"agency_id": agency_id, "unit_id": units[0] if len(units) == 1 else None, "team_id": None}
    return {"agency_id": agency_id, "unit_id": None, "team_id": None}


def _lookups() -> Lookups:
    admin_units = {pcode.upper(): pk for pk, pcode in AdminUnit.objects.values_list("pk", "pcode")}
    sites: dict[str, int | None] = {}
    site_units: dict[int, int] = {}
    for pk, site_uuid, name_en, name_ar, unit_id in Site.objects.filter(is_active=True).values_list(
        "pk", "uuid", "name_en", "name_ar", "admin_unit_id"
    ):
        sites[str(site_uuid)] = pk
        site_units[pk] = unit_id
        for name in {site_key(name_en), site_key(name_ar)} - {""}:
            # A name two sites share is ambiguous: the file must use the site's id.
            sites[name] = None if name in sites and sites[name] != pk else pk
    return Lookups(admin_units=admin_units, sites=sites, site_units=site_units)


@lru_cache(maxsize=65536)
def _name_keys(names: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    given, father, grandfather, family, given_ar, father_ar, grandfather_ar, family_ar = names
    return frozenset(
        person_name_keys(
            given=given,
            father=father,
            grandfather=grandfather,
            family=family,
            given_ar=given_ar,
            father_ar=father_ar,
            grandfather_ar=grandfather_ar,
            family_ar=family_ar,
        )
    )


def _lookup_chunk() -> int:
    return 900 if connection.vendor == "sqlite" else 10000


def _chunks(items: list, size: int = 900):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


# ---------------------------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------------------------
def people_import(
    *,
    actor,
    source: BinaryIO | bytes,
    file_name: str,
    agency=None,
    team=None,
    dry_run: bool = False,
    job: Job | None = None,
) -> ImportReport:
    """Check every row of the file, then (unless ``dry_run`` or any error) write them all."""
    started = time.monotonic()
    holder = _holder(actor, agency=agency, team=team)
    report = ImportReport(file_name=file_name, dry_run=dry_run)

    try:
        header, body = read_table(source, file_name)
        report.errors.extend(check_header(header))
        raw_rows = list(body) if not report.errors else []
    except ImportFileError as exc:
        report.errors.append(RowError(0, "", "", exc.message))
        return _finish(report, started)
    if report.errors:
        return _finish(report, started)
    if not raw_rows:
        report.errors.append(RowError(0, "", "", _("The file has a header but no rows.")))
        return _finish(report, started)

    report.rows = len(raw_rows)
    if job is not None:
        job_start(job, total=report.rows)
    lap = report.lap("read", started)
    lookups = _lookups()
    columns = [(index, name) for index, name in enumerate(header) if name in KNOWN_COLUMNS]
    width = len(header)
    parsed_rows: list[ParsedRow] = []
    for count, (number, cells) in enumerate(raw_rows, start=1):
        if len(cells) > width and any(cells[width:]):
            report.errors.append(
                RowError(number, "", "", _("the row has more cells than the header has columns"))
            )
            continue
        record = {name: (cells[index] if index < len(cells) else "") for index, name in columns}
        parsed, errors = parse_row(number, record, lookups)
        if errors:
            report.errors.extend(errors)
        else:
            parsed_rows.append(parsed)
        if job is not None and count % PROGRESS_EVERY == 0:
            job_progress(job, count, _("Checking row %(row)s") % {"row": number})
    del raw_rows
    report.errors.extend(check_rows_together(parsed_rows))
    if report.errors:
        report.errors.sort(key=lambda e: (e.row, e.column))
        return _finish(report, started)

    lap = report.lap("check", lap)
    plan = _plan(parsed_rows, header=set(header), holder=holder, report=report)
    lap = report.lap("compare", lap)
    if report.errors:
        report.errors.sort(key=lambda e: (e.row, e.column))
        return _finish(report, started)
    if dry_run:
        report.status = "validated"
        return _finish(report, started)
    if job is not None:
        job_progress(job, report.rows, _("Saving %(count)s rows …") % {"count": report.rows})
    _write(plan, actor=actor, holder=holder, report=report, job=job)
    report.lap("write", lap)
    report.status = "imported"
    return _finish(report, started)


def _finish(report: ImportReport, started: float) -> ImportReport:
    report.seconds = time.monotonic() - started
    return report


@dataclass
class _Plan:
    create: list[ParsedRow] = field(default_factory=list)
    update: list[tuple[ParsedRow, dict, dict]] = field(default_factory=list)  # row, before, changed
    new_phone: dict[int, tuple[str, str]] = field(default_factory=dict)  # person id -> phone
    households_new: dict[str, ParsedRow] = field(default_factory=dict)  # external id -> first row
    households_existing: dict[str, dict] = field(default_factory=dict)  # external id -> values
    household_rows: dict[str, list[ParsedRow]] = field(default_factory=dict)
    has_household_column: bool = False


def _plan(rows: list[ParsedRow], *, header: set[str], holder: dict, report: ImportReport) -> _Plan:
    """Compare the rows with the records already held by the agency (reads only)."""
    plan = _Plan(has_household_column="household_id" in header)
    agency_id = holder["agency_id"]
    existing: dict[str, dict] = {}
    value_fields = ("pk", "uuid", "reference", "status", *COMPARED_FIELDS)
    for chunk in _chunks([r.external_id for r in rows], _lookup_chunk()):
        # The "not empty" condition lets PostgreSQL use the partial unique index on external_id.
        people = Person.objects.filter(agency_id=agency_id, external_id__in=chunk).exclude(external_id="")
        for values in people.values("external_id", *value_fields):
            existing[values["external_id"]] = values
    phones: dict[int, set[str]] = {}
    person_ids = [v["pk"] for v in existing.values()]
    for chunk in _chunks(person_ids):
        for person_id, number in Phone.objects.filter(person_id__in=chunk).values_list("person_id", "number"):
            phones.setdefault(person_id, set()).add(number)

    for row in rows:
        if row.household_id:
            plan.household_rows.setdefault(row.household_id, []).append(row)
    if plan.household_rows:
        ids = list(plan.household_rows)
        for chunk in _chunks(ids):
            for values in (
                Household.objects.filter(agency_id=agency_id, external_id__in=chunk)
                .order_by("pk")
                .values("pk", "uuid", "reference", "external_id", "admin_unit_id", "site_id", "head_id")
            ):
                plan.households_existing.setdefault(values["external_id"], values)
        for household_id, members in plan.household_rows.items():
            if household_id not in plan.households_existing:
                plan.households_new[household_id] = members[0]

    for row in rows:
        before = existing.get(row.external_id)
        if before is None:
            if not any(
                row.values.get(c) for c in ("given_name", "family_name", "given_name_ar", "family_name_ar")
            ):
                report.errors.append(
                    RowError(
                        row.row,
                        "given_name",
                        "",
                        _(
                            "external_id '%(value)s' is new, so the row needs a name "
                            "(given_name, family_name or name_ar)"
                        )
                        % {"value": row.external_id},
                    )
                )
                continue
            plan.create.append(row)
            continue
        if before["status"] != Person.Status.ACTIVE:
            report.skipped += 1
            report.notes.append(
                _("Row %(row)s: %(reference)s was merged or erased; its row was left aside.")
                % {"row": row.row, "reference": before["reference"]}
            )
            continue
        changed = {
            name: value
            for name, value in row.values.items()
            if name in COMPARED_FIELDS and before.get(name) != value
        }
        if plan.has_household_column:
            existing_household = plan.households_existing.get(row.household_id)
            wanted = existing_household["pk"] if existing_household else (row.household_id or None)
            if wanted != before["household_id"]:
                changed["household_id"] = wanted  # a str means "the new household of that id"
        if row.phone and row.phone not in phones.get(before["pk"], set()):
            plan.new_phone[before["pk"]] = (row.phone, row.phone_as_typed)
        if changed or before["pk"] in plan.new_phone:
            plan.update.append((row, before, changed))
        else:
            report.unchanged += 1
    report.created = len(plan.create)
    report.updated = len(plan.update)
    for household_id, values in plan.households_existing.items():
        if _household_changes(values, plan.household_rows[household_id], head_id=None):
            report.households_updated += 1
    report.households_created = len(plan.households_new)
    return plan


def _household_changes(values: dict, members: list[ParsedRow], *, head_id) -> dict[str, Any]:
    first = members[0].values
    changes = {}
    for name in ("admin_unit_id", "site_id"):
        if name in first and first[name] != values[name]:
            changes[name] = first[name]
    if head_id is not None and head_id != values["head_id"]:
        changes["head_id"] = head_id
    return changes


def _write(plan: _Plan, *, actor, holder: dict, report: ImportReport, job: Job | None) -> None:
    team_id = holder["team_id"]
    lap = time.monotonic()
    uuids = _uuid_maps(plan)
    now = timezone.now()
    holder_values = {
        "agency_id": holder["agency_id"],
        "unit_id": holder["unit_id"],
        "team_id": team_id,
        "created_by_id": actor.pk,
    }
    events: list[BulkEvent] = []

    def event(action: str, obj_type: str, obj_uuid, obj_repr: str, changes: dict) -> None:
        events.append(BulkEvent(action, obj_type, obj_uuid, obj_repr, changes))

    with transaction.atomic():
        # Households first: people point at them.
        household_pk: dict[str, int] = {h: v["pk"] for h, v in plan.households_existing.items()}
        person_ids = allocate_ids(Person, len(plan.create))
        person_pk: dict[str, int] = {
            row.external_id: pk for row, pk in zip(plan.create, person_ids, strict=True)
        }
        person_pk.update({row.external_id: before["pk"] for row, before, _c in plan.update})
        heads = {
            row.household_id: person_pk.get(row.external_id)
            for rows in plan.household_rows.values()
            for row in rows
            if row.values.get("relationship") == "head"
        }
        if plan.households_new:
            households = TableWriter(Household, now=now, with_pk=True)
            ids = allocate_ids(Household, len(plan.households_new))
            references = reference_block(series=HOUSEHOLD_SERIES, count=len(plan.households_new))
            for (external_id, first), pk, reference in zip(
                plan.households_new.items(), ids, references, strict=True
            ):
                household_uuid = uuid.uuid4()
                households.add(
                    {
                        **holder_values,
                        "id": pk,
                        "uuid": household_uuid,
                        "reference": reference,
                        "external_id": external_id,
                        # Foreign keys are checked at commit, so the head may be inserted after.
                        "head_id": heads.get(external_id),
                        "admin_unit_id": first.values.get("admin_unit_id"),
                        "site_id": first.values.get("site_id"),
                    }
                )
                household_pk[external_id] = pk
                uuids["household"][pk] = household_uuid
            households.flush()

        # New people, with their phone, name keys, registration event and audit event.
        people = TableWriter(Person, now=now, with_pk=True)
        phones = TableWriter(Phone, now=now)
        name_keys = TableWriter(NameKey, now=now)
        registrations = TableWriter(Registration, now=now)
        references = reference_block(series=PERSON_SERIES, count=len(plan.create))
        person_uuid: dict[int, uuid.UUID] = {}
        file_name = report.file_name[:200]
        note = _("File import: %(name)s, row %(row)s")
        for count, (row, pk, reference) in enumerate(
            zip(plan.create, person_ids, references, strict=True), start=1
        ):
            values = {k: v for k, v in row.values.items() if k in COMPARED_FIELDS}
            values["household_id"] = household_pk.get(row.household_id) if row.household_id else None
            person_uuid[pk] = new_uuid = uuid.uuid4()
            people.add(
                {
                    **holder_values,
                    **values,
                    "id": pk,
                    "uuid": new_uuid,
                    "reference": reference,
                    "external_id": row.external_id,
                }
            )
            if row.phone:
                phones.add(
                    {"person_id": pk, "number": row.phone, "as_typed": row.phone_as_typed, "is_primary": True}
                )
            names = tuple(values.get(f, "") for f in NAME_VALUE_FIELDS)
            for part, key in _name_keys(names):
                name_keys.add({"person_id": pk, "part": part, "key": key[:60]})
            registrations.add(
                {
                    "uuid": uuid.uuid4(),
                    "person_id": pk,
                    "registered_by_id": actor.pk,
                    "team_id": team_id,
                    "site_id": values.get("site_id"),
                    "admin_unit_id": values.get("admin_unit_id"),
                    "channel": Registration.Channel.IMPORT.value,
                    "note": note % {"name": file_name, "row": row.row},
                }
            )
            changes = {
                AUDIT_NAMES.get(k, k): [None, _audit_value(k, v, uuids)]
                for k, v in values.items()
                if v not in ("", None)
            }
            changes["external_id"] = [None, row.external_id]
            changes["reference"] = [None, reference]
            if row.phone:
                changes["phones"] = [[], [row.phone]]
            event(
                PERSON_ACTION,
                "registry.person",
                new_uuid,
                f"{_display(values, reference)} ({reference})",
                changes,
            )
            if job is not None and count % PROGRESS_EVERY == 0:
                job_progress(job, report.rows, _("Saving: %(count)s people") % {"count": count})
        lap = report.lap("write.prepare_people", lap)
        people.flush()
        lap = report.lap("write.people", lap)

        # Changed people: only the changed columns, one UPDATE per person.
        rekey: list[int] = []
        new_names: dict[int, tuple[str, ...]] = {}
        for _row, before, changed in plan.update:
            if isinstance(changed.get("household_id"), str):
                changed["household_id"] = household_pk[changed["household_id"]]
            pk = before["pk"]
            person_uuid[pk] = before["uuid"]
            if changed:
                Person.objects.filter(pk=pk).update(**changed, updated_at=now)
            if set(changed) & set(NAME_VALUE_FIELDS):
                rekey.append(pk)
                new_names[pk] = tuple(changed.get(f, before[f]) for f in NAME_VALUE_FIELDS)
            changes = {
                AUDIT_NAMES.get(k, k): [_audit_value(k, before[k], uuids), _audit_value(k, v, uuids)]
                for k, v in changed.items()
            }
            if pk in plan.new_phone:
                changes["phones"] = [None, [plan.new_phone[pk][0]]]
            after = {**before, **changed}
            event(
                PERSON_ACTION,
                "registry.person",
                before["uuid"],
                f"{_display(after, before['reference'])} ({before['reference']})",
                changes,
            )
        for chunk in _chunks(rekey):
            NameKey.objects.filter(person_id__in=chunk).delete()
        for pk in rekey:
            for part, key in _name_keys(new_names[pk]):
                name_keys.add({"person_id": pk, "part": part, "key": key[:60]})
        for chunk in _chunks(list(plan.new_phone)):
            Phone.objects.filter(person_id__in=chunk, is_primary=True).update(is_primary=False)
        for pk, (number, typed) in plan.new_phone.items():
            phones.add({"person_id": pk, "number": number, "as_typed": typed, "is_primary": True})
        lap = report.lap("write.updates", lap)
        phones.flush()
        lap = report.lap("write.phones", lap)
        name_keys.flush()
        lap = report.lap("write.name_keys", lap)
        registrations.flush()
        lap = report.lap("write.registrations", lap)

        # Households: location from the rows, head from the row marked "head".
        for household_id, members in plan.household_rows.items():
            head_rows = [m for m in members if m.values.get("relationship") == "head"]
            head_id = person_pk.get(head_rows[0].external_id) if head_rows else None
            if household_id in plan.households_new:
                pk = household_pk[household_id]
                if head_id and heads.get(household_id) != head_id:
                    Household.objects.filter(pk=pk).update(head_id=head_id)
                values = plan.households_new[household_id].values
                event(
                    HOUSEHOLD_ACTION,
                    "registry.household",
                    uuids["household"][pk],
                    household_id,
                    {
                        "external_id": [None, household_id],
                        "admin_unit": [
                            None,
                            _audit_value("admin_unit_id", values.get("admin_unit_id"), uuids),
                        ],
                        "site": [None, _audit_value("site_id", values.get("site_id"), uuids)],
                        "head": [None, str(person_uuid[head_id]) if head_id else None],
                    },
                )
                continue
            before = plan.households_existing[household_id]
            changes = _household_changes(before, members, head_id=head_id)
            if changes:
                Household.objects.filter(pk=before["pk"]).update(**changes, updated_at=now)
                audit = {AUDIT_NAMES.get(k, k): [before[k], v] for k, v in changes.items() if k != "head_id"}
                if "head_id" in changes:
                    audit["head"] = [before["head_id"], str(person_uuid.get(head_id, head_id))]
                event(HOUSEHOLD_ACTION, "registry.household", before["uuid"], before["reference"], audit)
        event(
            RUN_ACTION,
            "core.job" if job is not None else "",
            job.uuid if job is not None else "",
            report.file_name,
            {
                "file": [None, report.file_name],
                "rows": [None, report.rows],
                "created": [None, report.created],
                "updated": [None, report.updated],
                "unchanged": [None, report.unchanged],
                "households_created": [None, report.households_created],
                "households_updated": [None, report.households_updated],
            },
        )
        lap = report.lap("write.households", lap)
        audit_record_bulk(actor=actor, events=events)
        lap = report.lap("write.audit", lap)
    report.lap("write.commit", lap)


def _display(values: dict, reference: str) -> str:
    latin = " ".join(values.get(f) or "" for f in NAME_VALUE_FIELDS[:4]).split()
    arabic = " ".join(values.get(f) or "" for f in NAME_VALUE_FIELDS[4:]).split()
    return " ".join(latin) or " ".join(arabic) or reference


def _uuid_maps(plan: _Plan) -> dict[str, dict[int, Any]]:
    unit_ids, site_ids, household_ids = set(), set(), set()
    rows = list(plan.create) + [row for row, _b, _c in plan.update]
    for row in rows:
        unit_ids.add(row.values.get("admin_unit_id"))
        site_ids.add(row.values.get("site_id"))
    for _row, before, _c in plan.update:
        unit_ids.add(before["admin_unit_id"])
        site_ids.add(before["site_id"])
        household_ids.add(before["household_id"])
    unit_ids.discard(None)
    site_ids.discard(None)
    household_ids.discard(None)
    maps: dict[str, dict[int, Any]] = {"admin_unit": {}, "site": {}, "household": {}}
    for key, model, ids in (("admin_unit", AdminUnit, unit_ids), ("site", Site, site_ids)):
        for chunk in _chunks(sorted(ids)):
            maps[key].update(model.objects.filter(pk__in=chunk).values_list("pk", "uuid"))
    for chunk in _chunks(sorted(household_ids)):
        maps["household"].update(Household.objects.filter(pk__in=chunk).values_list("pk", "uuid"))
    for values in plan.households_existing.values():
        maps["household"][values["pk"]] = values["uuid"]
    return maps


def _audit_value(name: str, value: Any, uuids: dict[str, dict[int, Any]]) -> Any:
    if value is None:
        return None
    key = AUDIT_NAMES.get(name)
    if key is not None:
        if isinstance(value, str):  # a household still to be created, named by its external id
            return value
        found = uuids[key].get(value)
        return str(found) if found is not None else value
    return _plain(value)


__all__ = ["ImportReport", "people_import"]
