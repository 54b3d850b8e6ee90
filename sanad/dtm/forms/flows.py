"""Forms of flow monitoring: the daily count (phone-sized) and the list filter."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.core.countries import country_choices
from sanad.core.forms.base import IdempotentFormMixin
from sanad.dtm.models.flows import FlowCount

NATIONALITY_ROWS = 4


def _number(label, required=False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric", "min": 0}),
    )


class NationalityRowsMixin(forms.Form):
    """A few (nationality, individuals) rows; empty rows are ignored."""

    def add_nationality_rows(self, count: int = NATIONALITY_ROWS) -> None:
        choices = [("", _("— nationality —")), *country_choices()]
        for i in range(count):
            self.fields[f"nationality_{i}"] = forms.ChoiceField(
                label=_("Nationality"),
                required=False,
                choices=choices,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"nationality_count_{i}"] = _number(_("Individuals"))

    def nationality_rows(self) -> list[tuple[str, int | None]]:
        rows = []
        i = 0
        while f"nationality_{i}" in self.fields:
            rows.append(
                (
                    self.cleaned_data.get(f"nationality_{i}") or "",
                    self.cleaned_data.get(f"nationality_count_{i}"),
                )
            )
            i += 1
        return [(code, n) for code, n in rows if code or n]

    def nationality_pairs(self):
        i = 0
        while f"nationality_{i}" in self.fields:
            yield self[f"nationality_{i}"], self[f"nationality_count_{i}"]
            i += 1


class FlowCountForm(IdempotentFormMixin, NationalityRowsMixin, forms.Form):
    point = forms.ChoiceField(
        label=_("Flow-monitoring point"), widget=forms.Select(attrs={"class": "form-select"})
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=FlowCount.Direction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    route_country = forms.ChoiceField(
        label=_("Coming from / going to (country)"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    route_admin_unit = forms.CharField(
        label=_("Coming from / going to (baladiya P-code)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control", "autocapitalize": "characters"}),
    )
    total = _number(_("Total people"), required=True)
    adult_men = _number(_("Adult men"))
    adult_women = _number(_("Adult women"))
    boys = _number(_("Boys"))
    girls = _number(_("Girls"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2})
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [(str(p.uuid), p.name) for p in points]
        self.fields["route_country"].choices = [("", _("— none —")), *country_choices()]
        self.initial.setdefault("date", datetime.date.today())
        self.add_nationality_rows()
