"""Dependencies point down: each Sanad package has a declared layer, and the imports of every
module (top-level and inside functions, migrations included, tests aside) are parsed, so an import
of a higher layer, or of a package in the same layer that is not declared, fails here with the
module and the import. A model's relation to another app's model by name (``ForeignKey("cases.Case")``)
is a dependency too, and is checked the same way.

The tables below are reviewed data: a change to them is a change of the architecture
(``docs/architecture.md``), not a way to make this test pass.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sanad

ROOT = Path(sanad.__file__).parent
PROJECT = "(project)"  # sanad/*.py: settings, URLs, the command line — they wire every app

# Lowest first. A module may import its own package and any package of a lower layer; a package of
# its own layer only where SIBLING_USES declares it; a higher layer never (save ALLOWED).
LAYERS: tuple[tuple[str, ...], ...] = (
    # No Django: name keys and aliases (registry search, matching); locale format modules.
    ("names", "formats"),
    # The kit every app builds on: users, organisation, permissions, audit, lists, jobs, workflow.
    ("core",),
    # The gazetteer: administrative units and sites.
    ("geo",),
    # People and households; displacement tracking (places and flows, no people).
    ("registry", "dtm"),
    # On the registry's people: duplicates and merges (the registry calls the duplicate check
    # through registry/duplicates.py, which matching registers); screenings and instruments.
    ("matching", "assessments"),
    # Case management (owns the link to assessments: assessments/case_link.py, which cases
    # registers); distributions, cash and post-distribution monitoring.
    ("cases", "assistance"),
    # Helpline tickets and complaints; referrals between services.
    ("feedback", "referrals"),
    (PROJECT,),
)

# (importer, imported) within one layer: why the one uses the other. Never both ways.
SIBLING_USES = {
    # A referral is made from a helpline ticket (Referral.ticket); the ticket's page lists its
    # referrals through feedback/referral_link.py, which referrals register.
    ("referrals", "feedback"): "A referral is made from a helpline ticket.",
}

# (module, imported package): an import against the layers that could not be removed yet, and why.
# Short, and each entry is work to do: remove the entry with the import.
ALLOWED = {
    ("core/selectors/organisation.py", "geo"): (
        "A team is based in a baladiya or at a site (core.Team's foreign keys to geo): the team "
        "form's choices. To move to geo, or to a choices provider geo registers."
    ),
    ("core/models.py", "geo"): (
        "A team is based in a baladiya or at a site (Team.base_admin_unit, Team.base_site) while "
        "geo's models build on core's: the one cycle between models. To break by moving the base "
        "to a geo model that refers to the team."
    ),
    ("assessments/models.py", "cases"): (
        "Assessment.case: the case an assessment is filed under, while cases own the link "
        "(assessments/case_link.py). To move to a cases model, with a data migration."
    ),
    ("core/services/demo.py", "geo"): (
        "The organisation demo creates the sites its teams are based at. To move to a geo demo "
        "seeder that core's runs after."
    ),
}


def _packages() -> list[str]:
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").is_file() and path.name not in ("tests", "browser_tests", "locale")
    )


def _package_of(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return PROJECT if len(parts) == 1 else parts[0]


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if (
            "tests" in parts
            or parts[0] in ("browser_tests", "locale")
            or parts[-1] == "conftest.py"
            or parts == ("settings_test.py",)
        ):
            continue
        yield path


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of each import in ``path`` (``from x import y`` gives ``x`` and ``x.y``)."""
    found = []
    package = ".".join(("sanad", *path.relative_to(ROOT).with_suffix("").parts[:-1]))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return sorted(set(found))


RELATIONS = ("ForeignKey", "OneToOneField", "ManyToManyField")


