"""The case and service lists' filters, declared once for the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseStatus,
    CaseType,
    Modality,
    RiskLevel,
    ServiceDelivery,
    ServiceType,
)
from sanad.core.forms.base import SELECT, TEXT, RecordSelect
from sanad.core.lists import ListFilterSet, UUIDModelChoiceFilter, YesNoFilter
from sanad.core.models import Team, User

ALL = _("All")


class CaseFilterSet(ListFilterSet):
    case_type = django_filters.ChoiceFilter(
        label=_("Case type"), choices=CaseType.choices, empty_label=ALL, widget=forms.Select(attrs=SELECT)
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Active")), *CaseStatus.choices],
        empty_label=ALL,
        method="filter_status",
        widget=forms.Select(attrs=SELECT),
    )
    risk_level = django_filters.ChoiceFilter(
        label=_("Risk level"), choices=RiskLevel.choices, empty_label=ALL, widget=forms.Select(attrs=SELECT)
    )
    owner = UUIDModelChoiceFilter(
        label=_("Caseworker"), queryset=User.objects.none(), widget=RecordSelect(attrs=SELECT)
    )
    team = UUIDModelChoiceFilter(
        label=_("Team"), queryset=Team.objects.none(), widget=RecordSelect(attrs=SELECT)
    )
    overdue = YesNoFilter(
        label=_("With overdue follow-ups"), method="filter_overdue", widget=forms.CheckboxInput
    )
    person = django_filters.UUIDFilter(
        label=_("Person"), method="filter_person", help_text="A person's uuid", widget=forms.HiddenInput
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def configure(self) -> None:
        from sanad.cases.selectors import assignable_users, teams_for_cases

        self.filters["owner"].queryset = assignable_users(actor=self.actor)
        self.filters["team"].queryset = teams_for_cases(actor=self.actor, action="cases.view")

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(status__in=list(ACTIVE_STATUSES))
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        # The selector annotates ``has_overdue``; "no" does not narrow, as it never did.
        return queryset.filter(has_overdue=True) if value else queryset

    def filter_person(self, queryset, name, value):
        from sanad.registry.selectors import person_get

        # A person the actor may not see is not found (404), as on the person's own URL.
        return queryset.filter(person=person_get(actor=self.actor, uuid=value))


class ServiceFilterSet(ListFilterSet):
    service_type = django_filters.ChoiceFilter(
        label=_("Service"), choices=ServiceType.choices, empty_label=ALL, widget=forms.Select(attrs=SELECT)
    )
    modality = django_filters.ChoiceFilter(
        label=_("Mode of delivery"),
        choices=Modality.choices,
        empty_label=ALL,
        widget=forms.Select(attrs=SELECT),
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="delivered_at",
        lookup_expr="date__gte",
        help_text="YYYY-MM-DD",
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="delivered_at",
        lookup_expr="date__lte",
        help_text="YYYY-MM-DD",
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
    )

    class Meta:
        model = ServiceDelivery
        fields: list[str] = []
