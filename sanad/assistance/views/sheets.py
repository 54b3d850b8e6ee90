"""The bilingual (Arabic / English) distribution sign sheet as a PDF (WeasyPrint, DejaVu Sans)."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import View

from sanad.assistance.selectors import distribution_get, distribution_list_entries
from sanad.assistance.services.entitlements import entitlements_for
from sanad.core.audit import audit_record
from sanad.core.views.base import ActionRequiredMixin


def sign_sheet_html(*, distribution, rows) -> str:
    with translation.override("en"):
        return render_to_string("assistance/sign_sheet.html", {"distribution": distribution, "rows": rows})


def sign_sheet_pdf(*, distribution, rows) -> bytes:
    from weasyprint import HTML

    return HTML(string=sign_sheet_html(distribution=distribution, rows=rows)).write_pdf()


class DistributionSheetView(ActionRequiredMixin, View):
    required_action = "distributions.view"

    def get(self, request, uuid):
        distribution = distribution_get(actor=request.user, uuid=uuid)
        rows = []
        for position, (person, received) in enumerate(
            distribution_list_entries(distribution=distribution), 1
        ):
            entitled = [
                f"{e.remaining} × {e.item.name_en}" + (f" / {e.item.name_ar}" if e.item.name_ar else "")
                for e in entitlements_for(person=person, unit=distribution.unit, day=distribution.date)
                if e.rule is not None and e.remaining
            ]
            rows.append({"position": position, "person": person, "received": received, "entitled": entitled})
        content = sign_sheet_pdf(distribution=distribution, rows=rows)
        audit_record(
            actor=request.user,
            action="assistance.distribution.sheet",
            obj=distribution,
            changes={"rows": [None, len(rows)]},
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{distribution.reference}-sheet.pdf"'
        return response
