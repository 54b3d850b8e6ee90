"""Forms of the DTM pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.core.forms.base import IdempotentFormMixin
from sanad.dtm.models import Population
from sanad.dtm.selectors.rounds import PlanningWeights
from sanad.dtm.vocabulary import need_label


class RoundImportForm(IdempotentFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Published DTM file (XLSX workbook, or CSV for IDP / returnee baselines)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
    number = forms.IntegerField(
        label=_("Round number"),
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    population = forms.ChoiceField(
        label=_("Population"),
        choices=Population.choices,
        initial=Population.MIGRANTS,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class RoundFilterForm(forms.Form):
    """Which round a page shows: a round (uuid) or the latest of a population."""

    round = forms.ChoiceField(
        label=_("Round"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    population = forms.ChoiceField(
        label=_("Population"),
        required=False,
        choices=[("", _("Migrants (latest round)")), *Population.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("Latest round"))] + [(str(r.uuid), str(r)) for r in rounds]


def _weight(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class PlanningForm(forms.Form):
    round = forms.ChoiceField(
        label=_("Round"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    level = forms.ChoiceField(
        label=_("Places"),
        required=False,
        choices=[("muhalla", _("Muhallas")), ("baladiya", _("Baladiyas"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    w_migrants = _weight(_("Weight: number of migrants"))
    w_needs = _weight(_("Weight: priority needs the team answers"))
    w_shelter = _weight(_("Weight: share without adequate shelter"))
    w_arrivals = _weight(_("Weight: share of recent arrivals"))
    needs = forms.MultipleChoiceField(
        label=_("Needs the team answers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, rounds=(), need_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("Latest migrant round"))] + [
            (str(r.uuid), str(r)) for r in rounds
        ]
        self.fields["needs"].choices = [(n, need_label(n)) for n in need_choices]
        defaults = PlanningWeights()
        for name, attr in self.WEIGHT_FIELDS.items():
            self.fields[name].initial = getattr(defaults, attr)

    WEIGHT_FIELDS = {
        "w_migrants": "migrants",
        "w_needs": "needs",
        "w_shelter": "without_shelter",
        "w_arrivals": "recent_arrivals",
    }

    def weights(self) -> PlanningWeights:
        defaults = PlanningWeights()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        values = {}
        for name, attr in self.WEIGHT_FIELDS.items():
            value = data.get(name)
            values[attr] = getattr(defaults, attr) if value is None else value
        return PlanningWeights(**values)
