"""The words of the published DTM Libya datasets, in the reader's language.

DTM workbooks name each muhalla's priority needs and the problem with each in English, from a
fixed list ("Health services", "NFIs", "Too expensive" …). They are stored as published (so a
re-import and the HXL exports match the source) and translated here when shown. A value not on the
list is shown as published: it is data, not Sanad's wording.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Published value (as in the Round 54 migrant dataset, compared without case) -> label.
NEEDS = {
    "food": _("Food"),
    "health services": _("Health services"),
    "shelter": _("Shelter"),
    "nfis": _("Non-food items"),
    "water, sanitation and hygiene": _("Water, sanitation and hygiene"),
    "legal help": _("Legal aid"),
    "protection": _("Protection"),
    "security": _("Security"),
    "education": _("Education"),
    "other": _("Other"),
}

PROBLEMS = {
    "too expensive": _("Too expensive"),
    "not sufficiently available": _("Not sufficiently available"),
    "quality not good": _("Quality not good"),
    "no water network": _("No water network"),
    "no access for migrants": _("No access for migrants"),
    "too far away": _("Too far away"),
    "access only ad-hoc": _("Access only now and then"),
    "crime": _("Crime"),
    "not enough toilets/showers": _("Not enough toilets or showers"),
    "other problem": _("Other problem"),
    "irregular supply of medicines": _("Irregular supply of medicines"),
    "lost or insufficient documentation": _("Lost or insufficient documents"),
    "no waste management/disposal in muhalla": _("No waste collection in the muhalla"),
    "available water quantity not sufficient": _("Not enough water available"),
    "not safe to access": _("Not safe to reach"),
    "bad water quality": _("Bad water quality"),
    "no access at all": _("No access at all"),
    "access at a high price": _("Access only at a high price"),
    "limited availability on market": _("Limited availability on the market"),
}


def need_label(value: str) -> str:
    return str(NEEDS.get((value or "").strip().lower(), value))


def problem_label(value: str) -> str:
    return str(PROBLEMS.get((value or "").strip().lower(), value))
