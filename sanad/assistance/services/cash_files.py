"""Payment list export (per FSP template) and reconciliation import.

The export writes the FSP's columns in its order and format through ``core.exports`` (CSV in
UTF-8 with BOM so Excel opens Arabic names correctly; no cell a spreadsheet would run as a
formula). Amounts are exact decimals with three places, never floats.

The import reads the FSP's reconciliation file (XLSX or CSV) with the columns ``payment_id``,
``status`` (paid / failed / not_collected), ``reason``, ``fsp_reference``. Every row is checked
first; if any row is wrong, nothing is applied and the per-row report says why. Importing the
same file again changes nothing (rows already in that state are counted as unchanged).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.assistance.models import CashPlan, Payment
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.exports import Column, ExportSpec, Table, export_write

EXPORT_COLUMNS = {
    "payment_id": gettext_lazy("Payment ID"),
    "plan_reference": gettext_lazy("Plan"),
    "person_reference": gettext_lazy("Beneficiary reference"),
    "full_name": gettext_lazy("Name"),
    "full_name_ar": gettext_lazy("Name (Arabic)"),
    "phone": gettext_lazy("Phone"),
    "document_number": gettext_lazy("Document number"),
    "household_size": gettext_lazy("Household size"),
    "amount": gettext_lazy("Amount"),
    "currency": gettext_lazy("Currency"),
}
IMPORT_STATUSES = {
    "paid": Payment.Status.PAID,
    "failed": Payment.Status.FAILED,
    "not_collected": Payment.Status.NOT_COLLECTED,
    "not collected": Payment.Status.NOT_COLLECTED,
}


IMPORT_LABELS = {
    "status": gettext_lazy("Status"),
    "reason": gettext_lazy("Reason"),
    "fsp_reference": gettext_lazy("FSP reference"),
}


def _normal(text) -> str:
    return re.sub(r"[\s\-]+", "_", str(text or "").strip().lower())


def _header_aliases() -> dict[str, str]:
    """Header cell -> column code. The provider may send back our own export (its header is in
    the language of whoever downloaded it) with the result columns added, or use the codes."""
    from django.conf import settings
    from django.utils import translation

    aliases = {}
    for code, label in {**EXPORT_COLUMNS, **IMPORT_LABELS}.items():
        aliases[_normal(code)] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                aliases.setdefault(_normal(label), code)
    return aliases


def _header_key(cell, aliases: dict[str, str]) -> str:
    key = _normal(cell)
    return aliases.get(key, key)


def _value(payment: Payment, column: str) -> str:
    person = payment.person
    if column == "payment_id":
        return str(payment.uuid)
    if column == "plan_reference":
        return payment.plan.reference
    if column == "person_reference":
        return person.reference
    if column == "full_name":
        return person.full_name
    if column == "full_name_ar":
        return person.full_name_ar
    if column == "phone":
        phones = list(person.phones.all())
        primary = next((p for p in phones if p.is_primary), phones[0] if phones else None)
        return primary.number if primary else ""
    if column == "document_number":
        documents = list(person.documents.all())
        return documents[0].number if documents else ""
    if column == "household_size":
        return str(payment.household_size)
    if column == "amount":
        return f"{payment.amount:.3f}"
    if column == "currency":
        return payment.plan.currency
    raise KeyError(column)


def payment_rows(plan: CashPlan) -> tuple[list[str], list[list[str]]]:
    columns = list(plan.fsp.columns)
    payments = (
        plan.payments.filter(status=Payment.Status.PENDING)
        .select_related("person", "plan")
        .prefetch_related("person__phones", "person__documents")
        .order_by("pk")
    )
    return [str(EXPORT_COLUMNS[c]) for c in columns], [[_value(p, c) for c in columns] for p in payments]


NUMERIC_COLUMNS = {"amount": Decimal, "household_size": int}
NUMBER_FORMATS = {"amount": "0.000"}


def _cell(column: str, value: str):
    """The amount and the household size as numbers (the provider's systems sum them);
    everything else as text (IDs, phone and document numbers keep leading zeros, "+")."""
    kind = NUMERIC_COLUMNS.get(column)
    return kind(value) if kind is not None and value != "" else value


def payment_table(plan: CashPlan) -> Table:
    """The payment list as the FSP's template has it: its columns, in its order."""
    columns = list(plan.fsp.columns)
    header, rows = payment_rows(plan)
    return Table(
        columns=[
            Column(label, number_format=NUMBER_FORMATS.get(code, ""))
            for code, label in zip(columns, header, strict=True)
        ],
        rows=[[_cell(code, value) for code, value in zip(columns, row, strict=True)] for row in rows],
        sheet="payments",
        total=len(rows),
    )


@transaction.atomic
def cash_plan_export(*, actor, plan: CashPlan, progress=None) -> tuple[str, bytes]:
    """The payment list for the FSP: (file name, content). Only an approved (or already exported)
    plan can be exported; the first export moves it to "sent to the provider". ``progress(rows)``
    is called as rows are written (the export job's progress bar)."""
    plan = CashPlan.objects.select_for_update().select_related("fsp").get(pk=plan.pk)
    if plan.status not in (CashPlan.Status.APPROVED, CashPlan.Status.EXPORTED):
        raise DomainError(
            _("Export the payment list once finance has approved the plan."), code="not_approved"
        )
    spec = ExportSpec(
        table=payment_table(plan),
        file_stem=f"{plan.reference}-{plan.fsp.code}",
        action="assistance.cash_plan.export",
        obj=plan,
    )
    file = export_write(actor=actor, spec=spec, fmt=plan.fsp.export_format, progress=progress)
    if plan.status == CashPlan.Status.APPROVED:
        plan.status, plan.exported_at = CashPlan.Status.EXPORTED, timezone.now()
        plan.save(update_fields=["status", "exported_at", "updated_at"])
    return file.name, file.content


# ---------------------------------------------------------------------------------------------
# Reconciliation import
# ---------------------------------------------------------------------------------------------
@dataclass
class ImportReport:
    rows: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [{"row": r, "message": m} for r, m in self.errors],
        }


