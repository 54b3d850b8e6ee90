"""Reading XLSForms into Sanad instrument definitions, and evaluating answers against them.

API (stable; the shipped instruments and their scoring tests use it)
-------------------------------------------------------------------
``load_definition(source, *, filename) -> InstrumentDefinition``
    ``source`` is a path, bytes or a binary file object holding an XLSForm (``.xlsx``, ``.xls``
    or a markdown ``.md`` XLSForm as pyxform reads them); ``filename`` gives the type by its
    suffix. Raises ``DefinitionError`` whose ``.errors`` is a list of plain-language messages,
    each naming the row ("Row 7 (age): constraint: ..."). pyxform validates the form first.

``InstrumentDefinition``
    ``.form_id``, ``.version`` (the ``settings`` sheet's ``version``), ``.title(lang)``,
    ``.languages``, ``.children`` (the element tree), ``.choices``, ``.field(name)``,
    ``.to_json()`` / ``InstrumentDefinition.from_json(data)`` (what InstrumentVersion stores),
    ``.band_label(code, lang)``, ``.choice_label(list_name, code, lang)``, ``.text(dict, lang)``.

``evaluate(definition, answers, *, today=None, language=None) -> Evaluation``
    (in ``sanad.assessments.evaluation``; also importable from this module)
    ``answers`` maps question names to answers: text/number/date as strings or numbers,
    ``select_one`` a choice name, ``select_multiple`` a list of names (or a space-separated
    string), a repeat a list of dicts of its questions. Groups do not nest answers (XLSForm
    names are unique in a form). Returns an ``Evaluation``:

    - ``answers``: the cleaned, typed answers of relevant questions only (irrelevant answers are
      dropped; this is what Sanad stores);
    - ``values``: every ``calculate`` result by name (repeat calculates as a list per repeat);
    - ``relevant``: field path -> bool for every element (paths: ``name``, or
      ``repeat.index.name`` inside repeats, e.g. ``children.0.age``);
    - ``errors``: field path -> list of messages in ``language`` (default: the active Django
      language): type errors, ``required`` and ``constraint`` (with the form's messages);
      ``is_valid`` is ``not errors``;
    - ``result``: a ``Result`` read from the calculate rows named by Sanad's conventions:
      ``score`` (Decimal | None), ``scores`` ({"score_x": Decimal}), ``band`` (code; labels
      from the ``sanad_bands`` choice list), ``priority`` ("high"/"medium"/"low"/""),
      ``flags`` (registry VulnerabilityFlag codes), ``suggested_referrals`` and
      ``suggested_assistance`` (``core.needs.Need`` codes), ``safety_alert`` (bool: the
      ``safety_alert`` calculate is "1"/"true"/"yes").
      Unknown codes are dropped and reported in ``Evaluation.warnings``.

Supported XLSForm: text, integer, decimal, date, select_one, select_multiple (choices sheet),
note, calculate, begin/end group, begin/end repeat, relevant, constraint (+ constraint_message),
required (yes/no or an expression, + required_message), calculation, hint, default, read_only,
appearance, ``bind::sanad:prefill`` (a person fact the question starts from; see ``prefill.py``);
labels, hints and messages in any ``::Language (code)`` column, shown in the user's language with
a fallback to the form's default language, then English. Metadata types (start, end, today,
deviceid, ...) are accepted and ignored. Expressions: see ``expressions.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from sanad.assessments import expressions as ex

DEFINITION_FORMAT = 1

QUESTION_KINDS = {"text", "integer", "decimal", "date", "select_one", "select_multiple"}
KINDS = QUESTION_KINDS | {"note", "calculate", "group", "repeat"}
_PYXFORM_TYPES = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "note": "note",
    "calculate": "calculate",
    "group": "group",
    "repeat": "repeat",
}
_IGNORED_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
}
# Person facts a question may start from (``bind::sanad:prefill``; see ``prefill.py``).
PREFILL_FACTS = ("sex", "age", "date_of_birth", "nationality", "population_group", "location")
PREFILL_BIND = "sanad:prefill"
RESULT_NAMES = (
    "score",
    "band",
    "priority",
    "flags",
    "suggested_referrals",
    "suggested_assistance",
    "safety_alert",
)
PRIORITIES = ("high", "medium", "low")
BANDS_LIST = "sanad_bands"
_LANGUAGE_NAMES = {"english": "en", "arabic": "ar", "french": "fr", "default": ""}


class DefinitionError(ValueError):
    """The XLSForm cannot be used; ``errors`` lists plain-language reasons naming rows."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("; ".join(self.errors))


