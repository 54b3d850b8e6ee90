"""Keep a person's ``NameKey`` rows in step with their names (search and duplicate blocking)."""

from __future__ import annotations

from sanad.names.keys import person_name_keys
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


REBUILD_CHUNK = 2000


def name_keys_rebuild_all(*, actor=None, progress=None) -> dict:
    """Recompute every person's name keys with the current name rules and rewrite the rows of
    those whose keys changed (after an upgrade of ``sanad.names.keys`` or its alias table:
    search and the real-time duplicate check look up the stored keys). Idempotent: a second
    run changes nothing. Each chunk is one transaction; one audit event records the totals."""
    from django.db import transaction

    from sanad.core.audit import audit_record

    say = progress or (lambda message: None)
    checked = changed = rows_written = 0
    last = 0
    while True:
        people = list(
            Person.objects.filter(pk__gt=last).order_by("pk").only("pk", *NAME_FIELDS)[:REBUILD_CHUNK]
        )
        if not people:
            break
        last = people[-1].pk
        stored: dict[int, set[tuple[str, str]]] = {}
        for person_id, part, key in NameKey.objects.filter(person_id__in=[p.pk for p in people]).values_list(
            "person_id", "part", "key"
        ):
            stored.setdefault(person_id, set()).add((part, key))
        stale = []
        for person in people:
            wanted = {(part, key[:60]) for part, key in person_keys(person)}
            if wanted != stored.get(person.pk, set()):
                stale.append((person.pk, wanted))
        if stale:
            with transaction.atomic():
                NameKey.objects.filter(person_id__in=[pk for pk, _ in stale]).delete()
                rows = [
                    NameKey(person_id=pk, part=part, key=key)
                    for pk, wanted in stale
                    for part, key in sorted(wanted)
                ]
                NameKey.objects.bulk_create(rows, batch_size=5000)
            rows_written += len(rows)
        checked += len(people)
        changed += len(stale)
        say(f"{checked} people checked, {changed} re-keyed")
    summary = {"people_checked": checked, "people_rekeyed": changed, "keys_written": rows_written}
    audit_record(actor=actor, action="registry.name_keys.rebuild", changes={"result": [None, summary]})
    return summary
