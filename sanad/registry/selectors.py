"""Reads of the person registry. Every read applies the actor's scope.

``person_search`` serves the one search box: a reference, a phone, a document number, or names
in any script and spelling. Every branch is an indexed equality lookup (reference, E.164 phone,
normalised document number, name keys) so it stays fast at a million people; there is no
``LIKE '%…%'`` scan over people.
"""

from __future__ import annotations

import re

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from sanad.core.lists import filtered
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.names.keys import query_keys
from sanad.registry.models import Household, IdentityDocument, NameKey, Person, Phone
from sanad.registry.validation import document_number_normalise, phone_normalise, western_digits

_REFERENCE = re.compile(r"^[A-Za-z]{2,6}-[A-Za-z]*\d{2}-\d{1,9}$")
_PHONE_LIKE = re.compile(r"^\+?[\d\s\-().]{6,}$")
# How many best-ranked people a name search considers before applying the actor's scope.
RANK_POOL = 500


def _people(actor, action: str = "persons.view") -> QuerySet[Person]:
    return scope_filter(Person.objects.all(), actor=actor, action=action)


def person_list(*, actor, data=None, action: str = "persons.view") -> QuerySet[Person]:
    """Active people the actor may see, newest first (best match first when searching), narrowed
    by the list's filters (``registry.filters.PersonFilterSet``) that ``data`` names."""
    from sanad.registry.filters import PersonFilterSet

    people = filtered(
        _people(actor, action).filter(status=Person.Status.ACTIVE), PersonFilterSet, data, user=actor
    )
    return people.select_related("site", "admin_unit", "team", "household")


def person_get(*, actor, uuid, action: str = "persons.view") -> Person:
    """One person the actor may see (merged records too, so the page can point to the survivor)."""
    return get_by_uuid_or_404(
        _people(actor, action).select_related("household", "site", "admin_unit", "team", "merged_into"), uuid
    )


def person_detail_get(*, actor, uuid) -> Person:
    """A person with everything the person page shows, in a fixed number of queries."""
    person = person_get(actor=actor, uuid=uuid)
    return (
        Person.objects.filter(pk=person.pk)
        .select_related(
            "household", "household__head", "site", "admin_unit", "team", "merged_into", "created_by"
        )
        .prefetch_related(
            "phones",
            "documents",
            "flags",
            Prefetch(
                "consents",
                queryset=person.consents.model.objects.select_related("recorded_by", "withdrawn_by"),
            ),
            Prefetch(
                "registrations",
                queryset=person.registrations.model.objects.select_related(
                    "registered_by", "team", "site", "admin_unit"
                ),
            ),
        )
        .get()
    )


