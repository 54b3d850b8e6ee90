"""Adapters stay thin: views, API views, template tags, providers, demo seeders, tasks and
management commands call services and selectors only. This test parses them (AST) and fails on
ORM calls and on audit writes there, so a rule cannot quietly move out of the service layer.

What counts as the ORM here: a model manager (``Model.objects``), a related manager
(``person.phone_set``, ``person.documents.all()``), a QuerySet method (``.filter(``,
``.get(uuid=…)``, ``.exists()``, …), a model write (``.save()``, ``.delete()``), and
``audit_record``. Each exception is listed in ``ALLOWED`` with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SANAD = Path(__file__).resolve().parents[2]
ROOT = SANAD.parent

ADAPTER = re.compile(
    r"^sanad/[a-z_]+/("
    r"views(/[a-z_]+)?\.py|api(/[a-z_]+)?\.py|api_[a-z_]+\.py"
    r"|templatetags/[a-z_]+\.py|providers\.py|work\.py|timeline\.py"
    r"|demo\.py|tasks\.py|management/commands/[a-z_]+\.py"
    r")$"
)
NOT_ADAPTERS = {
    "sanad/core/work.py",  # the "My work" mechanism itself (provider registry), not a provider
}

# QuerySet/manager methods: flagged whatever their arguments.
QUERY_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "select_related",
    "prefetch_related",
    "values_list",
    "order_by",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "only",
    "defer",
    "select_for_update",
    "in_bulk",
    "iterator",
}
# Flagged when called without arguments (list.count(x), dict.values() … take them or differ).
NO_ARGUMENT_METHODS = {"all", "first", "last", "exists", "count", "none", "delete", "save", "refresh_from_db"}
# Flagged when called with keyword arguments only (dict.get, dict.update take positional ones).
KEYWORD_METHODS = {"get", "create", "update", "values"}
AUDIT_CALLS = {"audit_record", "audit_record_bulk"}
# Receivers that are no QuerySet: a template library's ``register.filter``, the ``update`` of a
# view's context dict.
NOT_QUERYSETS = {"register", "context", "kwargs", "initial", "data"}

# module → {construct: reason}. A construct is what ``_findings`` reports, without the line.
ALLOWED: dict[str, dict[str, str]] = {
    "sanad/registry/timeline.py": {
        ".all()": "the person's own registrations, consents and flags, prefetched by person_detail_get",
    },
}

# Not yet moved into selectors and services (issue 14): how many findings each module still
# has. A module may only go down; a module not named here must have none. Lower the figure
# (or drop the line) when you move code out of an adapter.
DEBT: dict[str, int] = {
    "sanad/assessments/demo.py": 21,
    "sanad/assistance/demo.py": 39,
    "sanad/assistance/views/configuration.py": 1,
    "sanad/cases/demo.py": 17,
    "sanad/cases/views/administration.py": 1,
    "sanad/dtm/demo.py": 23,
    "sanad/feedback/demo.py": 21,
    "sanad/feedback/views/tickets.py": 1,
    "sanad/geo/views/admin_units.py": 1,
    "sanad/referrals/demo.py": 35,
    "sanad/referrals/views/public.py": 1,
    "sanad/registry/demo.py": 12,
}


def _adapter_modules() -> list[str]:
    found = []
    for path in sorted(SANAD.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if ADAPTER.match(relative) and relative not in NOT_ADAPTERS and "/tests/" not in relative:
            found.append(relative)
    return found


def _findings(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and (node.attr == "objects" or node.attr.endswith("_set")):
            found.append((node.lineno, f".{node.attr}"))
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in AUDIT_CALLS:
            found.append((node.lineno, f"{name}()"))
        if not isinstance(func, ast.Attribute) or getattr(func.value, "id", None) in NOT_QUERYSETS:
            continue
        bare = not node.args and not node.keywords
        if name in QUERY_METHODS or (name in NO_ARGUMENT_METHODS and bare):
            found.append((node.lineno, f".{name}()"))
        elif name in KEYWORD_METHODS and node.keywords and not node.args:
            found.append((node.lineno, f".{name}(…=)"))
    return sorted(found)


def test_the_scanner_finds_orm_and_audit_calls():
    source = """
def view(request, person, case):
    Person.objects.all()
    person.phone_set.count()
    case.notes.filter(kind="x")
    person.documents.all()
    Case.objects.get(uuid=1)
    person.save()
    audit_record(actor=request.user, action="x")
    request.GET.get("q", "")
    context.update({"a": 1})
    [1, 2].count(1)
"""
    kinds = [kind for _line, kind in _findings(source)]
    assert kinds == [
        ".all()", ".objects",
        ".count()", ".phone_set",
        ".filter()",
        ".all()",
        ".get(…=)", ".objects",
        ".save()",
        "audit_record()",
    ]  # fmt: skip


def test_the_adapter_modules_are_found():
    modules = _adapter_modules()
    for expected in (
        "sanad/cases/views/cases.py",
        "sanad/referrals/api.py",
        "sanad/registry/management/commands/import_people.py",
        "sanad/assistance/demo.py",
        "sanad/referrals/providers.py",
    ):
        assert expected in modules


def test_adapters_make_no_orm_or_audit_calls():
    problems = []
    for module in _adapter_modules():
        allowed = ALLOWED.get(module, {})
        source = (ROOT / module).read_text(encoding="utf-8")
        found = [(line, kind) for line, kind in _findings(source) if kind not in allowed]
        if len(found) > DEBT.get(module, 0):
            problems += [f"{module}:{line}: {kind}" for line, kind in found]
    assert problems == [], "\n".join(problems)


def test_the_allow_list_and_the_debt_name_adapter_modules():
    modules = set(_adapter_modules())
    assert set(ALLOWED) <= modules and set(DEBT) <= modules
