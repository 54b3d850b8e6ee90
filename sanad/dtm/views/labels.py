"""Translated labels for the breakdown keys of the column mappings."""

from django.utils.translation import gettext_lazy as _

BREAKDOWN_LABELS = {
    "adult_men": _("Adult men"),
    "adult_women": _("Adult women"),
    "children": _("Children"),
    "rented_self_paid": _("Rented (self-paid)"),
    "rented_paid_by_others": _("Rented (paid by others)"),
    "rented_paid_by_employer": _("Rented (paid by the employer)"),
    "squatting": _("Squatting on others' property"),
    "abandoned_buildings": _("Abandoned buildings"),
    "workplace": _("At the workplace"),
    "public_buildings": _("Schools or other public buildings"),
    "informal_camp": _("Informal camp"),
    "no_accommodation": _("No accommodation"),
    "other": _("Other"),
    "last_month": _("Arrived last month"),
    "one_to_six_months": _("1 to 6 months ago"),
    "six_to_twelve_months": _("6 to 12 months ago"),
    "over_twelve_months": _("Over 12 months ago"),
    "unknown": _("Unknown"),
    "residency_permit": _("Residency permit"),
    "work_permit": _("Work permit"),
    "no_permit": _("No permit"),
}


def labelled(rows):
    """Breakdown rows with a ``label``: the translated one, or the key made readable."""
    for row in rows:
        row["label"] = BREAKDOWN_LABELS.get(row["key"]) or row["key"].replace("_", " ").capitalize()
    return rows
