"""The Arabic and French catalogs are complete: every string in the code is translated."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LOCALE = PACKAGE / "locale"
LANGUAGES = ("ar", "fr")


def _catalog(language: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entries(language):
    catalog = _catalog(language)
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    """A translation must keep every %(name)s and {{ name }} placeholder of its source."""
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}|\{\w+\}")
    broken = []
    for entry in _catalog(language).translated_entries():
        wanted = sorted(pattern.findall(entry.msgid))
        if entry.msgid_plural:
            got = [sorted(pattern.findall(v)) for v in entry.msgstr_plural.values()]
            if any(sorted(set(g)) != sorted(set(wanted)) and g for g in got):
                broken.append(entry.msgid)
        elif sorted(pattern.findall(entry.msgstr)) != wanted:
            broken.append(entry.msgid)
    assert broken == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_every_string_in_the_code_is_in_the_catalogs(tmp_path):
    """Regenerate the catalog from the code into a copy and compare the message ids."""
    copy = tmp_path / "sanad"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "vendor"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "fr",
            "--no-obsolete",
            "--ignore=tests/*",
            "-v0",
        ],
        cwd=copy,
        check=True,
        # No settings: makemessages then writes only into the copy's own locale folder.
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE.parent)},
    )
    fresh = {
        e.msgid for e in polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")) if e.msgid
    }
    for language in LANGUAGES:
        shipped = {e.msgid for e in _catalog(language) if not e.obsolete}
        missing = sorted(fresh - shipped)
        assert missing == [], f"{language}: run `make messages` and translate: {missing[:10]}"
