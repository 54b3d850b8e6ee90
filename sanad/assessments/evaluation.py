"""Evaluating answers against an instrument definition: relevance, calculation, validation, result.

See the API note at the top of ``xlsform.py``; ``evaluate`` is re-exported there.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from sanad.assessments import expressions as ex
from sanad.assessments.xlsform import BANDS_LIST, PRIORITIES, QUESTION_KINDS, InstrumentDefinition

# --------------------------------------------------------------------------------


@dataclass
class Result:
    score: Decimal | None = None
    scores: dict[str, Decimal] = field(default_factory=dict)
    band: str = ""
    priority: str = ""
    flags: list[str] = field(default_factory=list)
    suggested_referrals: list[str] = field(default_factory=list)
    suggested_assistance: list[str] = field(default_factory=list)
    safety_alert: bool = False


@dataclass
class Evaluation:
    answers: dict
    values: dict
    relevant: dict[str, bool]
    errors: dict[str, list[str]]
    result: Result
    warnings: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _path(prefix: str, name: str) -> str:
    return f"{prefix}{name}"


def _json_value(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return int(value) if value == int(value) and abs(value) < 1e15 else value
    if isinstance(value, ex.NodeSet):
        return [_json_value(v) for v in value]
    return value


class _Evaluator:
    def __init__(self, definition: InstrumentDefinition, answers: dict, today: dt.date, language: str):
        self.definition = definition
        self.today = today
        self.language = language
        self.errors: dict[str, list[str]] = {}
        self.relevant: dict[str, bool] = {}
        # typed answers (as given, cleaned) and the live instance expressions read
        self.typed = self._clean(definition.children, answers or {}, "")
        self.instance: dict = {}

    # -- cleaning input ---------------------------------------------------------------------
    def _error(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def _clean(self, nodes: list[dict], answers: Any, prefix: str) -> dict:
        if not isinstance(answers, dict):
            self._error(prefix.rstrip(".") or "__all__", _("Expected a set of answers."))
            return {}
        known: dict[str, dict] = {}

        def collect(children: list[dict]) -> None:
            for node in children:
                if node["kind"] == "group":
                    collect(node["children"])
                else:
                    known[node["name"]] = node

        collect(nodes)
        out: dict = {}
        for key, raw in answers.items():
            node = known.get(key)
            path = _path(prefix, key)
            if node is None:
                self._error(path, _("There is no question with this name in the form."))
                continue
            kind = node["kind"]
            if kind in ("note", "calculate"):
                if raw not in (None, ""):
                    self._error(path, _("This value is computed by the form and cannot be answered."))
                continue
            if kind == "repeat":
                if raw in (None, ""):
                    out[key] = []
                    continue
                if not isinstance(raw, list):
                    self._error(path, _("Expected a list of entries."))
                    continue
                out[key] = [
                    self._clean(node["children"], row, f"{path}.{index}.") for index, row in enumerate(raw)
                ]
                continue
            value = self._clean_value(node, raw, path)
            if value is not None:
                out[key] = value
        return out

    def _clean_value(self, node: dict, raw: Any, path: str) -> Any:
        kind = node["kind"]
        if raw is None or (isinstance(raw, str) and raw.strip() == "") or raw == []:
            return None
        if kind == "select_multiple":
            items = raw.split() if isinstance(raw, str) else raw if isinstance(raw, list) else None
            if items is None or not all(isinstance(i, str | int) for i in items):
                self._error(path, _("Choose from the list."))
                return None
            items = [str(i) for i in items]
            valid = {c["name"] for c in self.definition.choices.get(node["list_name"], [])}
            bad = [i for i in items if i not in valid]
            if bad:
                self._error(path, _("%(value)s is not one of the choices.") % {"value": ", ".join(bad)})
                return None
            return list(dict.fromkeys(items))
        if isinstance(raw, list | dict):
            self._error(path, _("Expected a single answer."))
            return None
        if isinstance(raw, bool):
            raw = "1" if raw else "0"
        text = str(raw).strip()
        if kind == "integer":
            if not re.fullmatch(r"[-+]?\d{1,15}", text):
                self._error(path, _("Enter a whole number."))
                return None
            return int(text)
        if kind == "decimal":
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite() or abs(number) >= Decimal("1e15"):
                self._error(path, _("Enter a number."))
                return None
            return float(number)
        if kind == "date":
            try:
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                self._error(path, _("Enter a valid date (YYYY-MM-DD)."))
                return None
        if kind == "select_one":
            valid = {c["name"] for c in self.definition.choices.get(node["list_name"], [])}
            if text not in valid:
                self._error(path, _("%(value)s is not one of the choices.") % {"value": text})
                return None
            return text
        if len(text) > 5000:
            self._error(path, _("The answer is too long (at most 5000 characters)."))
            return None
        return str(raw)

    # -- expression context ---------------------------------------------------------------------
    def resolve(self, name: str, scope: dict[str, int]) -> Any:
        node = self.definition.field(name)
        if node is None:
            return ""
        container: Any = self.instance
        for depth, repeat in enumerate(node["_repeats"]):
            rows = container.get(repeat) or []
            if repeat in scope:
                index = scope[repeat]
                if index >= len(rows):
                    return ""
                container = rows[index]
            else:
                return ex.NodeSet(self._gather(rows, node["_repeats"][depth + 1 :], name))
        value = container.get(name, "")
        return "" if value is None else value

    def _gather(self, rows: list[dict], repeats: list[str], name: str) -> list:
        out: list = []
        for row in rows:
            if repeats:
                out.extend(self._gather(row.get(repeats[0]) or [], repeats[1:], name))
            else:
                out.append(row.get(name, ""))
        return out

    def context(self, scope: dict[str, int], current: Any = "") -> ex.Context:
        return ex.Context(lambda n: self.resolve(n, scope), current=current, today=self.today)

    def run(self, ast: list, scope: dict[str, int], node: dict, column: str, current: Any = "") -> Any:
        try:
            return ex.evaluate(ast, self.context(scope, current))
        except ex.ExpressionError as exc:
            self.definition_errors.append(f"{node['name']}: {column}: {exc}")
            return ""

    # -- passes ---------------------------------------------------------------------------------
    @staticmethod
    def _instance_value(node: dict, value: Any) -> Any:
        if value is None:
            return ""
        if node["kind"] == "select_multiple":
            return " ".join(value)
        if node["kind"] in ("integer", "decimal"):
            return float(value)
        return value

    def _pass(
        self, nodes: list[dict], typed: dict, target: dict, prefix: str, scope: dict, parent_ok: bool
    ) -> None:
        for node in nodes:
            name = node["name"]
            path = _path(prefix, name)
            ok = parent_ok
            if ok and node.get("relevant_ast"):
                ok = ex.to_bool(self.run(node["relevant_ast"], scope, node, "relevant"))
            self.relevant[path] = ok
            kind = node["kind"]
            if kind == "group":
                self._pass(node["children"], typed, target, prefix, scope, ok)
            elif kind == "repeat":
                rows = typed.get(name, []) if ok else []
                existing = target.get(name)
                if not isinstance(existing, list) or len(existing) != len(rows):
                    existing = [{} for _row in rows]
                    target[name] = existing
                for index, row in enumerate(rows):
                    self._pass(
                        node["children"],
                        row,
                        existing[index],
                        f"{path}.{index}.",
                        {**scope, name: index},
                        True,
                    )
            elif kind == "calculate":
                value = self.run(node["calculation_ast"], scope, node, "calculation") if ok else ""
                if isinstance(value, ex.NodeSet):
                    value = ex.to_string(value)
                target[name] = value
            elif kind == "note":
                target[name] = ""
            else:
                target[name] = self._instance_value(node, typed.get(name)) if ok else ""

    def evaluate(self) -> tuple[dict, list[str]]:
        self.definition_errors: list[str] = []
        previous = None
        for _attempt in range(8):  # forward references settle in a few passes
            self._pass(self.definition.children, self.typed, self.instance, "", {}, True)
            snapshot = (repr(self.instance), repr(self.relevant))
            if snapshot == previous:
                break
            previous = snapshot
        return self.instance, self.definition_errors

    # -- validation -----------------------------------------------------------------------------
    def validate(self, nodes: list[dict], typed: dict, prefix: str, scope: dict) -> dict:
        """Required and constraint checks on relevant questions; returns the stored answers."""
        stored: dict = {}
        for node in nodes:
            name = node["name"]
            path = _path(prefix, name)
            if not self.relevant.get(path, False):
                continue
            kind = node["kind"]
            if kind == "group":
                stored.update(self.validate(node["children"], typed, prefix, scope))
                continue
            if kind == "repeat":
                rows = typed.get(name, [])
                stored[name] = [
                    self.validate(node["children"], row, f"{path}.{index}.", {**scope, name: index})
                    for index, row in enumerate(rows)
                ]
                continue
            if kind not in QUESTION_KINDS:
                continue
            value = typed.get(name)
            if path in self.errors:
                continue
            if value is None:
                required = node.get("required")
                if isinstance(required, str) and node.get("required_ast"):
                    required = ex.to_bool(self.run(node["required_ast"], scope, node, "required"))
                if required:
                    message = self.definition.text(node.get("required_message"), self.language)
                    self._error(path, message or _("This question is required."))
                continue
            if node.get("constraint_ast"):
                current = self._instance_value(node, value)
                if not ex.to_bool(self.run(node["constraint_ast"], scope, node, "constraint", current)):
                    message = self.definition.text(node.get("constraint_message"), self.language)
                    self._error(path, message or _("This answer is not allowed."))
                    continue
            stored[name] = value
        return stored

    def values_of(self, nodes: list[dict], instance: dict) -> dict:
        out: dict = {}
        for node in nodes:
            kind = node["kind"]
            if kind == "group":
                out.update(self.values_of(node["children"], instance))
            elif kind == "repeat":
                rows = instance.get(node["name"]) or []
                nested = [self.values_of(node["children"], row) for row in rows]
                if any(nested):
                    out[node["name"]] = nested
            elif kind == "calculate":
                out[node["name"]] = _json_value(instance.get(node["name"], ""))
        return out


def _decimal(value: Any) -> Decimal | None:
    number = ex.to_number(value) if value not in ("", None) else math.nan
    if math.isnan(number) or math.isinf(number):
        return None
    return (
        Decimal(repr(number)).quantize(Decimal("0.01")).normalize()
        if number != int(number)
        else Decimal(int(number))
    )


def _codes(value: Any) -> list[str]:
    if isinstance(value, bool) or value in (None, ""):
        return []
    return list(dict.fromkeys(ex.to_string(value).split()))


def _result(definition: InstrumentDefinition, instance: dict, warnings: list[str]) -> Result:
    from sanad.core.needs import Need
    from sanad.registry.models import VulnerabilityFlag

    result = Result()
    result.score = _decimal(instance.get("score"))
    for node in definition.fields():
        name = node["name"]
        if name.startswith("score_") and node["kind"] == "calculate" and not node["_repeats"]:
            number = _decimal(instance.get(name))
            if number is not None:
                result.scores[name] = number
    band = ex.to_string(instance.get("band", "")).strip()
    if band:
        if band in {c["name"] for c in definition.choices.get(BANDS_LIST, [])}:
            result.band = band
        else:
            warnings.append(f"band: {band!r} is not in the {BANDS_LIST} choice list.")
    priority = ex.to_string(instance.get("priority", "")).strip().lower()
    if priority in PRIORITIES:
        result.priority = priority
    elif priority:
        warnings.append(f"priority: {priority!r} is not high, medium or low.")
    flag_codes = set(VulnerabilityFlag.values)
    need_codes = set(Need.values)
    for attr, valid in (
        ("flags", flag_codes),
        ("suggested_referrals", need_codes),
        ("suggested_assistance", need_codes),
    ):
        codes = _codes(instance.get(attr, ""))
        unknown = [c for c in codes if c not in valid]
        if unknown:
            warnings.append(f"{attr}: unknown code(s) {', '.join(unknown)}.")
        setattr(result, attr, [c for c in codes if c in valid])
    alert = instance.get("safety_alert", "")
    result.safety_alert = alert is True or ex.to_string(alert).strip().lower() in ("1", "true", "yes")
    return result


def _is_relevant(relevant: dict[str, bool], path: str) -> bool:
    parts = path.split(".")
    return all(relevant.get(".".join(parts[:end])) is not False for end in range(1, len(parts) + 1, 2))


def evaluate(
    definition: InstrumentDefinition,
    answers: dict,
    *,
    today: dt.date | None = None,
    language: str | None = None,
) -> Evaluation:
    """Validate, apply relevance, calculate and score ``answers`` (see the module doc)."""
    language = (language or translation.get_language() or "en").split("-")[0]
    with translation.override(language):
        evaluator = _Evaluator(definition, answers, today or dt.date.today(), language)
        instance, definition_errors = evaluator.evaluate()
        stored = evaluator.validate(definition.children, evaluator.typed, "", {})
        # Answers to questions that are not relevant are ignored, including their type errors.
        errors = {
            path: messages
            for path, messages in evaluator.errors.items()
            if _is_relevant(evaluator.relevant, path)
        }
        warnings = list(definition_errors)
        result = _result(definition, instance, warnings)
        values = evaluator.values_of(definition.children, instance)
    return Evaluation(
        answers=stored,
        values=values,
        relevant=dict(evaluator.relevant),
        errors=errors,
        result=result,
        warnings=warnings,
    )
