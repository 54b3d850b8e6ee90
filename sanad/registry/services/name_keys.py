"""Keep a person's ``NameKey`` rows in step with their names (search and duplicate blocking)."""

from __future__ import annotations

from sanad.matching.names import person_name_keys
from sanad.registry.models import NameKey, Person

NAME_FIELDS = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "given_name_ar",
    "father_name_ar",
    "grandfather_name_ar",
    "family_name_ar",
    "other_names",
)


def person_keys(person: Person) -> set[tuple[str, str]]:
    return person_name_keys(
        given=person.given_name,
        father=person.father_name,
        grandfather=person.grandfather_name,
        family=person.family_name,
        given_ar=person.given_name_ar,
        father_ar=person.father_name_ar,
        grandfather_ar=person.grandfather_name_ar,
        family_ar=person.family_name_ar,
        other_names=list(person.other_names or []),
    )


def name_keys_rebuild(*, person: Person) -> int:
    """Replace the person's name keys with those of their current names; returns how many."""
    NameKey.objects.filter(person=person).delete()
    rows = [NameKey(person=person, part=part, key=key[:60]) for part, key in sorted(person_keys(person))]
    NameKey.objects.bulk_create(rows)
    return len(rows)
