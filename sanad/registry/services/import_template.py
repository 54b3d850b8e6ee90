"""The people import template: an .xlsx workbook with the columns, example rows and notes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sanad.core.exports import Column, Table, xlsx_bytes
from sanad.registry.services.import_rows import TEMPLATE_COLUMNS

# Rows formatted as text below the header, so Excel keeps leading zeros of phones and does not
# turn years into numbers.
TEXT_ROWS = 1000

EXAMPLE_ROWS = (
    ("IOM-TRP-0001", "Mohamed", "Ali", "Hassan", "Abdallah", "محمد علي حسن عبدالله", "M", "1990-05-01",
     "SDN", "091 234 5678", "LY010304", "", "migrant", "HH-0001", "head"),
    ("IOM-TRP-0002", "Fatima", "Omar", "", "Abdallah", "فاطمة عمر عبدالله", "F", "1992",
     "SDN", "", "LY010304", "", "migrant", "HH-0001", "spouse"),
)  # fmt: skip


def import_template_workbook() -> bytes:
    """Holds no records, so it is written through ``core.exports`` without an audit event."""
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
    people = Table(
        columns=[
            Column(column, number_format="@", width=max(14, len(column) + 4)) for column in TEMPLATE_COLUMNS
        ],
        rows=[list(row) for row in EXAMPLE_ROWS],
        sheet=_("People"),
        blank_rows=TEXT_ROWS - len(EXAMPLE_ROWS),
    )
    notes_sheet = Table(
        columns=[Column(_("Column"), width=20), Column(_("What to write"), width=90)],
        rows=[
            *([column, str(notes[column])] for column in TEMPLATE_COLUMNS),
            [],
            [
                _(
                    "Only the first sheet is imported. If any row has an error, nothing is imported: "
                    "fix and upload again."
                )
            ],
        ],
        sheet=_("Columns"),
    )
    content, _rows = xlsx_bytes(people, notes_sheet)
    return content
