"""Dependencies between apps point one way where a link has one owner: the imports of every
module (top-level and inside functions, tests and migrations aside) are parsed, so a cycle that
comes back fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import sanad

ROOT = Path(sanad.__file__).parent

# (owner, owned): the owner may import the owned app, never the reverse.
ONE_WAY = [
    # A case lists its assessments and is opened from a screening; an assessment filed under a
    # case finds it through sanad/assessments/case_link.py, which the cases app registers.
    ("cases", "assessments"),
    # Matching reads, pairs and merges the registry's people; the registry's duplicate check calls
    # it through sanad/registry/duplicates.py, which the matching app registers.
    ("matching", "registry"),
]


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT / app).parts
        if parts[0] in ("tests", "migrations"):
            continue
        yield path


def _imported(path: Path) -> set[str]:
    """The dotted names ``path`` imports (``from x import y`` gives ``x`` and ``x.y``)."""
    names = set()
    package = ".".join(("sanad", *path.relative_to(ROOT).with_suffix("").parts[:-1]))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _imports_of_app(app: str, other: str) -> list[str]:
    prefix = f"sanad.{other}"
    return sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in _modules(app)
        for name in _imported(path)
        if name == prefix or name.startswith(prefix + ".")
    )


def test_each_owned_link_is_imported_one_way_only():
    for owner, owned in ONE_WAY:
        assert (ROOT / owner).is_dir() and (ROOT / owned).is_dir()
        assert _imports_of_app(owned, owner) == [], f"{owned} imports {owner}, which owns their link"


def test_the_parser_sees_imports_inside_functions_and_relative_ones(tmp_path, monkeypatch):
    app = tmp_path / "sanad" / "demoapp"
    app.mkdir(parents=True)
    (app / "views.py").write_text(
        "def f():\n    from sanad.cases.selectors import case_get\n"
        "import sanad.cases.access\nfrom . import models\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path / "sanad")
    assert _imports_of_app("demoapp", "cases") == [
        "demoapp/views.py: sanad.cases.access",
        "demoapp/views.py: sanad.cases.selectors",
        "demoapp/views.py: sanad.cases.selectors.case_get",
    ]
    assert "sanad.demoapp.models" in _imported(app / "views.py")
