"""Import a published DTM mobility-tracking workbook as one round.

Reading and checking (``workbook_read``, in ``sanad.dtm.services.workbook``) is apart from
writing (``round_import``): if the workbook has any problem, nothing is written and the whole
list is reported. A re-import of a round replaces its figures in the same transaction, so
readers see the old round or the new one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission
from sanad.dtm.models import BaladiyaFigure, MuhallaFigure, NationalityFigure, Population, Round
from sanad.dtm.services.mapping import Mapping, mapping_load
from sanad.dtm.services.workbook import (
    STEPS,
    DtmImportError,
    ImportReport,
    Progress,
    _checks,
    period_parse,
    workbook_read,
)
from sanad.geo.models import AdminUnit


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
def _clean(record: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k in allowed and v is not None}


@transaction.atomic
def round_import(
    *,
    actor,
    file,
    number: int,
    population: str,
    file_name: str = "",
    mapping: Mapping | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import (or replace) round ``number`` of ``population`` from a published workbook.

    Raises ``DtmImportError`` listing every problem when anything does not fit; then nothing
    is written. ``actor`` is None from the command line.
    """
    if actor is not None and not has_permission(actor, "dtm.import"):
        raise DomainError(_("You may not import DTM rounds."), code="forbidden")
    if population not in Population.values:
        raise DomainError(_("Unknown population type “%(value)s”.") % {"value": population}, code="invalid")
    if not isinstance(number, int) or number < 1:
        raise DomainError(_("The round number must be a positive whole number."), code="invalid")
    mapping = mapping or mapping_load(population=population)
    parsed = workbook_read(file, mapping=mapping, number=number, progress=progress)
    if parsed.problems:
        raise DtmImportError(parsed.problems)

    checks = _checks(parsed)
    start, end = period_parse(parsed.period_label)
    existing = Round.objects.select_for_update().filter(number=number, population=population).first()
    before = (
        {
            "individuals": existing.total_individuals,
            "baladiyas": existing.baladiya_count,
            "muhallas": existing.muhalla_count,
        }
        if existing
        else {}
    )
    round_ = existing or Round(number=number, population=population)
    if existing:
        # Replace: the figures go, the round (and its uuid) stays.
        BaladiyaFigure.objects.filter(round=existing).delete()
        MuhallaFigure.objects.filter(round=existing).delete()
        NationalityFigure.objects.filter(round=existing).delete()
    round_.period_label = parsed.period_label[:100]
    round_.period_start, round_.period_end = start, end
    round_.source_file_name = (file_name or getattr(file, "name", "") or "")[-255:]
    round_.mapping_name = mapping.name[:100]
    round_.imported_at = timezone.now()
    round_.imported_by = actor if getattr(actor, "pk", None) else None
    round_.total_individuals = sum(r.get("individuals") or 0 for r in parsed.baladiyas)
    round_.baladiya_count = len(parsed.baladiyas)
    round_.muhalla_count = len(parsed.muhallas)
    round_.summary_check = checks
    if not checks:
        round_.status = Round.Status.UNCHECKED
    elif all(c["matches"] for c in checks):
        round_.status = Round.Status.VERIFIED
    else:
        round_.status = Round.Status.DISCREPANCIES
    round_.save()

    baladiya_fields = {"individuals", "households", "latitude", "longitude", "source_row"}
    BaladiyaFigure.objects.bulk_create(
        [
            BaladiyaFigure(round=round_, admin_unit_id=r["admin_unit_id"], **_clean(r, baladiya_fields))
            for r in parsed.baladiyas
        ],
        batch_size=500,
    )
    muhalla_fields = {
        "individuals",
        "households",
        "adult_men",
        "adult_women",
        "children",
        "shelter",
        "arrival",
        "permit",
        "settlement_type",
        "latitude",
        "longitude",
        "source_row",
        "hosts_population",
        *(f"priority_need_{i}" for i in (1, 2, 3)),
        *(f"priority_problem_{i}" for i in (1, 2, 3)),
    }
    MuhallaFigure.objects.bulk_create(
        [
            MuhallaFigure(
                round=round_,
                admin_unit_id=r["admin_unit_id"],
                baladiya_id=r["parent_id"],
                **_clean(r, muhalla_fields),
            )
            for r in parsed.muhallas
        ],
        batch_size=500,
    )
    muhalla_parent = {r["admin_unit_id"]: r["parent_id"] for r in parsed.muhallas}
    if not muhalla_parent:
        muhalla_parent = dict(
            AdminUnit.objects.filter(pk__in={r["admin_unit_id"] for r in parsed.nationalities}).values_list(
                "pk", "parent_id"
            )
        )
    codes = mapping.nationality_codes
    nationality_fields = {
        "nationality",
        "region_of_origin",
        "subregion_of_origin",
        "individuals",
        "source_row",
    }
    NationalityFigure.objects.bulk_create(
        [
            NationalityFigure(
                round=round_,
                muhalla_id=r["admin_unit_id"],
                baladiya_id=muhalla_parent[r["admin_unit_id"]],
                nationality_code=str(codes.get(r.get("nationality"), ""))[:3],
                **_clean(r, nationality_fields),
            )
            for r in parsed.nationalities
        ],
        batch_size=1000,
    )
    after = {
        "individuals": round_.total_individuals,
        "baladiyas": round_.baladiya_count,
        "muhallas": round_.muhalla_count,
    }
    audit_record(
        actor=actor,
        action="dtm.round.replace" if existing else "dtm.round.import",
        obj=round_,
        changes={
            **{k: [before.get(k), v] for k, v in after.items()},
            "source_file": [None, round_.source_file_name],
            "status": [None, round_.status],
        },
    )
    if progress:
        progress(STEPS, STEPS, _("Saved"))
    return ImportReport(round=round_, replaced=existing is not None, checks=checks)
