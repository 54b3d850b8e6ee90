"""Questions answered from the person's record: the ``bind::sanad:prefill`` convention.

A question whose ``bind::sanad:prefill`` column names a person fact starts with that fact as its
answer when the form first opens for a person; the input stays editable and what the caseworker
submits is what is saved (see docs/instruments.md, "Known facts"). ODK Collect and Kobo ignore the
attribute, so the same XLSForm still works offline (the question is simply asked).

Facts and the values they give:

==================  ==============================================================
``sex``             ``female`` / ``male`` (nothing when not stated)
``age``             completed years from the date of birth (an estimated date counts)
``date_of_birth``   ``YYYY-MM-DD``, only when the exact date is known
``nationality``     the ISO 3166-1 alpha-3 code (``SDN``, ``XXA`` …)
``population_group`` the registry code (``migrant``, ``refugee``, ``idp`` …)
``location``        the P-code of the person's current administrative unit
==================  ==============================================================

For a ``select_one`` question the value is used only when it is one of the question's choices.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanad.assessments.xlsform import PREFILL_FACTS, InstrumentDefinition

__all__ = ["PREFILL_FACTS", "person_facts", "prefilled_answers"]
_SEX_VALUES = {"F": "female", "M": "male"}


def years_between(born: datetime.date, today: datetime.date) -> int:
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return max(years, 0)


def person_facts(person, *, today: datetime.date | None = None) -> dict[str, str]:
    """The facts the record holds about ``person`` (a fact the record does not hold is absent)."""
    from sanad.registry.models import DatePrecision

    today = today or timezone.localdate()
    facts: dict[str, str] = {}
    if person.sex in _SEX_VALUES:
        facts["sex"] = _SEX_VALUES[person.sex]
    if person.date_of_birth:
        facts["age"] = str(years_between(person.date_of_birth, today))
        if person.date_of_birth_precision == DatePrecision.EXACT:
            facts["date_of_birth"] = person.date_of_birth.isoformat()
    if person.nationality:
        facts["nationality"] = person.nationality
    if person.population_group:
        facts["population_group"] = person.population_group
    if person.admin_unit_id:
        facts["location"] = person.admin_unit.pcode
    return facts


def prefilled_answers(definition: InstrumentDefinition, person, *, today=None) -> dict[str, str]:
    """Question name -> the person's fact, for every question outside repeats that asks for one."""
    facts = person_facts(person, today=today)
    answers: dict[str, str] = {}
    for node in definition.questions():
        fact = node.get("prefill")
        if not fact or node.get("_repeats") or fact not in facts:
            continue
        value = facts[fact]
        if node["kind"] == "select_one":
            names = {choice["name"] for choice in definition.choices.get(node.get("list_name") or "", [])}
            if value not in names:
                continue
        answers[node["name"]] = value
    return answers
