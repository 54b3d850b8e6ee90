"""Name normalisation for search and duplicate detection.

FIRST VERSION (to be deepened): lower-cased tokens without diacritics. The contract other
modules rely on:

    person_name_keys(**parts) -> set[tuple[str, str]]   # (part, key) rows for NameKey
    query_keys(text) -> list[str]                         # keys to look up for a search text
    name_key(text) -> str                                 # the comparison key of one name
"""

from __future__ import annotations

import re
import unicodedata

PARTS = ("given", "father", "grandfather", "family")
_NON_LETTERS = re.compile(r"[^\w]+", re.UNICODE)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(text: str) -> str:
    return _NON_LETTERS.sub("", _strip_marks(text or "").casefold())


def query_keys(text: str) -> list[str]:
    return [key for key in (name_key(token) for token in (text or "").split()) if key]


def person_name_keys(
    *,
    given: str = "",
    father: str = "",
    grandfather: str = "",
    family: str = "",
    given_ar: str = "",
    father_ar: str = "",
    grandfather_ar: str = "",
    family_ar: str = "",
    other_names: list[str] | tuple[str, ...] = (),
) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for part, latin, arabic in (
        ("given", given, given_ar),
        ("father", father, father_ar),
        ("grandfather", grandfather, grandfather_ar),
        ("family", family, family_ar),
    ):
        for value in (latin, arabic):
            for key in query_keys(value):
                keys.add((part, key[:60]))
    for value in other_names:
        for key in query_keys(value):
            keys.add(("other", key[:60]))
    return keys
