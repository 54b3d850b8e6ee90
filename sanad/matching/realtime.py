"""The real-time duplicate check run while a person is being registered.

``find_candidates(...)`` blocks through indexed lookups only — ``NameKey`` rows (part + key) for
the given name together with the family name, the father's name or the year of birth,
``Phone.number`` and ``IdentityDocument.number_normalised`` — then scores the few hundred
candidates in Python with the same Fellegi–Sunter weights the batch model learned
(``LinkageModel``; the documented defaults until a batch run has trained one).

Household members are not duplicates: phone and family-name agreement count only together with
given-name agreement (see ``sanad.matching.comparisons``), and no lookup uses the phone or the
family name on its own to *score* — the phone lookup only finds candidates.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from sanad.core.scoping import scope_filter
from sanad.geo.models import AdminUnit
from sanad.matching import conf
from sanad.matching.comparisons import level_weights, prepare_record, score_pair
from sanad.matching.models import DuplicatePair, LinkageModel
from sanad.matching.reasons import person_fields, reasons_for
from sanad.names.keys import query_keys
from sanad.registry.models import IdentityDocument, NameKey, Person, Phone
from sanad.registry.validation import document_number_normalise, phone_normalise

# How many candidates each lookup may bring; the union is scored in Python.
PER_LOOKUP = 100
GIVEN_PARTS = ("given", "other")


@dataclass
class Candidate:
    person: Person
    match_weight: float
    match_probability: float
    band: str  # "duplicate" | "review" | "possible"
    reasons: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)


def record_for_person(person: Person) -> dict:
    """The linkage record of a stored person (phones and documents prefetched)."""
    return prepare_record(
        unique_id=person.pk,
        given=person.given_name,
        father=person.father_name,
        grandfather=person.grandfather_name,
        family=person.family_name,
        given_ar=person.given_name_ar,
        father_ar=person.father_name_ar,
        grandfather_ar=person.grandfather_name_ar,
        family_ar=person.family_name_ar,
        other_names=list(person.other_names or []),
        sex=person.sex,
        date_of_birth=person.date_of_birth,
        date_of_birth_precision=person.date_of_birth_precision,
        nationality=person.nationality,
        phones=[p.number for p in person.phones.all()],
        documents=[d.number_normalised for d in person.documents.all()],
        location=location_code(person.admin_unit) if person.admin_unit_id else "",
        household=person.household_id,
    )


def location_code(unit) -> str:
    """The baladiya P-code of an admin unit (a muhalla's baladiya); "" for a region or mantika,
    which is too coarse to count as the same place."""
    if not isinstance(unit, AdminUnit):
        return ""
    parent = unit.parent.pcode if unit.level == AdminUnit.Level.MUHALLA and unit.parent_id else ""
    return _baladiya(unit.level, unit.pcode, parent)


def _baladiya(level, pcode: str | None, parent_pcode: str | None) -> str:
    if level == AdminUnit.Level.BALADIYA:
        return pcode or ""
    if level == AdminUnit.Level.MUHALLA:
        return parent_pcode or ""
    return ""


def _row_location(row: dict) -> str:
    return _baladiya(row["admin_unit__level"], row["admin_unit__pcode"], row["admin_unit__parent__pcode"])


def active_weights() -> tuple[float, dict[str, float]]:
    model = LinkageModel.objects.filter(is_active=True).only("parameters").first()
    return level_weights(model.parameters if model else None)


def _keys(*texts: str) -> list[str]:
    return sorted({key for text in texts for key in query_keys(text or "")})


def _candidate_ids(
    *,
    given: list[str],
    father: list[str],
    family: list[str],
    year: int | None,
    phones: list[str],
    documents: list[str],
) -> set[int]:
    ids: set[int] = set()
    if given:
        given_rows = NameKey.objects.filter(part__in=GIVEN_PARTS, key__in=given)
        for part, keys in (("family", family), ("father", father)):
            if keys:
                others = NameKey.objects.filter(part=part, key__in=keys).values("person_id")
                ids.update(
                    given_rows.filter(person_id__in=others).values_list("person_id", flat=True)[:PER_LOOKUP]
                )
        if year:
            ids.update(
                given_rows.filter(
                    person__date_of_birth__gte=datetime.date(year - 2, 1, 1),
                    person__date_of_birth__lte=datetime.date(year + 2, 12, 31),
                ).values_list("person_id", flat=True)[:PER_LOOKUP]
            )
    if given and family:
        # Given and family name swapped by a registrar: the given name stored as the family name
        # and the family name as the given name.
        swapped = NameKey.objects.filter(part="family", key__in=given).values("person_id")
        ids.update(
            NameKey.objects.filter(part__in=GIVEN_PARTS, key__in=family, person_id__in=swapped).values_list(
                "person_id", flat=True
            )[:PER_LOOKUP]
        )
    if father and family:
        # Finds a re-spelt given name; scoring then decides (siblings share these two).
        fathers = NameKey.objects.filter(part="father", key__in=father)
        families = NameKey.objects.filter(part="family", key__in=family).values("person_id")
        ids.update(fathers.filter(person_id__in=families).values_list("person_id", flat=True)[:PER_LOOKUP])
    if phones:
        ids.update(Phone.objects.filter(number__in=phones).values_list("person_id", flat=True)[:PER_LOOKUP])
    if documents:
        ids.update(
            IdentityDocument.objects.filter(number_normalised__in=documents).values_list(
                "person_id", flat=True
            )[:PER_LOOKUP]
        )
    return ids


def _decided_different(person: Person | None) -> set[int]:
    if person is None or not person.pk:
        return set()
    rows = DuplicatePair.objects.filter(
        Q(person_a=person) | Q(person_b=person), status=DuplicatePair.Status.DIFFERENT_PEOPLE
    ).values_list("person_a_id", "person_b_id")
    return {b if a == person.pk else a for a, b in rows}


def find_candidates(
    *,
    actor,
    given_name: str = "",
    father_name: str = "",
    grandfather_name: str = "",
    family_name: str = "",
    given_name_ar: str = "",
    father_name_ar: str = "",
    grandfather_name_ar: str = "",
    family_name_ar: str = "",
    sex: str = "",
    date_of_birth: datetime.date | None = None,
    date_of_birth_precision: str = "exact",
    nationality: str = "",
    phones: Iterable[str] = (),
    document_numbers: Iterable[str] = (),
    exclude_uuids: Iterable = (),
    limit: int = 10,
    other_names: Iterable[str] = (),
    for_person: Person | None = None,
    admin_unit=None,
) -> list[Candidate]:
    """Likely existing records of the person being registered, best first, only people the actor
    may see (``persons.view``). ``for_person``: checking an existing record — it is left out, and
    so is everyone a reviewer decided is a different person."""
    phones = list(dict.fromkeys(phone_normalise(p) or p for p in phones if p))
    documents = [d for d in (document_number_normalise(n) for n in document_numbers) if d]
    if isinstance(date_of_birth, str):
        date_of_birth = datetime.date.fromisoformat(date_of_birth) if date_of_birth else None
    probe = prepare_record(
        unique_id=0,
        given=given_name,
        father=father_name,
        grandfather=grandfather_name,
        family=family_name,
        given_ar=given_name_ar,
        father_ar=father_name_ar,
        grandfather_ar=grandfather_name_ar,
        family_ar=family_name_ar,
        other_names=list(other_names),
        sex=sex,
        date_of_birth=date_of_birth,
        date_of_birth_precision=date_of_birth_precision,
        nationality=nationality,
        phones=phones,
        documents=documents,
        location=location_code(admin_unit),
        household=for_person.household_id if for_person is not None else None,
    )
    ids = _candidate_ids(
        given=_keys(given_name, given_name_ar),
        father=_keys(father_name, father_name_ar),
        family=_keys(family_name, family_name_ar),
        year=date_of_birth.year if date_of_birth else None,
        phones=phones,
        documents=documents,
    )
    if for_person is not None:
        ids.discard(for_person.pk)
        ids -= _decided_different(for_person)
    if not ids:
        return []
    visible = (
        scope_filter(Person.objects.all(), actor=actor, action="persons.view")
        .filter(pk__in=ids, status=Person.Status.ACTIVE)
        .exclude(uuid__in=list(exclude_uuids))
    )
    # Plain rows, not model instances: a few hundred candidates are scored per keystroke.
    rows = list(visible.values("pk", *RECORD_FIELDS))
    if not rows:
        return []
    row_ids = [row["pk"] for row in rows]
    phones_of: dict[int, list[str]] = {}
    for person_id, number in Phone.objects.filter(person_id__in=row_ids).values_list("person_id", "number"):
        phones_of.setdefault(person_id, []).append(number)
    documents_of: dict[int, list[str]] = {}
    for person_id, number in IdentityDocument.objects.filter(person_id__in=row_ids).values_list(
        "person_id", "number_normalised"
    ):
        documents_of.setdefault(person_id, []).append(number)
    weights = active_weights()
    scored = []
    for row in rows:
        record = _record_from_row(row, phones_of.get(row["pk"], []), documents_of.get(row["pk"], []))
        score = score_pair(probe, record, weights)
        band = conf.band_for(score.match_weight)
        if band is None:
            continue
        if band == "duplicate" and probe["household"] and probe["household"] == record["household"]:
            band = "review"  # two members of one household are never flagged outright
        scored.append((score, band))
    scored.sort(key=lambda item: -item[0].match_weight)
    scored = scored[: max(0, int(limit))]
    if not scored:
        return []
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[s.record_id for s, _band in scored])
        .select_related("admin_unit")
        .prefetch_related("phones", "documents")
    }
    probe_fields = {
        "given_name": given_name,
        "father_name": father_name,
        "grandfather_name": grandfather_name,
        "family_name": family_name,
        "given_name_ar": given_name_ar,
        "father_name_ar": father_name_ar,
        "grandfather_name_ar": grandfather_name_ar,
        "family_name_ar": family_name_ar,
        "date_of_birth": date_of_birth.isoformat() if date_of_birth else "",
        "nationality": nationality,
        "phones": phones,
        "documents": documents,
        "place": str(admin_unit) if isinstance(admin_unit, AdminUnit) else "",
    }
    candidates = []
    for score, band in scored:
        person = people[score.record_id]
        reasons = reasons_for(score.levels, probe_fields, person_fields(person))
        candidates.append(
            Candidate(person, score.match_weight, score.match_probability, band, reasons, score.levels)
        )
    return candidates


RECORD_FIELDS = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "given_name_ar",
    "father_name_ar",
    "grandfather_name_ar",
    "family_name_ar",
    "other_names",
    "sex",
    "date_of_birth",
    "date_of_birth_precision",
    "nationality",
    "household_id",
    "admin_unit__level",
    "admin_unit__pcode",
    "admin_unit__parent__pcode",
)


def _record_from_row(row: dict, phones: list[str], documents: list[str]) -> dict:
    return prepare_record(
        unique_id=row["pk"],
        given=row["given_name"],
        father=row["father_name"],
        grandfather=row["grandfather_name"],
        family=row["family_name"],
        given_ar=row["given_name_ar"],
        father_ar=row["father_name_ar"],
        grandfather_ar=row["grandfather_name_ar"],
        family_ar=row["family_name_ar"],
        other_names=list(row["other_names"] or []),
        sex=row["sex"],
        date_of_birth=row["date_of_birth"],
        date_of_birth_precision=row["date_of_birth_precision"],
        nationality=row["nationality"],
        phones=phones,
        documents=documents,
        location=_row_location(row),
        household=row["household_id"],
    )


def find_candidates_for_person(*, actor, person: Person, limit: int = 10) -> list[Candidate]:
    """Candidates for an already registered person (API ``people/{uuid}/duplicates/``)."""
    return find_candidates(
        actor=actor,
        given_name=person.given_name,
        father_name=person.father_name,
        grandfather_name=person.grandfather_name,
        family_name=person.family_name,
        given_name_ar=person.given_name_ar,
        father_name_ar=person.father_name_ar,
        grandfather_name_ar=person.grandfather_name_ar,
        family_name_ar=person.family_name_ar,
        sex=person.sex,
        date_of_birth=person.date_of_birth,
        date_of_birth_precision=person.date_of_birth_precision,
        nationality=person.nationality,
        phones=[p.number for p in person.phones.all()],
        document_numbers=[d.number_normalised for d in person.documents.all()],
        other_names=list(person.other_names or []),
        for_person=person,
        admin_unit=person.admin_unit,
        limit=limit,
    )