def _language_code(key: str, default: str) -> str:
    match = re.search(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$", key)
    if match:
        return match.group(1).lower().split("-")[0].split("_")[0]
    code = _LANGUAGE_NAMES.get(key.strip().lower())
    if code is not None:
        return code or default
    return key.strip().lower()


def _texts(value: Any, default_language: str) -> dict[str, str]:
    if value in (None, ""):
        return {}
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, text in value.items():
            if text in (None, ""):
                continue
            out[_language_code(str(key), default_language)] = str(text)
        return out
    return {default_language: str(value)}


def _yes_no(value: Any) -> bool | None:
    text = str(value or "").strip().lower()
    if text in ("", "no", "false", "false()", "0"):
        return False
    if text in ("yes", "true", "true()", "1"):
        return True
    return None


@dataclass
class InstrumentDefinition:
    form_id: str
    version: str
    titles: dict[str, str]
    default_language: str
    languages: list[str]
    children: list[dict]
    choices: dict[str, list[dict]]
    _fields: dict[str, dict] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._fields = {}

        def index(nodes: list[dict], repeats: tuple[str, ...], parents: tuple[str, ...]) -> None:
            for node in nodes:
                node["_repeats"] = list(repeats)
                node["_parents"] = list(parents)
                self._fields[node["name"]] = node
                if node["kind"] == "group":
                    index(node["children"], repeats, (*parents, node["name"]))
                elif node["kind"] == "repeat":
                    index(node["children"], (*repeats, node["name"]), (*parents, node["name"]))

        index(self.children, (), ())

    # -- serialisation --------------------------------------------------------------------------
    def to_json(self) -> dict:
        def clean(nodes: list[dict]) -> list[dict]:
            out = []
            for node in nodes:
                copy = {k: v for k, v in node.items() if not k.startswith("_")}
                if "children" in copy:
                    copy["children"] = clean(copy["children"])
                out.append(copy)
            return out

        return {
            "format": DEFINITION_FORMAT,
            "form_id": self.form_id,
            "version": self.version,
            "title": self.titles,
            "default_language": self.default_language,
            "languages": self.languages,
            "children": clean(self.children),
            "choices": self.choices,
        }

    @classmethod
    def from_json(cls, data: dict) -> InstrumentDefinition:
        import copy

        data = copy.deepcopy(data)
        return cls(
            form_id=data["form_id"],
            version=data["version"],
            titles=data.get("title", {}),
            default_language=data.get("default_language", "en"),
            languages=data.get("languages", []),
            children=data["children"],
            choices=data.get("choices", {}),
        )

    # -- reading ------------------------------------------------------------------------------
    def text(self, texts: dict[str, str] | None, language: str | None = None) -> str:
        """A label/hint/message in ``language`` with fallback (default language, English, any)."""
        if not texts:
            return ""
        language = (language or translation.get_language() or "en").split("-")[0]
        for code in (language, self.default_language, "en"):
            if texts.get(code):
                return texts[code]
        return next(iter(texts.values()))

    def title(self, language: str | None = None) -> str:
        return self.text(self.titles, language) or self.form_id

    def field(self, name: str) -> dict | None:
        return self._fields.get(name)

    def fields(self) -> list[dict]:
        """Every element (questions, notes, calculates, groups, repeats) in document order."""
        return list(self._fields.values())

    def questions(self) -> list[dict]:
        return [node for node in self._fields.values() if node["kind"] in QUESTION_KINDS]

    def choice_label(self, list_name: str, code: str, language: str | None = None) -> str:
        for choice in self.choices.get(list_name, []):
            if choice["name"] == code:
                return self.text(choice.get("label"), language) or code
        return code

    def band_label(self, code: str, language: str | None = None) -> str:
        return self.choice_label(BANDS_LIST, code, language) if code else ""

    def client_logic(self) -> dict:
        """What the browser needs for skip logic: relevance/calculation ASTs and field kinds."""
        out = {}
        for node in self._fields.values():
            entry: dict[str, Any] = {
                "kind": node["kind"],
                "repeats": node["_repeats"],
                "parents": node["_parents"],
            }
            if node.get("relevant_ast"):
                entry["relevant"] = node["relevant_ast"]
            if node.get("calculation_ast"):
                entry["calculation"] = node["calculation_ast"]
            out[node["name"]] = entry
        return out


# --- loading -----------------------------------------------------------------------------------


def _read_workbook(source: Any, filename: str):
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import get_xlsform

    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".xls", ".md", ".xlsm"):
        raise DefinitionError([_("The file must be an XLSForm: .xlsx, .xls or .md.")])
    if isinstance(source, str | Path):
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
    try:
        return get_xlsform(BytesIO(data), file_type=suffix)
    except PyXFormError as exc:
        raise DefinitionError(
            [_("The file could not be read as an XLSForm: %(reason)s") % {"reason": exc}]
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any reader failure is a bad upload, not a crash
        raise DefinitionError(
            [_("The file could not be read as an XLSForm: %(reason)s") % {"reason": exc}]
        ) from exc


def load_definition(source: Any, *, filename: str) -> InstrumentDefinition:
    """Read an XLSForm with pyxform and turn it into an ``InstrumentDefinition`` (see the module doc)."""
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json

    workbook = _read_workbook(source, filename)
    rows: dict[str, int] = {}
    for number, row in enumerate(workbook.survey or [], start=2):
        name = str(row.get("name") or "").strip()
        if name and name not in rows:
            rows[name] = number
    warnings: list[str] = []
    try:
        survey_json = workbook_to_json(
            workbook_dict=workbook,
            form_name="data",
            fallback_form_name=Path(filename).stem,
            warnings=warnings,
        )
        # Building the XForm catches references to questions that do not exist, among others.
        create_survey_element_from_dict(survey_json).to_xml(validate=False, warnings=warnings)
    except PyXFormError as exc:
        raise DefinitionError([str(exc)]) from exc
    except Exception as exc:  # noqa: BLE001 - pyxform raises assorted errors on malformed sheets
        raise DefinitionError([_("The XLSForm is not valid: %(reason)s") % {"reason": exc}]) from exc
    return _definition_from_pyxform(survey_json, rows)


def _definition_from_pyxform(survey: dict, rows: dict[str, int]) -> InstrumentDefinition:
    errors: list[str] = []
    default_language = _language_code(str(survey.get("default_language") or "en"), "en")
    if default_language in ("", "default"):
        default_language = "en"
    languages: set[str] = set()

    def where(name: str) -> str:
        row = rows.get(name)
        return _("Row %(row)s (%(name)s)") % {"row": row, "name": name} if row else f"({name})"

    def texts(value: Any) -> dict[str, str]:
        out = _texts(value, default_language)
        languages.update(out)
        return out

    def expression(name: str, column: str, source: Any) -> list | None:
        if source in (None, ""):
            return None
        try:
            return ex.parse(str(source))
        except ex.ExpressionError as exc:
            errors.append(f"{where(name)}: {column}: {exc}")
            return None

    def convert(children: list[dict]) -> list[dict]:
        out: list[dict] = []
        for item in children:
            name = item.get("name", "")
            raw_type = item.get("type", "")
            if raw_type in _IGNORED_TYPES or (name == "meta" and raw_type == "group"):
                continue
            kind = _PYXFORM_TYPES.get(raw_type)
            if kind is None:
                reason = _(
                    "the question type %(type)s is not supported by Sanad's web form (supported: text, "
                    "integer, decimal, date, select_one, select_multiple, note, calculate, groups, repeats)."
                ) % {"type": raw_type}
                errors.append(f"{where(name)}: {reason}")
                continue
            bind = item.get("bind", {}) or {}
            control = item.get("control", {}) or {}
            node: dict[str, Any] = {"kind": kind, "name": name, "row": rows.get(name)}
            if item.get("label") not in (None, ""):
                node["label"] = texts(item.get("label"))
            if item.get("hint") not in (None, ""):
                node["hint"] = texts(item.get("hint"))
            if control.get("appearance"):
                node["appearance"] = str(control["appearance"])
            if kind == "repeat" and (control.get("jr:count") or item.get("control", {}).get("jr:count")):
                reason = _("repeat_count is not supported; people add the entries themselves.")
                errors.append(f"{where(name)}: {reason}")
            if bind.get("relevant"):
                node["relevant"] = str(bind["relevant"])
                node["relevant_ast"] = expression(name, "relevant", bind["relevant"])
            if kind in QUESTION_KINDS:
                required = bind.get("required")
                flag = _yes_no(required)
                if flag is None:
                    node["required"] = str(required)
                    node["required_ast"] = expression(name, "required", required)
                else:
                    node["required"] = flag
                if bind.get("jr:requiredMsg"):
                    node["required_message"] = texts(bind["jr:requiredMsg"])
                if bind.get("constraint"):
                    node["constraint"] = str(bind["constraint"])
                    node["constraint_ast"] = expression(name, "constraint", bind["constraint"])
                if bind.get("jr:constraintMsg"):
                    node["constraint_message"] = texts(bind["jr:constraintMsg"])
                if item.get("default") not in (None, ""):
                    node["default"] = str(item["default"])
                if _yes_no(bind.get("readonly")):
                    node["read_only"] = True
                fact = str(bind.get(PREFILL_BIND) or "").strip()
                if fact in PREFILL_FACTS:
                    node["prefill"] = fact
                elif fact:
                    reason = _("%(column)s: %(fact)s is not a person fact (known: %(facts)s).") % {
                        "column": "bind::" + PREFILL_BIND,
                        "fact": fact,
                        "facts": ", ".join(PREFILL_FACTS),
                    }
                    errors.append(f"{where(name)}: {reason}")
            if kind in ("select_one", "select_multiple"):
                list_name = item.get("list_name") or item.get("itemset")
                if item.get("choice_filter"):
                    errors.append(f"{where(name)}: " + _("choice_filter is not supported."))
                node["list_name"] = list_name
            if kind == "calculate":
                node["calculation"] = str(bind.get("calculate", ""))
                node["calculation_ast"] = expression(name, "calculation", bind.get("calculate", ""))
                if node["calculation_ast"] is None and not bind.get("calculate"):
                    errors.append(f"{where(name)}: " + _("a calculate row needs a calculation."))
            if kind in ("group", "repeat"):
                node["children"] = convert(item.get("children", []))
            out.append(node)
        return out

    children = convert(survey.get("children", []))
    choices: dict[str, list[dict]] = {}
    for list_name, items in (survey.get("choices") or {}).items():
        choices[list_name] = [
            {"name": str(choice.get("name")), "label": texts(choice.get("label"))} for choice in items
        ]
    definition = InstrumentDefinition(
        form_id=str(survey.get("id_string") or survey.get("name") or ""),
        version=str(survey.get("version") or ""),
        titles=texts(survey.get("title")),
        default_language=default_language,
        languages=sorted(languages) or [default_language],
        children=children,
        choices=choices,
    )
    errors.extend(_check_conventions(definition, where))
    if errors:
        raise DefinitionError(errors)
    return definition


def _check_conventions(definition: InstrumentDefinition, where) -> list[str]:
    errors: list[str] = []
    if not definition.version:
        errors.append(_("The settings sheet must give a version (the version column)."))
    for node in definition.fields():
        name = node["name"]
        if name in RESULT_NAMES or name.startswith("score_"):
            if node["kind"] != "calculate":
                reason = _("%(name)s is a Sanad result name and must be a calculate row.") % {"name": name}
                errors.append(f"{where(name)}: {reason}")
            elif node["_repeats"]:
                errors.append(f"{where(name)}: " + _("result calculates must not be inside a repeat."))
    band = definition.field("band")
    if band is not None and BANDS_LIST not in definition.choices:
        reason = _("a band calculate needs a choice list named %(list)s with the band labels.") % {
            "list": BANDS_LIST
        }
        errors.append(f"{where('band')}: {reason}")
    return errors


# Evaluation lives in ``evaluation.py``; offered here too so one import serves both.
def evaluate(definition: InstrumentDefinition, answers: dict, *, today=None, language: str | None = None):
    """See ``sanad.assessments.evaluation.evaluate``."""
    from sanad.assessments.evaluation import evaluate as evaluate_answers

    return evaluate_answers(definition, answers, today=today, language=language)


def __getattr__(name: str):
    if name in ("Evaluation", "Result"):
        from sanad.assessments import evaluation

        return getattr(evaluation, name)
    raise AttributeError(name)


__all__ = [
    "DefinitionError",
    "InstrumentDefinition",
    "evaluate",
    "load_definition",
]
