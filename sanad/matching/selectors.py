"""Reads of duplicate pairs and merges. A pair or merge is visible only when the actor may see both
people (in the scope of the action); otherwise it is a 404."""

from __future__ import annotations

from django.db.models import QuerySet

from sanad.core.lists import filtered, with_defaults
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.matching.models import DuplicatePair, Merge
from sanad.registry.models import Person

PERSON_RELATED = ("household", "team", "site", "admin_unit")


def _visible_people(actor, action: str) -> QuerySet[Person]:
    return scope_filter(Person.objects.all(), actor=actor, action=action).values("pk")


def pair_list(*, actor, data=None, action: str = "duplicates.review") -> QuerySet:
    """Pairs the actor may review, strongest first, narrowed by the list's filters
    (``matching.filters.PairFilterSet``) that ``data`` names; open pairs between active records
    unless ``data`` names a status ("" for any)."""
    from sanad.matching.filters import PairFilterSet

    visible = _visible_people(actor, action)
    pairs = DuplicatePair.objects.filter(person_a__in=visible, person_b__in=visible)
    pairs = filtered(pairs, PairFilterSet, with_defaults(data, status=DuplicatePair.Status.OPEN), user=actor)
    return pairs.select_related("person_a", "person_b", "decided_by").order_by("-match_weight", "pk")


def pair_get(*, actor, uuid, action: str = "duplicates.review") -> DuplicatePair:
    visible = _visible_people(actor, action)
    return get_by_uuid_or_404(
        DuplicatePair.objects.filter(person_a__in=visible, person_b__in=visible)
        .select_related(
            *(f"person_a__{r}" for r in PERSON_RELATED), *(f"person_b__{r}" for r in PERSON_RELATED)
        )
        .select_related("decided_by")
        .prefetch_related(
            "person_a__phones", "person_a__documents", "person_b__phones", "person_b__documents"
        ),
        uuid,
    )


def merge_list(*, actor, action: str = "duplicates.merge") -> QuerySet[Merge]:
    visible = _visible_people(actor, action)
    return (
        Merge.objects.filter(survivor__in=visible, merged__in=visible)
        .select_related("survivor", "merged", "decided_by", "undone_by")
        .order_by("-created_at")
    )


def merge_get(*, actor, uuid, action: str = "duplicates.merge") -> Merge:
    return get_by_uuid_or_404(merge_list(actor=actor, action=action), uuid)


def person_for_matching(*, actor, uuid, action: str) -> Person:
    """One person for a matching action (merge survivor, review request), 404 outside scope."""
    return get_by_uuid_or_404(scope_filter(Person.objects.all(), actor=actor, action=action), uuid)


def detection_jobs(*, actor, limit: int = 5):
    from sanad.core.models import Job
    from sanad.matching.detection import JOB_KIND

    return scope_filter(Job.objects.filter(kind=JOB_KIND), actor=actor, action="jobs.view")[:limit]


def person_phone_numbers(*, person) -> list[str]:
    """The numbers of the person's phones (as loaded with the pair), for the side-by-side view."""
    return [phone.number for phone in person.phones.all()]


def person_document_labels(*, person) -> list[str]:
    """The person's identity documents as text (as loaded with the pair), for the side-by-side
    view."""
    return [str(document) for document in person.documents.all()]
