"""Pieces shared by the registry services: who holds a record, reading and validating a person's
fields, and what of a person the audit trail records."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.countries import country_resolve, country_unknown_message
from sanad.core.errors import DomainError
from sanad.core.models import Team, Unit
from sanad.core.permissions import Scope, has_permission, scope_for
from sanad.registry.models import (
    Consent,
    DatePrecision,
    IdentityDocument,
    Person,
    PopulationGroup,
    Relationship,
    Sex,
    VulnerabilityFlag,
)
from sanad.registry.validation import date_of_birth_normalise, document_number_normalise, phone_normalise

NAME_FIELDS = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "given_name_ar",
    "father_name_ar",
    "grandfather_name_ar",
    "family_name_ar",
)
# Scalar person fields a service may set from ``data``.
PERSON_FIELDS = (
    *NAME_FIELDS,
    "other_names",
    "sex",
    "date_of_birth",
    "date_of_birth_precision",
    "nationality",
    "country_of_birth",
    "languages",
    "population_group",
    "admin_unit",
    "site",
    "relationship",
)
AUDITED_FIELDS = (*PERSON_FIELDS, "household", "status")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def require(actor, action: str, message: str) -> None:
    if not has_permission(actor, action):
        raise DomainError(message, code="forbidden")


def require_record(actor, record, *, action: str, message: str) -> None:
    """A person or household a write names: one the actor may ``action`` (the page, the API, the
    importer alike). Out of the actor's view is a 404, so nobody learns it exists; seen but not
    ``action``-able is a 403 with ``message``."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from sanad.core.scoping import scope_filter

    one = type(record).objects.filter(pk=record.pk)
    if scope_filter(one, actor=actor, action=action).exists():
        return
    if action != "persons.view" and scope_filter(one, actor=actor, action="persons.view").exists():
        raise PermissionDenied(message)
    raise Http404


def holder_for(actor, team: Team | None) -> dict[str, Any]:
    """The agency, unit and team that hold a record the actor registers."""
    if not getattr(actor, "agency_id", None):
        raise DomainError(_("Your account belongs to no agency, so you cannot register people."))
    if team is not None:
        wide = scope_for(actor, "persons.register") == Scope.ALL
        if team.pk not in actor.team_ids and not (wide or team.agency_id == actor.agency_id):
            raise ValidationError({"team": [_("Choose one of your teams.")]})
    else:
        team = Team.objects.filter(pk__in=actor.team_ids, is_active=True).order_by("pk").first()
    unit = (
        team.unit if team is not None else Unit.objects.filter(pk__in=actor.unit_ids).order_by("pk").first()
    )
    return {"agency_id": team.agency_id if team is not None else actor.agency_id, "unit": unit, "team": team}


def _text(value) -> str:
    return " ".join(str(value or "").split())


def _as_date(value, field: str, errors: dict) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 4 and text.isdigit():
            return datetime.date(int(text), 1, 1)
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.setdefault(field, []).append(_("Enter a date as YYYY-MM-DD (or a year as YYYY)."))
        return None


