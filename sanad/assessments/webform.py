"""Turning an instrument definition into the web form Sanad shows, and a POST back into answers.

Input names: ``q-<path>`` where a path is ``name`` or ``repeat.index.name`` (``evaluation``'s
field paths); ``n-<repeat path>`` holds how many entries a repeat has. Adding or removing a repeat
entry is a submit button (``_add`` / ``_remove``) that re-renders the form with everything typed,
so it works without JavaScript; with JavaScript, ``skiplogic.js`` hides irrelevant questions as
the person answers, from the relevance ASTs serialised by ``InstrumentDefinition.client_logic``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sanad.assessments.xlsform import InstrumentDefinition

MAX_REPEAT_ROWS = 50
_REF = re.compile(r"\$\{\s*([A-Za-z_][\w.\-]*)\s*\}")


@dataclass
class Item:
    """One element of the rendered form (a question, note, group or repeat)."""

    kind: str
    name: str
    path: str
    label: str = ""
    hint: str = ""
    required: bool = False
    value: Any = ""
    values: list[str] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hidden: bool = False
    template: str = ""  # a note's label with ${refs}, filled in by the browser
    children: list[Item] = field(default_factory=list)
    rows: list[list[Item]] = field(default_factory=list)  # repeat entries
    scope: str = ""  # JSON of {repeat: index} for the browser
    appearance: str = ""
    prefilled: bool = False  # the value came from the person's record (``sanad:prefill``)

    @property
    def input_name(self) -> str:
        return f"q-{self.path}"

    @property
    def dom_id(self) -> str:
        return "f-" + re.sub(r"[^\w-]", "-", self.path)


def interpolate(text: str, values: dict, answers: dict) -> str:
    """A label with ``${name}`` replaced by the computed value or the answer (blank if none)."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        value = values.get(name, answers.get(name, ""))
        if isinstance(value, list | dict) or value is None:
            return ""
        if isinstance(value, bool):
            return "1" if value else "0"
        return str(value)

    return _REF.sub(replace, text)


def answers_from_post(definition: InstrumentDefinition, data) -> dict:
    """The nested answers dict ``evaluate`` takes, from a POSTed QueryDict."""

    def read(nodes: list[dict], prefix: str) -> dict:
        out: dict = {}
        for node in nodes:
            kind = node["kind"]
            name = node["name"]
            path = f"{prefix}{name}"
            if kind == "group":
                out.update(read(node["children"], prefix))
            elif kind == "repeat":
                count = repeat_count(data, path)
                out[name] = [read(node["children"], f"{path}.{index}.") for index in range(count)]
            elif kind == "select_multiple":
                values = [v for v in data.getlist(f"q-{path}") if v]
                if values:
                    out[name] = values
            elif kind not in ("note", "calculate"):
                value = data.get(f"q-{path}", "")
                if value != "":
                    out[name] = value
        return out

    return read(definition.children, "")


def repeat_count(data, path: str) -> int:
    try:
        count = int(data.get(f"n-{path}", 0))
    except (TypeError, ValueError):
        count = 0
    return max(0, min(MAX_REPEAT_ROWS, count))


def build_items(
    definition: InstrumentDefinition,
    *,
    answers: dict | None = None,
    errors: dict | None = None,
    relevant: dict | None = None,
    values: dict | None = None,
    language: str | None = None,
    prefill: dict | None = None,
) -> list[Item]:
    """The form's items in document order with the user's language, answers and errors.

    ``prefill`` (question name -> value, from ``prefill.prefilled_answers``) presets questions on
    a first render only, like ``default``: once anything was submitted the answers rule.
    """
    answers = answers or {}
    prefill = {} if answers else (prefill or {})
    errors = errors or {}
    relevant = relevant or {}
    values = values or {}
    import json

    def text(texts) -> str:
        return definition.text(texts, language)

    def build(nodes: list[dict], given: dict, prefix: str, scope: dict) -> list[Item]:
        items: list[Item] = []
        for node in nodes:
            kind = node["kind"]
            if kind == "calculate":
                continue
            name = node["name"]
            path = f"{prefix}{name}"
            label = text(node.get("label"))
            item = Item(
                kind=kind,
                name=name,
                path=path,
                label=label,
                hint=text(node.get("hint")),
                required=node.get("required") is True,
                errors=list(errors.get(path, [])),
                hidden=relevant.get(path) is False,
                scope=json.dumps(scope),
                appearance=node.get("appearance", ""),
            )
            if kind == "note":
                item.template = label if _REF.search(label) else ""
                item.label = interpolate(label, values, answers)
            elif kind == "group":
                item.children = build(node["children"], given, prefix, scope)
            elif kind == "repeat":
                rows = given.get(name) or []
                if not isinstance(rows, list):
                    rows = []
                item.rows = [
                    build(
                        node["children"],
                        row if isinstance(row, dict) else {},
                        f"{path}.{i}.",
                        {**scope, name: i},
                    )
                    for i, row in enumerate(rows[:MAX_REPEAT_ROWS])
                ]
            else:
                value = given.get(name, node.get("default", "") if not given else "")
                if not prefix and name in prefill:
                    value = prefill[name]
                    item.prefilled = True
                if kind in ("select_one", "select_multiple"):
                    item.choices = [
                        (choice["name"], text(choice.get("label")) or choice["name"])
                        for choice in definition.choices.get(node.get("list_name") or "", [])
                    ]
                if kind == "select_multiple":
                    item.values = (
                        [str(v) for v in value] if isinstance(value, list) else str(value or "").split()
                    )
                else:
                    item.value = "" if value is None else str(value)
            items.append(item)
        return items

    return build(definition.children, answers, "", {})


def with_repeat_change(answers: dict, definition: InstrumentDefinition, action: str, target: str) -> dict:
    """Answers with an entry added to (``add``) or removed from (``remove``, ``path.index``) a repeat."""

    def locate(container: dict, parts: list[str]) -> tuple[dict, str] | None:
        # parts: repeat, index, repeat, index, ..., repeat
        for position in range(0, len(parts) - 1, 2):
            rows = container.get(parts[position])
            try:
                container = rows[int(parts[position + 1])]
            except (TypeError, ValueError, IndexError):
                return None
        return container, parts[-1]

    parts = target.split(".")
    if action == "remove":
        if len(parts) < 2:
            return answers
        found = locate(answers, parts[:-1])
        if found is None:
            return answers
        container, name = found
        rows = container.get(name) or []
        try:
            del rows[int(parts[-1])]
        except (ValueError, IndexError):
            return answers
        container[name] = rows
        return answers
    found = locate(answers, parts)
    if found is None or definition.field(found[1]) is None or definition.field(found[1])["kind"] != "repeat":
        return answers
    container, name = found
    rows = container.get(name) or []
    if len(rows) < MAX_REPEAT_ROWS:
        rows.append({})
    container[name] = rows
    return answers
