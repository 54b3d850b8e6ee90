"""The reviewed role matrix: what each role may do, in which scope, as a person read it in review.

``data/role_matrix.csv`` has one row per action × role: the scope (own, team, unit, agency, all)
or ``-`` where the role may not do it. Role tests take the roles they expect from here, never
from ``MATRIX`` itself, so that a grant added, removed, widened or narrowed in
``sanad/core/permissions.py`` fails until the snapshot is changed with it (and reviewed).

    assert_role_matrix("cases", "services")     # these areas of MATRIX are the reviewed ones
    granted("cases.view")                       # roles the snapshot lets view cases
    granted("cases.view", scope=Scope.OWN)      # ... only their own
    granted("assessments.view", wider_than=Scope.OWN)
    may(users["caseworker"], "cases.view")      # the snapshot's answer for this user's roles
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from sanad.core.permissions import ALL_ROLES, MATRIX, Scope

SNAPSHOT = Path(__file__).resolve().parent / "data" / "role_matrix.csv"
NOT_GRANTED = "-"


def scope_name(scope: Scope | None) -> str:
    return NOT_GRANTED if scope is None else scope.name.lower()


@cache
def reviewed() -> dict[str, dict[str, Scope]]:
    """action -> {role: scope} as the snapshot has it (roles without the action left out)."""
    matrix: dict[str, dict[str, Scope]] = {}
    with SNAPSHOT.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            grants = matrix.setdefault(row["action"], {})
            if row["scope"] != NOT_GRANTED:
                grants[row["role"]] = Scope[row["scope"].upper()]
    return matrix


def granted(action: str, *, scope: Scope | None = None, wider_than: Scope | None = None) -> set[str]:
    """The roles the reviewed snapshot lets do ``action`` (in exactly ``scope``, or in a scope
    wider than ``wider_than``)."""
    if action not in reviewed():
        raise KeyError(f"{action!r} is not in {SNAPSHOT.name}")
    return {
        role
        for role, role_scope in reviewed()[action].items()
        if (scope is None or role_scope == scope) and (wider_than is None or role_scope > wider_than)
    }


def may(user, action: str) -> bool:
    """Whether the reviewed snapshot lets one of ``user``'s roles do ``action`` (what a role test
    expects of ``has_permission``)."""
    return bool(set(user.role_codes) & granted(action))


def differences(*areas: str, matrix: dict[str, dict[str, Scope]] | None = None) -> list[str]:
    """Each difference between ``matrix`` (MATRIX by default) and the snapshot, for the actions of
    ``areas`` (the part before the dot; every action when none is given), one line each."""
    matrix = MATRIX if matrix is None else matrix
    snapshot = reviewed()

    def in_areas(action: str) -> bool:
        return not areas or action.split(".", 1)[0] in areas

    lines = []
    for action in sorted(a for a in set(matrix) | set(snapshot) if in_areas(a)):
        if action not in snapshot:
            lines.append(f"{action}: in MATRIX but not in the snapshot (grants {_grants(matrix[action])})")
            continue
        if action not in matrix:
            lines.append(f"{action}: in the snapshot but no longer in MATRIX")
            continue
        for role in ALL_ROLES:
            now, expected = matrix[action].get(role), snapshot[action].get(role)
            if now == expected:
                continue
            if expected is None:
                change = f"granted, scope {scope_name(now)} (snapshot: not granted)"
            elif now is None:
                change = f"no longer granted (snapshot: {scope_name(expected)})"
            else:
                verb = "widened" if now > expected else "narrowed"
                change = f"{verb} from {scope_name(expected)} to {scope_name(now)}"
            lines.append(f"{action} × {role}: {change}")
        for role in sorted(set(matrix[action]) - set(ALL_ROLES)):
            lines.append(f"{action} × {role}: granted to a role that does not exist")
    return lines


def _grants(row: dict[str, Scope]) -> str:
    return ", ".join(f"{role}={scope_name(scope)}" for role, scope in row.items()) or "nobody"


def assert_role_matrix(*areas: str, matrix: dict[str, dict[str, Scope]] | None = None) -> None:
    """Fail, naming each role, action and scope that differ, when the permission matrix no longer
    says what the reviewed snapshot says (for ``areas``, e.g. "cases", or for every action)."""
    found = differences(*areas, matrix=matrix)
    if areas:
        missing = [area for area in areas if not any(a.startswith(f"{area}.") for a in reviewed())]
        found += [f"{area}: no action of this area in the snapshot" for area in missing]
    where = SNAPSHOT.relative_to(SNAPSHOT.parents[4])
    assert not found, (
        f"The permission matrix differs from the reviewed snapshot {where} — change the snapshot"
        " in the same commit as the grant, for review:\n  " + "\n  ".join(found)
    )


# action -> {role: scope}, shaped like MATRIX: what role tests expect.
REVIEWED = reviewed()