def _model_references(path: Path) -> list[tuple[int, str]]:
    """(line, "app.Model") of each relation a model declares by name to another app's model."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in RELATIONS
        ):
            targets = [*node.args[:1], *(keyword.value for keyword in node.keywords if keyword.arg == "to")]
            found.extend(
                (node.lineno, target.value)
                for target in targets
                if isinstance(target, ast.Constant) and isinstance(target.value, str) and "." in target.value
            )
    return found


def _dependencies(path: Path) -> list[tuple[int, str, str]]:
    """(line, dotted name, what the module does) for each import and each model relation by name
    (migrations repeat their models' relations, so only their imports count)."""
    found = [(line, name, f"imports {name}") for line, name in _imports(path)]
    if "migrations" not in path.relative_to(ROOT).parts:
        found.extend(
            (line, f"sanad.{target.split('.')[0]}.models", f"relates to model {target}")
            for line, target in _model_references(path)
            if (ROOT / target.split(".")[0] / "__init__.py").is_file()  # a Sanad app, not Django's
        )
    return sorted(found)


def _imported(path: Path) -> set[str]:
    return {name for _, name in _imports(path)}


def _sanad_package(name: str) -> str | None:
    """The Sanad package a dotted name is in (``sanad.cases.x`` → ``cases``), else None."""
    parts = name.split(".")
    if parts[0] != "sanad" or len(parts) < 2:
        return None
    return parts[1] if (ROOT / parts[1] / "__init__.py").is_file() else PROJECT


def _layer_of() -> dict[str, int]:
    return {package: index for index, layer in enumerate(LAYERS) for package in layer}


def _violations() -> list[tuple[str, str, str]]:
    """(module, imported package, "module:line imports name (why)") for each import against the layers."""
    layer_of = _layer_of()
    found = []
    for path in _modules():
        importer = _package_of(path)
        for line, name, what in _dependencies(path):
            imported = _sanad_package(name)
            if imported in (None, importer):
                continue
            if imported not in layer_of:
                why = f"{imported} has no layer"
            elif layer_of[imported] > layer_of[importer]:
                why = f"{importer} is layer {layer_of[importer]}, {imported} layer {layer_of[imported]}"
            elif layer_of[imported] == layer_of[importer] and (importer, imported) not in SIBLING_USES:
                why = f"{importer} is not declared to use {imported} in its layer"
            else:
                continue
            module = path.relative_to(ROOT).as_posix()
            found.append((module, imported, f"{module}:{line} {what} ({why})"))
    return found


def test_every_package_has_one_layer():
    named = [package for layer in LAYERS for package in layer]
    assert len(named) == len(set(named)), "a package is named in two layers"
    assert sorted(set(named) - {PROJECT}) == _packages()


def test_sibling_uses_are_within_one_layer_and_one_way():
    layer_of = _layer_of()
    for importer, imported in SIBLING_USES:
        assert layer_of[importer] == layer_of[imported], (importer, imported)
        assert (imported, importer) not in SIBLING_USES, f"{importer} and {imported} use each other"


def test_dependencies_point_down():
    offending = [message for module, imported, message in _violations() if (module, imported) not in ALLOWED]
    assert offending == [], "imports against the layers:\n" + "\n".join(offending)


def test_each_allowed_exception_is_still_needed():
    seen = {(module, imported) for module, imported, _ in _violations()}
    assert sorted(set(ALLOWED) - seen) == [], "remove these entries from ALLOWED: the import is gone"


def test_the_parser_sees_imports_inside_functions_and_relative_ones(tmp_path, monkeypatch):
    for app in ("demoapp", "cases"):
        (tmp_path / "sanad" / app).mkdir(parents=True)
        (tmp_path / "sanad" / app / "__init__.py").write_text("", encoding="utf-8")
    views = tmp_path / "sanad" / "demoapp" / "views.py"
    views.write_text(
        "def f():\n    from sanad.cases.selectors import case_get\n"
        "import sanad.cases.access\nfrom . import models\n"
        "x = models.ForeignKey('cases.Case', on_delete=None)\ny = ForeignKey(to='demoapp.Other')\n",
        encoding="utf-8",
    )
    this = __import__(__name__, fromlist=["ROOT"])
    monkeypatch.setattr(this, "ROOT", tmp_path / "sanad")
    assert {name for name in _imported(views) if name.startswith("sanad.cases")} == {
        "sanad.cases.access",
        "sanad.cases.selectors",
        "sanad.cases.selectors.case_get",
    }
    assert "sanad.demoapp.models" in _imported(views)
    monkeypatch.setattr(this, "LAYERS", (("demoapp",), ("cases",), (PROJECT,)))
    monkeypatch.setattr(this, "SIBLING_USES", {})
    assert [message for _, _, message in _violations()] == [
        "demoapp/views.py:2 imports sanad.cases.selectors (demoapp is layer 0, cases layer 1)",
        "demoapp/views.py:2 imports sanad.cases.selectors.case_get (demoapp is layer 0, cases layer 1)",
        "demoapp/views.py:3 imports sanad.cases.access (demoapp is layer 0, cases layer 1)",
        "demoapp/views.py:5 relates to model cases.Case (demoapp is layer 0, cases layer 1)",
    ]
    monkeypatch.setattr(this, "LAYERS", (("demoapp", "cases"), (PROJECT,)))
    assert _violations()[0][2] == (
        "demoapp/views.py:2 imports sanad.cases.selectors (demoapp is not declared to use cases in its layer)"
    )
    monkeypatch.setattr(this, "SIBLING_USES", {("demoapp", "cases"): "test"})
    assert _violations() == []