def _read_rows(filename: str, content: bytes) -> list[dict[str, str]]:
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError({"file": _("The CSV file must be UTF-8.")}) from None
        aliases = _header_aliases()
        reader = csv.DictReader(io.StringIO(text))
        return [{_header_key(k, aliases): (v or "").strip() for k, v in row.items()} for row in reader]
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception:  # openpyxl raises many kinds on a damaged file
            raise ValidationError({"file": _("This is not a readable XLSX workbook.")}) from None
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            return []
        aliases = _header_aliases()
        header = [_header_key(h, aliases) for h in values[0]]
        return [
            {header[i]: ("" if v is None else str(v).strip()) for i, v in enumerate(row) if i < len(header)}
            for row in values[1:]
            if any(v not in (None, "") for v in row)
        ]
    raise ValidationError({"file": _("Upload a .csv or .xlsx file.")})


def reconciliation_check(*, plan: CashPlan, rows: list[dict[str, str]]) -> tuple[ImportReport, list]:
    """Validate every row; return the report and the changes that would be applied."""
    report = ImportReport(rows=len(rows))
    if rows and "payment_id" not in rows[0] or rows and "status" not in rows[0]:
        report.errors.append((1, _("The header must have the columns payment_id and status.")))
        return report, []
    payments = {str(p.uuid): p for p in plan.payments.select_related("person")}
    seen: dict[str, int] = {}
    changes = []
    for number, row in enumerate(rows, start=2):
        raw_id = row.get("payment_id", "")
        try:
            key = str(uuid.UUID(raw_id))
        except ValueError:
            report.errors.append((number, _("payment_id %(value)r is not a payment ID.") % {"value": raw_id}))
            continue
        payment = payments.get(key)
        if payment is None:
            report.errors.append(
                (number, _("Payment %(id)s is not in plan %(plan)s.") % {"id": key, "plan": plan.reference})
            )
            continue
        if key in seen:
            report.errors.append(
                (number, _("Payment %(id)s already appears on row %(row)d.") % {"id": key, "row": seen[key]})
            )
            continue
        seen[key] = number
        status = IMPORT_STATUSES.get(row.get("status", "").strip().lower())
        if status is None:
            report.errors.append(
                (
                    number,
                    _("Status %(value)r: use paid, failed or not_collected.")
                    % {"value": row.get("status", "")},
                )
            )
            continue
        reason = row.get("reason", "")[:300]
        if status != Payment.Status.PAID and not reason:
            report.errors.append((number, _("A failed or uncollected payment needs a reason.")))
            continue
        if payment.status == Payment.Status.PAID and status != Payment.Status.PAID:
            report.errors.append((number, _("Payment %(id)s was already reported paid.") % {"id": key}))
            continue
        if payment.follow_ups.exists() and status == Payment.Status.PAID:
            report.errors.append(
                (
                    number,
                    _("Payment %(id)s was re-issued in a follow-up plan; it cannot be paid here too.")
                    % {"id": key},
                )
            )
            continue
        fsp_reference = row.get("fsp_reference", "")[:100]
        if payment.status == status and payment.reason == (
            reason if status != Payment.Status.PAID else payment.reason
        ):
            report.unchanged += 1
            continue
        changes.append((payment, status, reason, fsp_reference))
    return report, changes


@transaction.atomic
def cash_plan_reconcile(*, actor, plan: CashPlan, filename: str, content: bytes) -> ImportReport:
    plan = CashPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (CashPlan.Status.EXPORTED, CashPlan.Status.RECONCILED):
        raise DomainError(
            _("Import the provider's results after the payment list was sent."), code="not_exported"
        )
    rows = _read_rows(filename, content)
    report, changes = reconciliation_check(plan=plan, rows=rows)
    if not report.ok:
        return report
    now = timezone.now()
    try:
        with transaction.atomic():
            for payment, status, reason, fsp_reference in changes:
                payment.status = status
                payment.reason = reason if status != Payment.Status.PAID else ""
                payment.fsp_reference = fsp_reference or payment.fsp_reference
                payment.paid_at = now if status == Payment.Status.PAID else None
                payment.save(update_fields=["status", "reason", "fsp_reference", "paid_at", "updated_at"])
    except IntegrityError:
        report.errors.append((0, _("A payment would be paid twice in the same cycle; nothing was applied.")))
        return report
    report.updated = len(changes)
    if not plan.payments.filter(status=Payment.Status.PENDING).exists():
        plan.status = CashPlan.Status.RECONCILED
        plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="assistance.cash_plan.reconcile",
        obj=plan,
        changes={
            "file": [None, filename],
            "updated": [None, report.updated],
            "unchanged": [None, report.unchanged],
            "statuses": [None, {str(p.uuid): s for p, s, _r, _f in changes}],
        },
    )
    return report
