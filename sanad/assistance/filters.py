"""The assistance lists' filters, declared once for the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.assistance.models import CashPlan, Distribution, Payment, StockMovement
from sanad.core.lists import ListFilterSet

SELECT = {"class": "form-select"}


class DistributionFilterSet(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Reference or title"),
        max_length=100,
        method="filter_search",
        widget=forms.TextInput(
            attrs={"class": "form-control", "type": "search", "placeholder": _("Reference or title")}
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Distribution.Status.choices,
        empty_label=_("Any status"),
        widget=forms.Select(attrs=SELECT),
    )
    modality = django_filters.ChoiceFilter(
        label=_("Modality"), choices=Distribution.Modality.choices, widget=forms.HiddenInput
    )

    class Meta:
        model = Distribution
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(reference__iexact=value) | Q(title__icontains=value))


class CashPlanFilterSet(ListFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CashPlan.Status.choices,
        empty_label=_("Any status"),
        widget=forms.Select(attrs={**SELECT, "style": "max-width:20em"}),
    )

    class Meta:
        model = CashPlan
        fields: list[str] = []


class PaymentFilterSet(ListFilterSet):
    plan = django_filters.UUIDFilter(label=_("Cash plan"), method="filter_plan", help_text="Cash plan UUID")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Payment.Status.choices)

    class Meta:
        model = Payment
        fields: list[str] = []

    def filter_plan(self, queryset, name, value):
        from sanad.assistance.selectors import cash_plan_get

        # A plan out of scope is not found (404), as on its own URL.
        return queryset.filter(plan=cash_plan_get(actor=self.actor, uuid=value))


class MovementFilterSet(ListFilterSet):
    store = django_filters.UUIDFilter(label=_("Store"), method="filter_store", help_text="Store UUID")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=StockMovement.Kind.choices)

    class Meta:
        model = StockMovement
        fields: list[str] = []

    def filter_store(self, queryset, name, value):
        from sanad.assistance.selectors import store_get

        # A store out of scope is not found (404), as on its own URL.
        return queryset.filter(store=store_get(actor=self.actor, uuid=value))
