"""Reasons a pair looks like the same person, in the user's language, from comparison levels."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sanad.core.countries import country_name


def _names(*values: str) -> str:
    return " / ".join(v for v in dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _pair(left: str, right: str) -> str:
    return f"{left} ≈ {right}" if left and right and left != right else (left or right)


def reasons_for(levels: dict[str, str], left: dict, right: dict) -> list[str]:
    """Translated reasons for the agreeing ``levels`` between two people's displayed fields.

    ``left`` / ``right`` hold the fields as entered: ``given_name``, ``given_name_ar``, …,
    ``date_of_birth``, ``nationality``, ``phones`` (list), ``documents`` (list).
    """

    def name(side: dict, part: str) -> str:
        return _names(side.get(f"{part}_name", ""), side.get(f"{part}_name_ar", ""))

    out: list[str] = []
    codes = set(levels.values())
    labels = {
        "given": (_("Same given name: %(names)s"), _("Similar given name: %(names)s")),
        "father": (_("Same father's name: %(names)s"), _("Similar father's name: %(names)s")),
        "grandfather": (
            _("Same grandfather's name: %(names)s"),
            _("Similar grandfather's name: %(names)s"),
        ),
        "family": (_("Same family name: %(names)s"), _("Similar family name: %(names)s")),
    }
    for part, (same, similar) in labels.items():
        names = _pair(name(left, part), name(right, part))
        if f"{part}:exact" in codes:
            out.append(same % {"names": names})
        elif f"{part}:fuzzy" in codes or f"{part}:typo" in codes:
            out.append(similar % {"names": names})
        elif part == "family" and "family:partial" in codes:
            out.append(same % {"names": names})
    if "given:alias" in codes:
        out.append(
            _("Given name matches another name used: %(names)s")
            % {"names": _pair(name(left, "given"), name(right, "given"))}
        )
    if "given:swapped" in codes:
        if "family:swapped" in codes:
            out.append(_("Given and family names swapped"))
        else:
            out.append(_("Given and father's names swapped"))
    if "father:swapped" in codes:
        out.append(_("Father's and grandfather's names swapped"))
    if "family:shifted" in codes:
        out.append(_("Family name in the grandfather's place (a name part missing)"))
    if "father:shifted" in codes:
        out.append(_("Grandfather's name in the father's place (a name part missing)"))
    left_dob, right_dob = str(left.get("date_of_birth") or ""), str(right.get("date_of_birth") or "")
    if "dob:exact" in codes:
        out.append(_("Same date of birth: %(date)s") % {"date": left_dob})
    elif "dob:typo" in codes:
        out.append(
            _("Same day and month of birth, years one apart: %(left)s / %(right)s")
            % {"left": left_dob, "right": right_dob}
        )
    elif "dob:year" in codes:
        out.append(_("Same year of birth: %(year)s") % {"year": left_dob[:4]})
    elif "dob:year1" in codes:
        out.append(
            _("Year of birth one year apart: %(left)s / %(right)s")
            % {"left": left_dob[:4], "right": right_dob[:4]}
        )
    elif "dob:near" in codes:
        out.append(
            _("Year of birth within two years: %(left)s / %(right)s")
            % {"left": left_dob[:4], "right": right_dob[:4]}
        )
    if "nationality:exact" in codes:
        code = left.get("nationality", "")
        out.append(_("Same nationality: %(code)s") % {"code": country_name(code) if code else ""})
    if "phone:exact" in codes:
        shared = sorted(set(left.get("phones") or ()) & set(right.get("phones") or ()))
        out.append(_("Same phone: %(phone)s") % {"phone": ", ".join(shared)} if shared else _("Same phone"))
    if "location:exact" in codes:
        place = _pair(left.get("place") or "", right.get("place") or "")
        out.append(_("Same place: %(place)s") % {"place": place} if place else _("Same place"))
    if "document:exact" in codes:
        out.append(_("Same document number"))
    return out


def person_fields(person) -> dict:
    """The displayed fields of a Person (phones/documents from prefetched relations)."""
    return {
        "given_name": person.given_name,
        "father_name": person.father_name,
        "grandfather_name": person.grandfather_name,
        "family_name": person.family_name,
        "given_name_ar": person.given_name_ar,
        "father_name_ar": person.father_name_ar,
        "grandfather_name_ar": person.grandfather_name_ar,
        "family_name_ar": person.family_name_ar,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "nationality": person.nationality,
        "phones": [p.number for p in person.phones.all()],
        "documents": [d.number_normalised for d in person.documents.all()],
        "place": str(person.admin_unit) if person.admin_unit_id else "",
    }
