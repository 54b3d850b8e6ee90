"""The registry's side of the duplicate check, and the port the matching app fills.

Matching sits above the registry: it reads, pairs and merges the registry's people, so the
registry never imports it (``core/tests/test_import_graph.py`` parses the imports). When it starts,
the matching app registers here how likely existing records are found and how a pair is sent to
review (``matching/apps.py``). The registration page and the API ask ``candidates_for`` before
saving; a registration's "review" decision calls ``review_request``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

from sanad.registry.validation import document_number_normalise, phone_normalise

if TYPE_CHECKING:
    from sanad.registry.models import Person


class Candidate(Protocol):
    """A likely existing record of the person being registered, as the pages show it."""

    person: Person
    match_weight: float
    match_probability: float
    band: str  # "duplicate" | "review" | "possible"
    reasons: list[str]


@dataclass(frozen=True)
class DuplicateCheck:
    # find(actor=, <name fields>=, sex=, date_of_birth=, date_of_birth_precision=, nationality=,
    # phones=, document_numbers=, admin_unit=, exclude_uuids=, limit=) -> [Candidate], best first,
    # only people the actor may see.
    find: Callable[..., list[Candidate]]
    # review(actor=, person=, candidate=) -> the pair opened (or reopened) for a duplicate review;
    # PermissionDenied, Http404 or ValidationError as the matching app decides.
    review: Callable[..., Any]


_registered: list[DuplicateCheck] = []


def duplicate_check_register(check: DuplicateCheck) -> None:
    _registered[:] = [check]


def _check() -> DuplicateCheck:
    if not _registered:
        raise ImproperlyConfigured(
            "The matching app registers the duplicate check when it starts (matching/apps.py)."
        )
    return _registered[0]


def find_candidates(*, actor, **fields) -> list[Candidate]:
    """Likely existing records of the person described by ``fields``, best first."""
    return _check().find(actor=actor, **fields)


def review_request(*, actor, person: Person, candidate: Person) -> Any:
    """Ask for a duplicate review of ``person`` and ``candidate`` (the registration's "review")."""
    return _check().review(actor=actor, person=person, candidate=candidate)


def candidates_for(*, actor, data: dict[str, Any], exclude_uuids=(), limit: int = 5) -> list[Candidate]:
    phones = tuple(n for n in (phone_normalise(p) for p in data.get("phones") or ()) if n)
    documents = tuple(
        n for n in (document_number_normalise(d.get("number", "")) for d in data.get("documents") or ()) if n
    )
    names = {
        field: data.get(field) or ""
        for field in (
            "given_name",
            "father_name",
            "grandfather_name",
            "family_name",
            "given_name_ar",
            "father_name_ar",
            "grandfather_name_ar",
            "family_name_ar",
        )
    }
    if not any(names.values()) and not phones and not documents:
        return []
    return find_candidates(
        actor=actor,
        **names,
        sex=data.get("sex") or "",
        date_of_birth=data.get("date_of_birth") or None,
        date_of_birth_precision=data.get("date_of_birth_precision") or "exact",
        nationality=data.get("nationality") or "",
        phones=phones,
        document_numbers=documents,
        admin_unit=data.get("admin_unit") or None,
        exclude_uuids=tuple(exclude_uuids),
        limit=limit,
    )
