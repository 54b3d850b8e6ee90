"""The possible-duplicates list's filters, declared once for the page and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.core.lists import ListFilterSet
from sanad.matching.models import Band, DuplicatePair
from sanad.registry.models import Person

SELECT = {"class": "form-select"}


class PairFilterSet(ListFilterSet):
    band = django_filters.ChoiceFilter(
        label=_("Band"),
        choices=Band.choices,
        empty_label=_("All"),
        help_text="duplicate | review",
        widget=forms.Select(attrs=SELECT),
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"),
        choices=DuplicatePair.Source.choices,
        empty_label=_("All"),
        help_text="batch | realtime",
        widget=forms.Select(attrs=SELECT),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=DuplicatePair.Status.choices,
        empty_label=_("All"),
        method="filter_status",
        initial=DuplicatePair.Status.OPEN,
        help_text="open (default) | same_person | different_people | '' (any)",
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = DuplicatePair
        fields: list[str] = []

    def adjust_form(self, form) -> None:
        # The page offers the two bands worth reviewing.
        form.fields["band"].widget.choices = [("", _("All")), *Band.choices[:2]]

    def filter_status(self, queryset, name, value):
        pairs = queryset.filter(status=value)
        if value == DuplicatePair.Status.OPEN:
            pairs = pairs.filter(person_a__status=Person.Status.ACTIVE, person_b__status=Person.Status.ACTIVE)
        return pairs
