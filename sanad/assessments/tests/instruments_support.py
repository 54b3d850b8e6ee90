"""Shared helpers for the tests of the shipped instruments (``sanad/assessments/forms/*.md``).

Each instrument is loaded once through the engine (``load_definition``) and scored with
``evaluate``; ``score()`` asserts that the answer set is complete and valid, so every known answer
set in the tests is one a caseworker could really submit.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from sanad.assessments.xlsform import evaluate, load_definition

FORMS_DIR = Path(__file__).resolve().parents[1] / "forms"
INSTRUMENT_CODES = ("mrrm_screening", "wg_ss", "phq9", "rhs15", "k10", "who5", "avm", "bia", "pdm")
LANGUAGES = ("en", "ar", "fr")
TODAY = dt.date(2026, 11, 21)


def form_path(code: str) -> Path:
    return FORMS_DIR / f"{code}.md"


@cache
def definition(code: str):
    path = form_path(code)
    return load_definition(path, filename=path.name)


def score(code: str, answers: dict, *, language: str = "en"):
    """Evaluate ``answers`` and return the Evaluation, failing on any validation error or warning."""
    evaluation = evaluate(definition(code), answers, today=TODAY, language=language)
    assert evaluation.errors == {}, evaluation.errors
    assert evaluation.warnings == [], evaluation.warnings
    return evaluation


def errors(code: str, answers: dict) -> dict:
    return evaluate(definition(code), answers, today=TODAY, language="en").errors
