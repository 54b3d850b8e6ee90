"""The people import pages: upload a file, follow the job, read the per-row report, get the template."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.forms.base import IdempotentFormMixin
from sanad.core.selectors.jobs import job_get, recent_jobs
from sanad.core.views.base import ActionRequiredMixin
from sanad.registry.services.import_jobs import ALLOWED_EXTENSIONS, people_import_start
from sanad.registry.services.import_rows import TEMPLATE_COLUMNS
from sanad.registry.services.import_template import import_template_workbook
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
        recent = recent_jobs(actor=request.user, kind=JOB_KIND, limit=RECENT_IMPORTS)
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
            import_template_workbook(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="sanad-people-import-template.xlsx"'
        return response
