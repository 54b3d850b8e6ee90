"""A form's choice of records posts the record's UUID (never its integer key) and marks the
records' names as data (translate="no")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from sanad.core.forms.base import (
    RecordCheckboxSelectMultiple,
    UUIDModelChoiceField,
    UUIDModelMultipleChoiceField,
)
from sanad.core.models import Agency
from sanad.core.tests.factories import AgencyFactory

SANAD = Path(__file__).resolve().parents[2]
CORE_FIELDS = {"sanad/core/forms/base.py", "sanad/core/lists.py"}
PLAIN = {"ModelChoiceField", "ModelMultipleChoiceField", "ModelChoiceFilter", "ModelMultipleChoiceFilter"}


class _AgencyForm(forms.Form):
    agency = UUIDModelChoiceField(queryset=Agency.objects.order_by("code"), required=False)
    agencies = UUIDModelMultipleChoiceField(
        queryset=Agency.objects.order_by("code"), required=False, widget=RecordCheckboxSelectMultiple
    )


@pytest.mark.django_db
def test_options_carry_the_uuid_and_are_marked_as_data():
    agency = AgencyFactory(code="rc-a", name_en="Relief Agency")
    html = str(_AgencyForm()["agency"])
    assert f'<option value="{agency.uuid}" translate="no">' in html
    assert f'value="{agency.pk}"' not in html
    assert '<option value="" selected>---------</option>' in html  # the empty choice is UI text
    boxes = str(_AgencyForm()["agencies"])
    assert f'value="{agency.uuid}"' in boxes
    assert 'translate="no"' in boxes


@pytest.mark.django_db
def test_a_posted_uuid_is_the_record_and_an_integer_key_is_refused():
    agency = AgencyFactory(code="rc-b")
    form = _AgencyForm({"agency": str(agency.uuid), "agencies": [str(agency.uuid)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agency"] == agency
    assert list(form.cleaned_data["agencies"]) == [agency]

    refused = _AgencyForm({"agency": str(agency.pk), "agencies": [str(agency.pk)]})
    assert not refused.is_valid()
    assert set(refused.errors) == {"agency", "agencies"}
    assert not _AgencyForm({"agency": "not-a-uuid"}).is_valid()


def test_a_choice_of_records_refuses_the_integer_key_and_unmarked_widgets():
    with pytest.raises(ImproperlyConfigured):
        UUIDModelChoiceField(queryset=Agency.objects.none(), to_field_name="pk")
    with pytest.raises(ImproperlyConfigured):
        UUIDModelChoiceField(queryset=Agency.objects.none(), to_field_name=None)
    with pytest.raises(ImproperlyConfigured):
        UUIDModelChoiceField(queryset=Agency.objects.none(), widget=forms.Select)
    # Another public identifier may be named (a P-code).
    assert UUIDModelChoiceField(queryset=Agency.objects.none(), to_field_name="code").to_field_name == "code"


def test_no_form_declares_a_plain_model_choice_field():
    """Every choice of records goes through the core fields, so none posts an integer key."""
    plain = []
    for path in sorted(SANAD.rglob("*.py")):
        relative = path.relative_to(SANAD.parent).as_posix()
        if (
            "/tests/" in relative
            or "/migrations/" in relative
            or relative in {"sanad/core/forms/base.py", "sanad/core/lists.py"}
        ):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
            if name in {
                "ModelChoiceField",
                "ModelMultipleChoiceField",
                "ModelChoiceFilter",
                "ModelMultipleChoiceFilter",
            }:
                plain.append(f"{relative}:{node.lineno}")
    assert plain == []