def apply_person_fields(person: Person, data: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Set the person's scalar fields from ``data`` (only the keys present), validating each."""
    for name in NAME_FIELDS:
        if name in data:
            value = _text(data[name])
            if len(value) > 100:
                errors.setdefault(name, []).append(_("A name part has at most 100 characters."))
            setattr(person, name, value[:100])
    if "other_names" in data:
        values = data["other_names"] or []
        if isinstance(values, str):
            values = values.split(",")
        person.other_names = [v for v in (_text(x) for x in values) if v][:10]
    if "sex" in data:
        person.sex = data["sex"] or Sex.UNKNOWN
        if person.sex not in Sex.values:
            errors.setdefault("sex", []).append(_("Choose male, female or not stated."))
    if "population_group" in data:
        person.population_group = data["population_group"] or PopulationGroup.MIGRANT
        if person.population_group not in PopulationGroup.values:
            errors.setdefault("population_group", []).append(_("Choose a population group from the list."))
    if "relationship" in data:
        person.relationship = data["relationship"] or ""
        if person.relationship and person.relationship not in Relationship.values:
            errors.setdefault("relationship", []).append(_("Choose a relationship from the list."))
    for name in ("nationality", "country_of_birth"):
        if name in data:
            code = country_resolve(_text(data[name]))
            if code is None:
                errors.setdefault(name, []).append(country_unknown_message(data[name]))
                code = ""
            setattr(person, name, code)
    if "languages" in data:
        values = data["languages"] or []
        if isinstance(values, str):
            values = values.split(",")
        person.languages = [v for v in (_text(x).lower() for x in values) if v][:10]
    if "admin_unit" in data:
        person.admin_unit = data["admin_unit"]
    if "site" in data:
        person.site = data["site"]
    if {"date_of_birth", "date_of_birth_precision", "age"} & data.keys():
        precision = (
            data.get("date_of_birth_precision") or person.date_of_birth_precision or DatePrecision.EXACT
        )
        if precision not in DatePrecision.values:
            errors.setdefault("date_of_birth_precision", []).append(_("Choose how precise the date is."))
            precision = DatePrecision.EXACT
        value = _as_date(data.get("date_of_birth", person.date_of_birth), "date_of_birth", errors)
        age = data.get("age")
        if age not in (None, ""):
            try:
                age = int(age)
            except (TypeError, ValueError):
                age = -1
            if not 0 <= age <= 120:
                errors.setdefault("age", []).append(_("Enter an age in years between 0 and 120."))
                age = None
            else:
                precision = DatePrecision.ESTIMATED
        else:
            age = None
        value, precision = date_of_birth_normalise(value, precision, age=age)
        today = timezone.localdate()
        if value is not None and value > today:
            errors.setdefault("date_of_birth", []).append(_("The date of birth cannot be in the future."))
        elif value is not None and value < EARLIEST_BIRTH:
            errors.setdefault("date_of_birth", []).append(_("The date of birth is before 1900."))
        person.date_of_birth, person.date_of_birth_precision = value, precision
    if not (person.given_name or person.given_name_ar or person.family_name or person.family_name_ar):
        errors.setdefault("given_name", []).append(
            _("Give at least the given name or the family name, in Latin or Arabic script.")
        )


def clean_phones(values, errors: dict[str, list[str]], field: str = "phones") -> list[tuple[str, str]]:
    """(E.164, as typed) pairs, duplicates dropped; an unreadable number is a field error."""
    if isinstance(values, str):
        values = [values]
    out: list[tuple[str, str]] = []
    for typed in values or []:
        typed = _text(typed)
        if not typed:
            continue
        number = phone_normalise(typed)
        if number is None:
            errors.setdefault(field, []).append(
                _("“%(phone)s” is not a phone number (e.g. 091 234 5678 or +234 803 123 4567).")
                % {"phone": typed}
            )
        elif number not in {n for n, _t in out}:
            out.append((number, typed[:40]))
    return out


def clean_documents(values, errors: dict[str, list[str]], field: str = "documents") -> list[dict[str, Any]]:
    out = []
    for item in values or []:
        number = _text(item.get("number"))
        if not number:
            continue
        kind = item.get("document_type") or IdentityDocument.Type.OTHER
        if kind not in IdentityDocument.Type.values:
            errors.setdefault(field, []).append(_("Choose a document type from the list."))
        country = country_resolve(_text(item.get("issuing_country")))
        if country is None:
            errors.setdefault(field, []).append(country_unknown_message(item.get("issuing_country")))
            country = ""
        normalised = document_number_normalise(number)
        if not normalised:
            errors.setdefault(field, []).append(_("A document number needs letters or digits."))
        expiry = _as_date(item.get("expiry_date"), field, errors)
        out.append(
            {
                "document_type": kind,
                "number": number[:60],
                "number_normalised": normalised,
                "issuing_country": country,
                "expiry_date": expiry,
            }
        )
    return out


def clean_flags(values, errors: dict[str, list[str]]) -> set[str]:
    flags = {v for v in (values or []) if v}
    unknown = flags - set(VulnerabilityFlag.values)
    if unknown:
        errors.setdefault("flags", []).append(
            _("Unknown vulnerability flag: %(flags)s") % {"flags": ", ".join(sorted(unknown))}
        )
    return flags & set(VulnerabilityFlag.values)


def clean_consents(values, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    out = []
    for item in values or []:
        if isinstance(item, str):
            item = {"purpose": item}
        purpose = item.get("purpose")
        if purpose not in Consent.Purpose.values:
            errors.setdefault("consents", []).append(_("Choose a consent purpose from the list."))
            continue
        given_on = _as_date(item.get("given_on"), "consents", errors) or timezone.localdate()
        if given_on > timezone.localdate():
            errors.setdefault("consents", []).append(_("Consent cannot be given in the future."))
        out.append({"purpose": purpose, "given_by": _text(item.get("given_by"))[:150], "given_on": given_on})
    return out


def person_state(person: Person) -> dict[str, Any]:
    """What the audit trail records of a person: fields plus phones, documents and flags."""
    from sanad.core.audit import snapshot

    state = snapshot(person, AUDITED_FIELDS)
    state["phones"] = sorted(person.phones.values_list("number", flat=True))
    state["documents"] = sorted(
        f"{kind}:{number}" for kind, number in person.documents.values_list("document_type", "number")
    )
    state["flags"] = sorted(person.flags.values_list("flag", flat=True))
    return state
