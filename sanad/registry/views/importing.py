"""The people import pages: upload a file, follow the job, read the per-row report, get the template."""

from __future__ import annotations

import io

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.forms.base import IdempotentFormMixin
from sanad.core.selectors.jobs import job_get, job_list
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry.services.import_jobs import ALLOWED_EXTENSIONS, people_import_start
from sanad.registry.services.import_rows import TEMPLATE_COLUMNS
from sanad.registry.services.importing import JOB_KIND, MAX_UPLOAD_BYTES

RECENT_IMPORTS = 10
REPORT_ROWS_SHOWN = 200


class ImportUploadForm(IdempotentFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A .csv (UTF-8) or .xlsx file in the template's format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx", "class": "form-control"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file (dry run): write nothing"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_EXTENSIONS):
            raise forms.ValidationError(_("Upload a .csv or an .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB: split it in parts.")
                % {"size": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        return upload


def _import_job(actor, uuid):
    job = job_get(actor=actor, uuid=uuid)
    if job.kind != JOB_KIND:
        raise Http404
    return job


class ImportUploadView(ActionRequiredMixin, View):
    required_action = "persons.import"

    def get(self, request):
        return self._render(request, ImportUploadForm())

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = people_import_start(
                    actor=request.user,
                    uploaded_file=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                    idempotency_key=form.cleaned_data.get("idempotency_key"),
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                response = redirect("registry_import:result", uuid=job.uuid)
                response["X-Sanad-Job"] = str(job.uuid)
                return response
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        recent = job_list(actor=request.user).filter(kind=JOB_KIND)[:RECENT_IMPORTS]
        return render(
            request,
            "registry/import/upload.html",
            {"form": form, "recent": recent, "columns": TEMPLATE_COLUMNS},
            status=status,
        )


class ImportResultView(ActionRequiredMixin, View):
    required_action = "persons.import"

    def get(self, request, uuid):
        job = _import_job(request.user, uuid)
        return render(request, "registry/import/result.html", _report_context(job))


class ImportReportView(ActionRequiredMixin, View):
    """The job's progress and, once finished, its report: polled by htmx until the job ends."""

    required_action = "persons.import"

    def get(self, request, uuid):
        job = _import_job(request.user, uuid)
        return render(request, "registry/import/_report.html", _report_context(job))


def _report_context(job) -> dict:
    result = job.result or {}
    errors = result.get("errors") or []
    return {
        "job": job,
        "result": result,
        "errors": errors[:REPORT_ROWS_SHOWN],
        "errors_hidden": max(0, int(result.get("error_count") or 0) - min(len(errors), REPORT_ROWS_SHOWN)),
    }


class ImportTemplateView(ActionRequiredMixin, View):
    """The import template as an .xlsx workbook: the columns, one example row, and notes."""

    required_action = "persons.import"

    def get(self, request):
        response = HttpResponse(
            template_workbook(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="sanad-people-import-template.xlsx"'
        return response


EXAMPLE_ROWS = (
    ("IOM-TRP-0001", "Mohamed", "Ali", "Hassan", "Abdallah", "محمد علي حسن عبدالله", "M", "1990-05-01",
     "SDN", "091 234 5678", "LY010304", "", "migrant", "HH-0001", "head"),
    ("IOM-TRP-0002", "Fatima", "Omar", "", "Abdallah", "فاطمة عمر عبدالله", "F", "1992",
     "SDN", "", "LY010304", "", "migrant", "HH-0001", "spouse"),
)  # fmt: skip


def template_workbook() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    notes = {
        "external_id": _("Required. Your identifier of the person; unique in the file and in your agency."),
        "given_name": _("Latin script."),
        "father_name": _("Latin script."),
        "grandfather_name": _("Latin script."),
        "family_name": _("Latin script."),
        "name_ar": _("Full name in Arabic script: 4 parts are given, father, grandfather, family names."),
        "sex": _("M or F (blank: not stated)."),
        "date_of_birth": _("YYYY-MM-DD, or YYYY when only the year is known."),
        "nationality": _(
            "The country's name in English, Arabic or French, or its ISO 3166 alpha-3 code (e.g. SDN)."
        ),
        "phone": _("As typed; Libyan numbers may omit +218."),
        "admin_pcode": _("P-code of the current location (e.g. LY010304)."),
        "site": _("Site name or id (optional)."),
        "population_group": _("migrant, refugee, idp, returnee or host_community (blank: migrant)."),
        "household_id": _("Same value on every row of one household."),
        "relationship": _("Relationship to the head: head, spouse, child, parent, sibling, …"),
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("People")
    sheet.append(list(TEMPLATE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_ROWS:
        sheet.append(list(row))
    for index, column in enumerate(TEMPLATE_COLUMNS):
        sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = max(
            14, len(column) + 4
        )
        # Text cells, so Excel keeps leading zeros of phones and does not turn years into numbers.
        for row_number in range(2, 1002):
            sheet.cell(row=row_number, column=index + 1).number_format = "@"
    help_sheet = workbook.create_sheet(_("Columns"))
    help_sheet.append([_("Column"), _("What to write")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in TEMPLATE_COLUMNS:
        help_sheet.append([column, str(notes[column])])
    help_sheet.append([])
    help_sheet.append(
        [
            _(
                "Only the first sheet is imported. If any row has an error, nothing is imported: "
                "fix and upload again."
            )
        ]
    )
    help_sheet.column_dimensions["A"].width = 20
    help_sheet.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
