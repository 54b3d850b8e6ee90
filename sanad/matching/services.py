"""Adjudication writes: decisions on pairs, review requests, merge and unmerge. All audited.

A merge moves everything of the merged record to the survivor and records exactly what moved
(``Merge.moved``), so ``person_unmerge`` restores it. The merged record is kept (status
``merged``, ``merged_into`` the survivor): its page points to the survivor.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.permissions import has_permission
from sanad.matching.models import DuplicatePair, Merge
from sanad.registry.models import (
    Consent,
    Household,
    IdentityDocument,
    NameKey,
    Person,
    PersonFlag,
    Phone,
    Registration,
)
from sanad.registry.services.name_keys import name_keys_rebuild

PAIR_FIELDS = ("status", "decided_by", "decided_at", "note", "band", "source", "match_weight")
MERGE_ACTION = "matching.person.merge"
DECISIONS = (DuplicatePair.Status.SAME_PERSON, DuplicatePair.Status.DIFFERENT_PEOPLE)


def _require(actor, action: str, message: str) -> None:
    if not has_permission(actor, action):
        raise DomainError(message, code="forbidden")


def _require_people(actor, *people: Person, action: str = "duplicates.merge") -> None:
    """The records a write names (a merge and its undoing, a decision on a pair, a review
    request): each one within the actor's scope of ``action``, whoever calls; any other is a 404,
    so nobody learns it exists."""
    from django.http import Http404

    from sanad.core.scoping import scope_filter

    ids = {p.pk for p in people}
    allowed = scope_filter(Person.objects.filter(pk__in=ids), actor=actor, action=action)
    if allowed.count() != len(ids):
        raise Http404


def ordered(first: Person, second: Person) -> tuple[Person, Person]:
    return (first, second) if first.pk < second.pk else (second, first)


def pair_for(first: Person, second: Person) -> DuplicatePair | None:
    a, b = ordered(first, second)
    return DuplicatePair.objects.filter(person_a=a, person_b=b).first()


@transaction.atomic
def pair_decide(*, actor, pair: DuplicatePair, decision: str, note: str = "") -> DuplicatePair:
    """Record a reviewer's decision; a pair decided "different people" is never proposed again."""
    _require(actor, "duplicates.review", _("You may not review duplicates."))
    _require_people(actor, pair.person_a, pair.person_b, action="duplicates.review")
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Choose “same person” or “different people”.")]})
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": [_("The note is limited to 500 characters.")]})
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != DuplicatePair.Status.OPEN and pair.status == decision:
        return pair
    before = snapshot(pair, PAIR_FIELDS)
    pair.status = decision
    pair.decided_by = actor
    pair.decided_at = timezone.now()
    pair.note = note
    pair.save(update_fields=["status", "decided_by", "decided_at", "note", "updated_at"])
    audit_record(
        actor=actor,
        action="matching.pair.decide",
        obj=pair,
        changes=diff(before, snapshot(pair, PAIR_FIELDS)),
    )
    return pair


@transaction.atomic
def review_request(
    *, actor, person: Person, candidate: Person, match_weight: float | None = None, reasons=()
) -> DuplicatePair:
    """The registration page's "send to review": open (or reopen) the pair, source real-time.

    A pair already decided "different people" stays decided (it is not asked again)."""
    _require(actor, "persons.register", _("You may not register people."))
    _require_people(actor, person, candidate, action="persons.view")
    if person.pk == candidate.pk:
        raise ValidationError({"candidate": [_("A person cannot be a duplicate of themselves.")]})
    a, b = ordered(person, candidate)
    if match_weight is None:
        from sanad.matching.comparisons import score_pair
        from sanad.matching.realtime import active_weights, record_for_person

        score = score_pair(record_for_person(a), record_for_person(b), active_weights())
        match_weight, probability, levels = score.match_weight, score.match_probability, score.levels
    else:
        from sanad.matching.comparisons import probability as to_probability

        probability, levels = to_probability(match_weight), {}
    from sanad.matching.conf import band_for

    band = band_for(match_weight) or DuplicatePair._meta.get_field("band").default
    if band == "possible":
        band = "review"
    pair, created = DuplicatePair.objects.get_or_create(
        person_a=a,
        person_b=b,
        defaults={
            "match_weight": match_weight,
            "match_probability": probability,
            "band": band,
            "source": DuplicatePair.Source.REALTIME,
            "features": levels,
            "reasons": [code for code in levels.values() if not code.endswith((":else", ":null"))],
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="matching.pair.request_review",
            obj=pair,
            changes={"person_a": [None, str(a.uuid)], "person_b": [None, str(b.uuid)], "band": [None, band]},
        )
    return pair


# ---------------------------------------------------------------------------------------------
# Merge and unmerge
# ---------------------------------------------------------------------------------------------
def _merged_names(person: Person) -> list[str]:
    names = [person.full_name, person.full_name_ar, *(person.other_names or [])]
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))