def person_search(*, actor, text: str, limit: int = 20) -> list[Person]:
    """People matching ``text``: an exact reference, a phone, a document number, or names.

    Names match through their keys (``sanad.names.keys.query_keys``): any script, any
    common spelling. People are ranked by how many of the query's keys they match.
    """
    text = " ".join((text or "").split())[:200]
    if not text:
        return []
    visible = _people(actor).filter(status=Person.Status.ACTIVE)
    found: list[int] = []

    def add(ids) -> None:
        for pk in ids:
            if pk not in found:
                found.append(pk)

    if _REFERENCE.match(text):
        add(visible.filter(reference=text.upper()).values_list("pk", flat=True)[:1])
    if _PHONE_LIKE.match(western_digits(text)):
        number = phone_normalise(text)
        if number:
            add(
                Phone.objects.filter(number=number, person__in=visible).values_list("person_id", flat=True)[
                    :limit
                ]
            )
    if " " not in text and any(ch.isdigit() for ch in western_digits(text)):
        number = document_number_normalise(text)
        if number:
            add(
                IdentityDocument.objects.filter(number_normalised=number, person__in=visible).values_list(
                    "person_id", flat=True
                )[:limit]
            )
    keys = list(dict.fromkeys(query_keys(text)))[:8]
    if keys and len(found) < limit:
        # Rank on the name keys alone (an index-only scan of (key, person)), then keep the visible
        # people among the best-ranked: joining the scope into the aggregate costs three times more.
        ranked = (
            NameKey.objects.filter(key__in=keys)
            .values("person_id")
            # Distinct keys: a name repeated across parts ("Mohamed Mohamed") is one match, not two.
            .annotate(matched=Count("key", distinct=True))
            .order_by("-matched", "-person_id")
        )
        # Ask for at least half of the keys to match when the query has several words.
        if len(keys) > 1:
            ranked = ranked.filter(matched__gte=(len(keys) + 1) // 2)
        pool = max(RANK_POOL, limit * 10)
        best = [row["person_id"] for row in ranked[:pool]]
        shown = set(visible.filter(pk__in=best).values_list("pk", flat=True))
        if len(shown) < limit and len(best) == pool:
            # The best-ranked are mostly other people's records (an actor whose scope holds a
            # small share of a common name): rank again within the actor's scope.
            best = [row["person_id"] for row in ranked.filter(person__in=visible)[:limit]]
            shown = set(best)
        add(pk for pk in best if pk in shown)
    found = found[:limit]
    by_pk = Person.objects.select_related("site", "admin_unit", "household").in_bulk(found)
    return [by_pk[pk] for pk in found if pk in by_pk]


# ---------------------------------------------------------------------------------------------
# Households
# ---------------------------------------------------------------------------------------------
def household_list(*, actor, action: str = "persons.view") -> QuerySet[Household]:
    return (
        scope_filter(Household.objects.all(), actor=actor, action=action)
        .select_related("head", "site", "admin_unit")
        .annotate(member_count=Count("members"))
        # Meta.ordering does not apply to aggregated queries: order explicitly for stable pages.
        .order_by("-created_at", "-id")
    )


def household_get(*, actor, uuid, action: str = "persons.view") -> Household:
    return get_by_uuid_or_404(
        scope_filter(Household.objects.all(), actor=actor, action=action).select_related(
            "head", "site", "admin_unit", "team"
        ),
        uuid,
    )


def household_members(*, actor, household: Household, with_household: bool = False) -> QuerySet[Person]:
    """The members of a household the actor may see (``with_household``: each with the
    household loaded)."""
    members = (
        _people(actor)
        .filter(household=household, status=Person.Status.ACTIVE)
        .order_by("created_at")
        .prefetch_related("flags")
    )
    return members.select_related("household") if with_household else members


def person_ids_editable(*, actor, people) -> set[int]:
    """The pks of ``people`` the actor may edit."""
    return set(
        person_list(actor=actor, action="persons.edit")
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )


def person_phones(*, person: Person) -> QuerySet[Phone]:
    """The person's phones, the primary one first."""
    return person.phones.order_by("-is_primary", "pk")


def person_documents(*, person: Person) -> QuerySet[IdentityDocument]:
    """The person's identity documents, in the order they were recorded."""
    return person.documents.order_by("pk")


def person_flag_codes(*, person: Person, loaded: bool = False) -> list[str]:
    """The codes of the person's flags (``loaded``: from the prefetched flags, as stored)."""
    if loaded:
        return [flag.flag for flag in person.flags.all()]
    return list(person.flags.values_list("flag", flat=True))


def person_edit_events(*, actor, person: Person, limit: int = 50):
    """The audit trail's edits of a person the actor sees (newest first), for their timeline."""
    from sanad.core.models import AuditEvent
    from sanad.core.permissions import has_permission

    if not has_permission(actor, "persons.view"):
        return []
    return list(
        AuditEvent.objects.filter(
            object_uuid=str(person.uuid), action__in=("registry.person.update", "registry.person.set_flags")
        ).order_by("-at")[:limit]
    )


def person_consent_get(*, actor, person: Person, uuid):
    """One consent record of a person the actor may see (the caller fetched ``person`` through a
    scoped selector for ``actor``); 404 otherwise."""
    return get_by_uuid_or_404(_child_of_visible(actor, person, person.consents), uuid)


def _child_of_visible(actor, person: Person, related):
    """``related`` (a manager of the person's records) when the actor may see the person, else
    nothing."""
    return related.all() if _people(actor).filter(pk=person.pk).exists() else related.none()


def person_phone_get(*, actor, person: Person, number: str) -> Phone:
    found = _child_of_visible(actor, person, person.phones).filter(number=number).first()
    if found is None:
        raise Http404
    return found


def person_document_get(*, actor, person: Person, key: str) -> IdentityDocument:
    """A document of the person by its key (documents have no UUID yet); 404 otherwise."""
    documents = _child_of_visible(actor, person, person.documents)
    found = documents.filter(pk=int(key)).first() if str(key).isdigit() else None
    if found is None:
        raise Http404
    return found
