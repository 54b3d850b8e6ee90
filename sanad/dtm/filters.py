"""The flow counts' filters, declared once for the pages, the API and the exports."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.core.lists import ListFilterSet
from sanad.dtm.models import DetentionSnapshot, EmergencyEvent, FlowCount, Population, Round

DATE = {"type": "date", "class": "form-control"}
PERIODS = [("week", _("Week")), ("month", _("Month"))]


class FlowFilterSet(ListFilterSet):
    point = django_filters.UUIDFilter(
        label=_("Point"),
        method="filter_point",
        help_text="uuid of a flow-monitoring point",
        widget=forms.HiddenInput,
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=forms.DateInput(attrs=DATE)
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=forms.DateInput(attrs=DATE)
    )
    direction = django_filters.ChoiceFilter(
        label=_("Direction"), choices=FlowCount.Direction.choices, widget=forms.HiddenInput
    )

    class Meta:
        model = FlowCount
        fields: list[str] = []

    def adjust_form(self, form) -> None:
        # How the page groups its totals: a choice of the page, not a filter.
        form.fields["period"] = forms.ChoiceField(
            label=_("Totals per"),
            required=False,
            choices=PERIODS,
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    def filter_point(self, queryset, name, value):
        from sanad.dtm.selectors.flows import flow_point_get

        # A point out of scope is not found (404), as on its own URL.
        return queryset.filter(point=flow_point_get(actor=self.actor, uuid=value))


class RoundFilterSet(ListFilterSet):
    population = django_filters.ChoiceFilter(label=_("Population"), choices=Population.choices)

    class Meta:
        model = Round
        fields: list[str] = []


class EventFilterSet(ListFilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="event_type", choices=EmergencyEvent.Type.choices
    )

    class Meta:
        model = EmergencyEvent
        fields: list[str] = []


class DetentionSnapshotFilterSet(ListFilterSet):
    centre = django_filters.UUIDFilter(
        label=_("Detention centre"), method="filter_centre", help_text="uuid of a detention centre"
    )

    class Meta:
        model = DetentionSnapshot
        fields: list[str] = []

    def filter_centre(self, queryset, name, value):
        from sanad.dtm.selectors.detention import detention_centre_get

        # A centre out of scope is not found (404), as on its own URL.
        return queryset.filter(centre=detention_centre_get(actor=self.actor, uuid=value))