@transaction.atomic
def person_merge(
    *,
    actor,
    survivor: Person,
    merged: Person,
    pair: DuplicatePair | None = None,
    idempotency_key: str | None = None,
) -> Merge:
    """Merge ``merged`` into ``survivor``: everything moves, the merged record is kept as a pointer."""
    _require(actor, "duplicates.merge", _("You may not merge records."))
    previous = idempotent_lookup(actor=actor, action=MERGE_ACTION, key=idempotency_key, model=Merge)
    if previous is not None:
        return previous
    _require_people(actor, survivor, merged)
    if survivor.pk == merged.pk:
        raise ValidationError({"survivor": [_("A record cannot be merged into itself.")]})
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    merged = Person.objects.select_for_update().get(pk=merged.pk)
    for person in (survivor, merged):
        if person.status != Person.Status.ACTIVE:
            raise DomainError(
                _("%(reference)s is not an active record (already merged or erased).")
                % {"reference": person.reference},
                code="not_active",
            )
    if pair is None:
        pair = pair_for(survivor, merged)
    elif {pair.person_a_id, pair.person_b_id} != {survivor.pk, merged.pk}:
        raise ValidationError({"pair": [_("This pair is not about these two records.")]})
    if pair is not None and pair.status == DuplicatePair.Status.DIFFERENT_PEOPLE:
        raise DomainError(_("A reviewer decided these are different people."), code="different_people")

    moved: dict = {}
    moved["registrations"] = list(Registration.objects.filter(person=merged).values_list("pk", flat=True))
    Registration.objects.filter(pk__in=moved["registrations"]).update(person=survivor)

    survivor_numbers = set(Phone.objects.filter(person=survivor).values_list("number", flat=True))
    phones = Phone.objects.filter(person=merged).exclude(number__in=survivor_numbers)
    moved["phones"] = list(phones.values_list("pk", flat=True))
    Phone.objects.filter(pk__in=moved["phones"]).update(person=survivor, is_primary=False)

    moved["documents"] = list(IdentityDocument.objects.filter(person=merged).values_list("pk", flat=True))
    IdentityDocument.objects.filter(pk__in=moved["documents"]).update(person=survivor)

    survivor_flags = set(PersonFlag.objects.filter(person=survivor).values_list("flag", flat=True))
    flags = PersonFlag.objects.filter(person=merged).exclude(flag__in=survivor_flags)
    moved["flags"] = list(flags.values_list("pk", flat=True))
    PersonFlag.objects.filter(pk__in=moved["flags"]).update(person=survivor)

    moved["consents"] = list(Consent.objects.filter(person=merged).values_list("pk", flat=True))
    Consent.objects.filter(pk__in=moved["consents"]).update(person=survivor)

    survivor_keys = set(NameKey.objects.filter(person=survivor).values_list("part", "key"))
    keys = [
        (pk, part, key)
        for pk, part, key in NameKey.objects.filter(person=merged).values_list("pk", "part", "key")
    ]
    moved["name_keys"] = [pk for pk, part, key in keys if (part, key) not in survivor_keys]
    NameKey.objects.filter(pk__in=moved["name_keys"]).update(person=survivor)

    gained = [
        n
        for n in _merged_names(merged)
        if n not in (survivor.other_names or [])
        and n
        not in (
            survivor.full_name,
            survivor.full_name_ar,
        )
    ]
    moved["other_names_gained"] = gained
    survivor_before = {
        "household": survivor.household_id,
        "relationship": survivor.relationship,
        "other_names": list(survivor.other_names or []),
    }
    merged_before = {
        "household": merged.household_id,
        "relationship": merged.relationship,
        "status": merged.status,
    }
    moved["household"] = {"survivor": survivor_before, "merged": merged_before, "head_of": None}
    if merged.household_id:
        household = Household.objects.select_for_update().get(pk=merged.household_id)
        if survivor.household_id is None:
            survivor.household_id = merged.household_id
            survivor.relationship = merged.relationship
        if household.head_id == merged.pk and survivor.household_id == household.pk:
            household.head = survivor
            household.save(update_fields=["head", "updated_at"])
            moved["household"]["head_of"] = household.pk
    survivor.other_names = [*(survivor.other_names or []), *gained]
    survivor.save(update_fields=["household", "relationship", "other_names", "updated_at"])

    merged.status = Person.Status.MERGED
    merged.merged_into = survivor
    merged.household = None
    merged.relationship = ""
    merged.save(update_fields=["status", "merged_into", "household", "relationship", "updated_at"])

    if pair is not None and pair.status != DuplicatePair.Status.SAME_PERSON:
        pair_before = snapshot(pair, PAIR_FIELDS)
        pair.status = DuplicatePair.Status.SAME_PERSON
        pair.decided_by = actor
        pair.decided_at = timezone.now()
        pair.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action="matching.pair.decide",
            obj=pair,
            changes=diff(pair_before, snapshot(pair, PAIR_FIELDS)),
        )
    merge = Merge.objects.create(survivor=survivor, merged=merged, pair=pair, decided_by=actor, moved=moved)
    idempotent_remember(actor=actor, action=MERGE_ACTION, key=idempotency_key, obj=merge)
    audit_record(
        actor=actor,
        action="matching.person.merge",
        obj=merge,
        object_repr=f"{merged.reference} → {survivor.reference}",
        changes={
            "survivor": [None, str(survivor.uuid)],
            "merged": [None, str(merged.uuid)],
            "moved": [None, {k: (len(v) if isinstance(v, list) else v) for k, v in moved.items()}],
        },
    )
    return merge


