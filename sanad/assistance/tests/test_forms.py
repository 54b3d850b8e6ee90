"""The household-size band lines typed in the cash-plan and entitlement-rule forms."""

from __future__ import annotations

import pytest
from django import forms

from sanad.assistance.forms import household_size_bands


def test_bands_parse_ranges_open_ends_and_values():
    text = "1-3=300.000\n\n 4+ = 450.500 "
    assert household_size_bands(text, str.strip, "line %(n)d") == [(1, 3, "300.000"), (4, None, "450.500")]
    assert household_size_bands("1-2=1\n3+=2", int, "line %(n)d") == [(1, 2, 1), (3, None, 2)]


@pytest.mark.parametrize("line", ["1-3", "a-3=1", "3=1", "1-3=x"])
def test_a_bad_line_is_named(line):
    with pytest.raises(forms.ValidationError) as exc:
        household_size_bands(f"1-2=1\n{line}", int, "line %(n)d")
    assert exc.value.messages == ["line 2"]
