"""What the result page shows: answers with their labels, the result with links to act on it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from sanad.assessments.webform import interpolate
from sanad.assessments.xlsform import InstrumentDefinition
from sanad.core.needs import Need
from sanad.core.permissions import has_permission
from sanad.registry.models import VulnerabilityFlag


@dataclass(frozen=True)
class AnswerRow:
    label: str
    answer: str
    depth: int = 0
    heading: bool = False


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str
    url: str = ""


def score_text(value) -> str:
    """A stored score (Decimal with two places) as people write it: 18, 3.5."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = format(number.normalize(), "f")
    return text


def _display(definition: InstrumentDefinition, node: dict, value, language: str) -> str:
    if value in (None, "", []):
        return "—"
    kind = node["kind"]
    if kind == "select_one":
        return definition.choice_label(node.get("list_name") or "", str(value), language)
    if kind == "select_multiple":
        items = value if isinstance(value, list) else str(value).split()
        return ", ".join(
            definition.choice_label(node.get("list_name") or "", str(v), language) for v in items
        )
    return str(value)


def answer_rows(definition: InstrumentDefinition, assessment, language: str) -> list[AnswerRow]:
    """The answered questions in order, with group and repeat headings; notes with values."""
    rows: list[AnswerRow] = []

    def walk(nodes: list[dict], answers: dict, depth: int) -> None:
        for node in nodes:
            kind = node["kind"]
            label = definition.text(node.get("label"), language) or node["name"]
            if kind == "group":
                before = len(rows)
                walk(node["children"], answers, depth + 1)
                if len(rows) > before and node.get("label"):
                    rows.insert(before, AnswerRow(label, "", depth, heading=True))
            elif kind == "repeat":
                entries = answers.get(node["name"]) or []
                for index, entry in enumerate(entries, start=1):
                    rows.append(AnswerRow(f"{label} {index}", "", depth, heading=True))
                    walk(node["children"], entry, depth + 1)
            elif kind in ("note", "calculate"):
                continue
            elif node["name"] in answers:
                rows.append(
                    AnswerRow(label, _display(definition, node, answers[node["name"]], language), depth)
                )

    walk(definition.children, assessment.answers or {}, 0)
    return rows


def _url(name: str, query: dict) -> str:
    try:
        return f"{reverse(name)}?{urlencode(query)}"
    except NoReverseMatch:
        return ""


def result_context(
    definition: InstrumentDefinition, assessment, language: str, *, actor, proposed=frozenset()
) -> dict:
    """Score, sub-scores, band, priority, flags and suggestions of an assessment, ready to show.
    ``proposed``: the flags the assessment only proposed (they are not on the person yet)."""
    need_labels = dict(Need.choices)
    flag_labels = dict(VulnerabilityFlag.choices)
    person = assessment.person
    can_refer = has_permission(actor, "referrals.create")
    referrals = []
    for code in assessment.suggested_referrals or []:
        url = (
            _url("referrals:create", {"person": person.uuid, "assessment": assessment.uuid, "need": code})
            if can_refer
            else ""
        )
        referrals.append(Suggestion(code, str(need_labels.get(code, code)), url))
    assistance = [
        Suggestion(code, str(need_labels.get(code, code))) for code in assessment.suggested_assistance or []
    ]
    sub_scores = []
    for name, value in (assessment.scores or {}).items():
        node = definition.field(name)
        label = definition.text(node.get("label"), language) if node else ""
        sub_scores.append((label or name.removeprefix("score_").replace("_", " "), score_text(value)))
    notes = []
    values = assessment.values or {}
    for node in definition.fields():
        # Result notes: notes that show computed values (e.g. "Score: ${score} / 27") and are relevant.
        if node["kind"] == "note" and not node["_repeats"] and "${" in str(node.get("label")):
            text = definition.text(node.get("label"), language)
            if _note_relevant(definition, node, assessment):
                notes.append(interpolate(text, values, assessment.answers or {}))
    return {
        "score": score_text(assessment.score) if assessment.score is not None else None,
        "sub_scores": sub_scores,
        "band_label": definition.band_label(assessment.band, language),
        # Flags with a proposal are shown as proposals (see proposal_rows), not as added.
        "flag_labels": [
            str(flag_labels.get(code, code)) for code in assessment.flags or [] if code not in proposed
        ],
        "referral_suggestions": referrals,
        "assistance_suggestions": assistance,
        "result_notes": notes,
    }


def _note_relevant(definition: InstrumentDefinition, node: dict, assessment) -> bool:
    from sanad.assessments.evaluation import evaluate

    evaluation = getattr(assessment, "_evaluation", None)
    if evaluation is None:
        evaluation = evaluate(definition, assessment.answers or {})
        assessment._evaluation = evaluation
    return evaluation.relevant.get(node["name"], True)