@transaction.atomic
def person_unmerge(*, actor, merge: Merge) -> Merge:
    """Undo ``merge``: restore exactly what moved and reactivate the merged record."""
    _require(actor, "duplicates.merge", _("You may not merge records."))
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    _require_people(actor, merge.survivor, merge.merged)
    if merge.is_undone:
        raise DomainError(_("This merge has already been undone."), code="already_undone")
    survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
    merged = Person.objects.select_for_update().get(pk=merge.merged_id)
    if merged.status != Person.Status.MERGED or merged.merged_into_id != survivor.pk:
        raise DomainError(_("The merged record has changed since; it cannot be unmerged."), code="changed")
    moved = merge.moved
    Registration.objects.filter(pk__in=moved.get("registrations", []), person=survivor).update(person=merged)
    Phone.objects.filter(pk__in=moved.get("phones", []), person=survivor).update(person=merged)
    IdentityDocument.objects.filter(pk__in=moved.get("documents", []), person=survivor).update(person=merged)
    PersonFlag.objects.filter(pk__in=moved.get("flags", []), person=survivor).update(person=merged)
    Consent.objects.filter(pk__in=moved.get("consents", []), person=survivor).update(person=merged)

    household = moved.get("household") or {}
    survivor_before = household.get("survivor") or {}
    merged_before = household.get("merged") or {}
    gained = set(moved.get("other_names_gained", []))
    survivor.other_names = [n for n in (survivor.other_names or []) if n not in gained]
    if "household" in survivor_before:
        survivor.household_id = survivor_before["household"]
        survivor.relationship = survivor_before.get("relationship", "")
    survivor.save(update_fields=["household", "relationship", "other_names", "updated_at"])
    if household.get("head_of"):
        Household.objects.filter(pk=household["head_of"]).update(head=merged, updated_at=timezone.now())
    merged.status = Person.Status.ACTIVE
    merged.merged_into = None
    merged.household_id = merged_before.get("household")
    merged.relationship = merged_before.get("relationship", "")
    merged.save(update_fields=["status", "merged_into", "household", "relationship", "updated_at"])
    # Name keys are derived: rebuilding both from their (restored) names restores them exactly.
    name_keys_rebuild(person=survivor)
    name_keys_rebuild(person=merged)

    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
    if merge.pair_id:
        pair = DuplicatePair.objects.select_for_update().get(pk=merge.pair_id)
        before = snapshot(pair, PAIR_FIELDS)
        pair.status = DuplicatePair.Status.OPEN
        pair.decided_by = None
        pair.decided_at = None
        pair.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action="matching.pair.reopen",
            obj=pair,
            changes=diff(before, snapshot(pair, PAIR_FIELDS)),
        )
    audit_record(
        actor=actor,
        action="matching.person.unmerge",
        obj=merge,
        object_repr=f"{merged.reference} ← {survivor.reference}",
        changes={"undone_at": [None, merge.undone_at.isoformat()], "merged": [None, str(merged.uuid)]},
    )
    return merge


def open_pairs_q(person: Person) -> Q:
    return (Q(person_a=person) | Q(person_b=person)) & Q(status=DuplicatePair.Status.OPEN)
