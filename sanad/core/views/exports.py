"""The answer to an export request: the file itself, or the page of the job that writes it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sanad.core.exports import ExportFile


def export_response(request, result) -> HttpResponse:
    """``result`` of ``export_deliver``: a file is downloaded, a job's progress page is shown."""
    if isinstance(result, ExportFile):
        response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.name}"'
        response["Cache-Control"] = "private, no-store"
        return response
    messages.info(
        request, _("The file is large: it is being written. Download it from this page when it is ready.")
    )
    return redirect("core:job_detail", uuid=result.uuid)
