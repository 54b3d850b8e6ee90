"""Shared form pieces."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ImproperlyConfigured
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


class RecordOptionsMixin:
    """Options that name records — a team, a site, a user — are data as entered, not UI text:
    each ``<option>`` (or checkbox) gets ``translate="no"``, so browsers' translators and the
    Arabic-page check leave them alone. The empty choice ("---------") stays UI text."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if isinstance(value, ModelChoiceIteratorValue):
            option["attrs"] = {**option["attrs"], "translate": "no"}
        return option


class RecordSelect(RecordOptionsMixin, forms.Select):
    pass


class RecordSelectMultiple(RecordOptionsMixin, forms.SelectMultiple):
    pass


class RecordCheckboxSelectMultiple(RecordOptionsMixin, forms.CheckboxSelectMultiple):
    pass


class RecordRadioSelect(RecordOptionsMixin, forms.RadioSelect):
    pass


def _check_record_field(field, to_field_name) -> None:
    if to_field_name in (None, "", "pk", "id"):
        raise ImproperlyConfigured("A choice of records posts a public identifier (uuid), never its key.")
    if not isinstance(field.widget, RecordOptionsMixin | forms.HiddenInput | forms.MultipleHiddenInput):
        raise ImproperlyConfigured(
            f"{type(field.widget).__name__}: a choice of records uses a Record… widget (RecordSelect, …)."
        )


class UUIDModelChoiceField(forms.ModelChoiceField):
    """A choice of one record: the page's options and the posted value are the record's UUID
    (integer keys stay internal), and its options are marked as data. ``to_field_name`` may name
    another public identifier (a P-code)."""

    widget = RecordSelect

    def __init__(self, queryset=None, *, to_field_name: str = "uuid", **kwargs):
        super().__init__(queryset, to_field_name=to_field_name, **kwargs)
        _check_record_field(self, to_field_name)


class UUIDModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several records, posted as their UUIDs (see :class:`UUIDModelChoiceField`)."""

    widget = RecordSelectMultiple

    def __init__(self, queryset=None, *, to_field_name: str = "uuid", **kwargs):
        super().__init__(queryset, to_field_name=to_field_name, **kwargs)
        _check_record_field(self, to_field_name)
