"""Numbers and country names follow the page language."""

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from sanad.core.templatetags.sanad_countries import country_name_filter


def test_large_numbers_are_grouped_in_every_language():
    expected = {"en": "787,326", "ar": "787.326", "fr": "787\xa0326"}
    for language, text in expected.items():
        with translation.override(language):
            assert intcomma(787326) == text, language


def test_country_names_follow_the_language_and_keep_published_english_labels():
    with translation.override("ar"):
        assert country_name_filter("EGY", "Egypt") == "مصر"
    with translation.override("fr"):
        assert country_name_filter("EGY", "Egypt") == "Égypte"
    with translation.override("en"):
        assert country_name_filter("SYR", "Syria") == "Syria"
        assert country_name_filter("SYR") == "Syria"  # the ISO short name this table ships
        assert country_name_filter("XXX", "Other") == "Other"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "2026-03-11 09:05"), ("ar", "2026-03-11 09:05"), ("fr", "11/03/2026 09:05")],
)
def test_short_dates_are_never_month_first(language, expected):
    """11 March must not read as 3 November: ISO order in English and Arabic, day first in French."""
    import datetime

    from django.utils import formats, translation

    moment = datetime.datetime(2026, 3, 11, 9, 5)
    with translation.override(language):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == expected
