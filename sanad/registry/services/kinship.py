"""A household member's relationship is to the household's head. A registrar who links a
registration to a person already in a household types the members relative to that person (the
head of what they are registering); when that person is not the household's head, each typed
relationship is translated here into the relationship to the head — or refused, where kinship
alone does not tell it.

The table was reviewed cell by cell. Conventions: in-laws, aunts, uncles, nieces, nephews,
cousins and great-(grand)relatives are "other relative" (the list has no finer term); a step- or
half-relation is recorded as the relation itself (a spouse's child is the head's child, as a
household roster counts them); the family of someone not related to the head is not related to
the head; "other relative" of a relative is another relative.
"""

from __future__ import annotations

from sanad.registry.models import Relationship as R

# The typed relationship names the head themself, who is already registered.
IS_HEAD = "is_head"

_COMMON = {R.OTHER_RELATIVE: R.OTHER_RELATIVE, R.NOT_RELATED: R.NOT_RELATED}

# linked person's relationship to the head → {typed (to the linked person) → to the head}.
# A typed value missing from a row is ambiguous: refused.
TO_HEAD: dict[str, dict[str, str]] = {
    R.SPOUSE: {
        R.SPOUSE: IS_HEAD,
        R.CHILD: R.CHILD,
        R.PARENT: R.OTHER_RELATIVE,  # parent-in-law
        R.SIBLING: R.OTHER_RELATIVE,  # brother/sister-in-law
        R.GRANDCHILD: R.GRANDCHILD,
        R.GRANDPARENT: R.OTHER_RELATIVE,  # grandparent-in-law
        **_COMMON,
    },
    R.CHILD: {
        R.SPOUSE: R.OTHER_RELATIVE,  # son/daughter-in-law
        R.CHILD: R.GRANDCHILD,
        # R.PARENT: the head, or the head's spouse or former partner — ambiguous
        R.SIBLING: R.CHILD,
        R.GRANDCHILD: R.OTHER_RELATIVE,  # great-grandchild
        # R.GRANDPARENT: the head's parent or parent-in-law — ambiguous
        **_COMMON,
    },
    R.PARENT: {
        R.SPOUSE: R.PARENT,  # the head's other parent (or step-parent)
        R.CHILD: R.SIBLING,
        R.PARENT: R.GRANDPARENT,
        R.SIBLING: R.OTHER_RELATIVE,  # aunt/uncle
        # R.GRANDCHILD: the head's child, or a niece/nephew — ambiguous
        R.GRANDPARENT: R.OTHER_RELATIVE,  # great-grandparent
        **_COMMON,
    },
    R.SIBLING: {
        R.SPOUSE: R.OTHER_RELATIVE,  # brother/sister-in-law
        R.CHILD: R.OTHER_RELATIVE,  # niece/nephew
        R.PARENT: R.PARENT,
        R.SIBLING: R.SIBLING,
        R.GRANDCHILD: R.OTHER_RELATIVE,  # grand-niece/nephew
        R.GRANDPARENT: R.GRANDPARENT,
        **_COMMON,
    },
    R.GRANDCHILD: {
        R.SPOUSE: R.OTHER_RELATIVE,
        R.CHILD: R.OTHER_RELATIVE,  # great-grandchild
        # R.PARENT: the head's child or child-in-law — ambiguous
        R.SIBLING: R.GRANDCHILD,
        R.GRANDCHILD: R.OTHER_RELATIVE,
        # R.GRANDPARENT: the head, the head's spouse, or the other side's — ambiguous
        **_COMMON,
    },
    R.GRANDPARENT: {
        R.SPOUSE: R.GRANDPARENT,
        # R.CHILD: the head's parent, or an aunt/uncle — ambiguous
        R.PARENT: R.OTHER_RELATIVE,  # great-grandparent
        R.SIBLING: R.OTHER_RELATIVE,  # great-aunt/uncle
        # R.GRANDCHILD: the head, a sibling or a cousin — ambiguous
        R.GRANDPARENT: R.OTHER_RELATIVE,
        **_COMMON,
    },
    R.OTHER_RELATIVE: dict(_COMMON),  # kin of a relative: anything from the head's child to none
    R.NOT_RELATED: {value: R.NOT_RELATED for value in R.values if value != R.HEAD},
}


def relationship_to_head(*, linked: str, typed: str) -> str | None:
    """The relationship to the head of someone who is ``typed`` of a member who is ``linked`` to
    the head; ``IS_HEAD`` when that is the head themself; ``None`` when it cannot be told."""
    if linked == R.HEAD:
        return IS_HEAD if typed == R.HEAD else typed
    return TO_HEAD.get(linked, {}).get(typed)
