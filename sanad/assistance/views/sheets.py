"""The bilingual (Arabic / English) distribution sign sheet as a PDF (WeasyPrint, DejaVu Sans)."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import View

from sanad.assistance.selectors import distribution_get, distribution_list_entries, store_stocked_item_ids
from sanad.assistance.services.distributions import distribution_sheet_printed
from sanad.assistance.services.entitlements import entitlements_for
from sanad.core.views.base import ActionRequiredMixin

WALK_IN_LINES = 5
EMPTY_SHEET_LINES = 12


def sign_sheet_html(*, distribution, rows, blank=()) -> str:
    with translation.override("en"):
        return render_to_string(
            "assistance/sign_sheet.html", {"distribution": distribution, "rows": rows, "blank": blank}
        )


def sign_sheet_pdf(*, distribution, rows, blank=()) -> bytes:
    from weasyprint import HTML

    return HTML(string=sign_sheet_html(distribution=distribution, rows=rows, blank=blank)).write_pdf()


class DistributionSheetView(ActionRequiredMixin, View):
    required_action = "distributions.view"

    def get(self, request, uuid):
        distribution = distribution_get(actor=request.user, uuid=uuid)
        rows = []
        # Only what this distribution can hand over: the items its store holds.
        stocked = store_stocked_item_ids(store=distribution.store)
        for position, (person, received) in enumerate(
            distribution_list_entries(distribution=distribution), 1
        ):
            entitled = [
                f"{e.remaining} × {e.item.name_en}" + (f" / {e.item.name_ar}" if e.item.name_ar else "")
                for e in entitlements_for(person=person, unit=distribution.unit, day=distribution.date)
                if e.rule is not None and e.remaining and e.item.pk in stocked
            ]
            rows.append({"position": position, "person": person, "received": received, "entitled": entitled})
        # Blank numbered lines for people who come without being on the list (walk-ins) — a whole
        # page of them when no list was prepared.
        blank = range(len(rows) + 1, len(rows) + 1 + (WALK_IN_LINES if rows else EMPTY_SHEET_LINES))
        content = sign_sheet_pdf(distribution=distribution, rows=rows, blank=blank)
        distribution_sheet_printed(actor=request.user, distribution=distribution, rows=len(rows))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{distribution.reference}-sheet.pdf"'
        return response
