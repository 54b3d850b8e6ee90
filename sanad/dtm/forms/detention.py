"""The detention-centre snapshot form."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.core.forms.base import IdempotentFormMixin
from sanad.dtm.forms.flows import NationalityRowsMixin, _number
from sanad.dtm.models.detention import CONDITIONS, Rating

CONDITION_LABELS = {
    "water": _("Water"),
    "sanitation": _("Sanitation"),
    "health_access": _("Access to health care"),
    "food": _("Food"),
}


class DetentionSnapshotForm(IdempotentFormMixin, NationalityRowsMixin, forms.Form):
    centre = forms.ChoiceField(
        label=_("Detention centre"), widget=forms.Select(attrs={"class": "form-select"})
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    occupancy = _number(_("People held"), required=True)
    capacity = _number(_("Official capacity"))
    adult_men = _number(_("Adult men"))
    adult_women = _number(_("Adult women"))
    boys = _number(_("Boys"))
    girls = _number(_("Girls"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2})
    )

    def __init__(self, *args, centres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].choices = [(str(c.uuid), c.name) for c in centres]
        self.initial.setdefault("date", datetime.date.today())
        for key in CONDITIONS:
            self.fields[key] = forms.ChoiceField(
                label=CONDITION_LABELS[key],
                required=False,
                choices=[("", _("Not assessed")), *Rating.choices],
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
        self.add_nationality_rows()

    def condition_pairs(self):
        for key in CONDITIONS:
            yield self[key], self[f"{key}_note"]
