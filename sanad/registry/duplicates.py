"""The registry's side of the real-time duplicate check (``sanad.matching.realtime``).

The registration page and the API ask ``candidates_for`` before saving.
"""

from __future__ import annotations

from typing import Any

from sanad.matching.realtime import find_candidates
from sanad.registry.validation import document_number_normalise, phone_normalise


def candidates_for(*, actor, data: dict[str, Any], exclude_uuids=(), limit: int = 5) -> list:
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
