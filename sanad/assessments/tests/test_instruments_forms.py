"""Every shipped instrument is a valid XLSForm, trilingual, and follows Sanad's result conventions."""

from __future__ import annotations

import re
import shutil

import pytest
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform
from pyxform.xls2xform import convert

from sanad.assessments.tests.instruments_support import (
    FORMS_DIR,
    INSTRUMENT_CODES,
    LANGUAGES,
    definition,
    form_path,
)
from sanad.core.needs import Need
from sanad.registry.models import VulnerabilityFlag

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
COLUMN_LANGUAGE = {"English (en)": "en", "Arabic (ar)": "ar", "French (fr)": "fr"}


def _survey_json(code: str) -> dict:
    path = form_path(code)
    workbook = get_xlsform(path.read_bytes(), file_type=".md")
    return workbook_to_json(workbook_dict=workbook, form_name="data", fallback_form_name=code, warnings=[])


def _texts(node: dict, prefix: str = ""):
    """Yield (where, column, value) for every translatable text of the element tree."""
    for child in node.get("children", []):
        where = f"{prefix}{child.get('name')}"
        for column in ("label", "hint"):
            if child.get(column):
                yield where, column, child[column]
        bind = child.get("bind", {}) or {}
        for column in ("jr:constraintMsg", "jr:requiredMsg"):
            if bind.get(column):
                yield where, column, bind[column]
        if child.get("children") and child.get("type") in ("group", "repeat"):
            yield from _texts(child, f"{where}/")


def test_every_instrument_is_shipped_and_nothing_else():
    assert sorted(p.stem for p in FORMS_DIR.glob("*.md")) == sorted(INSTRUMENT_CODES)


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_pyxform_converts_without_warnings(code):
    result = convert(xlsform=str(form_path(code)), validate=False)
    assert result.warnings == []
    assert f'id="{code}"' in result.xform
    # ODK clients need one translation per language, English the default.
    for language in COLUMN_LANGUAGE:
        assert f'<translation lang="{language}"' in result.xform
    assert '<translation lang="English (en)" default="true()">' in result.xform


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java")
@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_odk_validate_accepts_the_xform(code):
    """JavaRosa (the engine inside ODK Collect and KoboCollect) accepts every form and expression."""
    result = convert(xlsform=str(form_path(code)), validate=True)
    assert result.warnings == []


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_engine_loads_with_settings(code):
    loaded = definition(code)
    assert loaded.form_id == code
    # Second editions: the MRRM screening prefills sex and age from the person's record; every
    # instrument labels its sub-scores in each language.
    assert loaded.version == ("2026.1" if code in {"phq9", "k10"} else "2026.2")
    assert loaded.languages == sorted(LANGUAGES)
    for language in LANGUAGES:
        assert loaded.title(language)


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_every_text_has_english_arabic_and_french(code):
    survey = _survey_json(code)
    texts = list(_texts(survey))
    assert texts, "the form has no labels"
    for where, column, value in texts:
        assert isinstance(value, dict), f"{where} {column} is not translated: {value!r}"
        languages = {COLUMN_LANGUAGE.get(key) for key in value}
        assert languages == set(LANGUAGES), f"{where} {column}: {sorted(value)}"
        assert all(str(v).strip() for v in value.values()), f"{where} {column} has an empty translation"
        assert ARABIC_LETTER.search(value["Arabic (ar)"]), f"{where} {column}: Arabic text has no Arabic"
        assert not ARABIC_LETTER.search(value["English (en)"] + value["French (fr)"]), where
        assert LATIN_LETTER.search(value["French (fr)"]), where
    for list_name, choices in survey.get("choices", {}).items():
        for choice in choices:
            label = choice["label"]
            assert {COLUMN_LANGUAGE.get(k) for k in label} == set(LANGUAGES), (list_name, choice["name"])
            assert all(str(v).strip() for v in label.values()), (list_name, choice["name"])
            assert ARABIC_LETTER.search(label["Arabic (ar)"]), (list_name, choice["name"])


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_result_rows_follow_the_conventions(code):
    loaded = definition(code)
    calculates = {node["name"]: node for node in loaded.fields() if node["kind"] == "calculate"}
    assert "band" in calculates, "every instrument gives a band"
    band_codes = {choice["name"] for choice in loaded.choices["sanad_bands"]}
    # Every band code the calculation can produce has a label, and every label is reachable.
    produced = set(re.findall(r"'([a-z_]+)'", calculates["band"]["calculation"]))
    if calculates["band"]["calculation"].strip() == "${priority}":
        produced = set(re.findall(r"'(high|medium|low)'", calculates["priority"]["calculation"]))
    assert produced == band_codes
    # Codes written into flags and suggestions are registry flags and shared need codes.
    for name, vocabulary in (
        ("flags", set(VulnerabilityFlag.values)),
        ("suggested_referrals", set(Need.values)),
        ("suggested_assistance", set(Need.values)),
    ):
        if name in calculates:
            calculation = calculates[name]["calculation"]
            # The codes are the "then" strings of if(condition, 'code ', '') (or a fixed first part).
            codes = set(re.findall(r"'([a-z_]+) ?'\s*,\s*''\s*\)", calculation))
            codes |= set(re.findall(r"concat\(\s*'([a-z_]+) '", calculation))
            assert codes, name
            assert codes <= vocabulary, (name, codes - vocabulary)
    if "priority" in calculates:
        # Priorities are written as literals (or copied from the caseworker's override choice).
        produced = set(re.findall(r",\s*'([a-z_]+)'", calculates["priority"]["calculation"]))
        assert produced <= {"high", "medium", "low"}, produced


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)
        for row in item.rows:
            yield from _walk(row)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_web_form_renders_every_question_in_the_language(code, language):
    from sanad.assessments.webform import build_items

    items = list(_walk(build_items(definition(code), language=language)))
    shown = [item for item in items if item.kind not in ("calculate",)]
    assert shown
    for item in shown:
        if item.kind in ("group", "repeat") and not item.label:
            continue
        assert item.label, (item.kind, item.name)
        has_arabic = bool(ARABIC_LETTER.search(item.label))
        assert has_arabic is (language == "ar"), (language, item.name, item.label)
        for _code, choice_label in item.choices:
            assert bool(ARABIC_LETTER.search(choice_label)) is (language == "ar"), (item.name, choice_label)


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_xlsx_export_for_kobo_is_the_same_instrument(code, tmp_path):
    """The .xlsx made from the markdown (docs/instruments.md) loads as the same definition."""
    from pyxform.xls2json_backends import md_table_to_workbook

    from sanad.assessments.xlsform import load_definition

    xlsx = tmp_path / f"{code}.xlsx"
    md_table_to_workbook(form_path(code).read_text(encoding="utf-8")).save(xlsx)
    exported = load_definition(xlsx, filename=xlsx.name).to_json()
    shipped = definition(code).to_json()

    def without_rows(value):
        # Row numbers differ (the markdown has comment lines); everything else must be equal.
        if isinstance(value, dict):
            return {k: without_rows(v) for k, v in value.items() if k != "row"}
        if isinstance(value, list):
            return [without_rows(v) for v in value]
        return value

    assert without_rows(exported) == without_rows(shipped)
