"""The audit page names kinds of objects and fields in the reader's language, or shows the code.

Django derives a default name from a model's or field's code ("follow up of", "store"): that
default is English on every page, so it must not be shown as if it were a translated label.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from sanad.core.audit_labels import field_label, object_type_label

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize(
    ("object_type", "field"),
    [
        ("feedback.ticket", "routed_to_admins"),
        ("assistance.cashplan", "follow_up_of"),
        ("assistance.store", "agency"),
    ],
)
def test_a_field_without_a_translatable_name_has_no_label(object_type, field):
    with translation.override("ar"):
        assert field_label(object_type, field) == ""


def test_translatable_names_come_out_in_the_readers_language():
    with translation.override("ar"):
        assert ARABIC.search(object_type_label("core.agency"))
        assert ARABIC.search(object_type_label("assistance.store"))
        assert ARABIC.search(field_label("core.team", "unit"))
