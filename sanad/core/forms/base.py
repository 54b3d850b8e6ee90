"""Shared form pieces."""

from __future__ import annotations

import uuid

from django import forms
from django.forms.models import ModelChoiceIteratorValue

# Bootstrap classes of the widgets most forms declare by hand.
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class IdempotentFormMixin(forms.Form):
    """A hidden key generated when the form is first shown; a re-submitted form reuses it, so the
    service returns the record the first submission created instead of creating a second."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class LanguageSelect(forms.Select):
    """A choice of language: each option names its language in that language ("English",
    "Français") and says so with ``lang``, so it is read (and left untranslated) as such."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


def mark_record_choices_as_data() -> None:
    """Options that name records — a team, a site, a user: the choices of every ModelChoiceField
    and ModelMultipleChoiceField — are data as entered, not UI text: each ``<option>`` (or
    checkbox) gets ``translate="no"``, so browsers' translators and the Arabic-page check leave
    them alone. Installed once, from CoreConfig.ready, for the select widgets of every form."""
    original = forms.widgets.ChoiceWidget.create_option
    if getattr(original, "marks_records", False):
        return

    def create_option(self, name, value, *args, **kwargs):
        option = original(self, name, value, *args, **kwargs)
        if isinstance(value, ModelChoiceIteratorValue):
            option["attrs"] = {**option["attrs"], "translate": "no"}
        return option

    create_option.marks_records = True
    forms.widgets.ChoiceWidget.create_option = create_option
