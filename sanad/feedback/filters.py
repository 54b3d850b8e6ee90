"""The ticket queue's filters, declared once for the page and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.core.forms.base import SELECT, TEXT
from sanad.core.lists import ListFilterSet, YesNoFilter
from sanad.feedback.models import (
    OPEN_STATUSES,
    SENSITIVE_CATEGORIES,
    Category,
    Channel,
    Priority,
    Status,
    Ticket,
)


class TicketFilterSet(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Reference or phone"),
        max_length=40,
        method="filter_search",
        widget=forms.TextInput(attrs={**TEXT, "type": "search", "placeholder": _("Reference or phone")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open")), *Status.choices],
        empty_label=_("All"),
        method="filter_status",
        widget=forms.Select(attrs=SELECT),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=[*Category.choices, ("sensitive", _("Sensitive (focal points only)"))],
        empty_label=_("All categories"),
        method="filter_category",
        widget=forms.Select(attrs=SELECT),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"),
        choices=Channel.choices,
        empty_label=_("All channels"),
        widget=forms.Select(attrs=SELECT),
    )
    priority = django_filters.ChoiceFilter(
        label=_("Urgency"),
        choices=Priority.choices,
        empty_label=_("Any urgency"),
        widget=forms.Select(attrs=SELECT),
    )
    assigned = django_filters.ChoiceFilter(
        label=_("Assigned"),
        choices=[("me", _("To me")), ("unassigned", _("Nobody yet"))],
        empty_label=_("Anyone"),
        method="filter_assigned",
        widget=forms.Select(attrs=SELECT),
    )
    overdue = YesNoFilter(label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput)

    class Meta:
        model = Ticket
        fields: list[str] = []

    def adjust_form(self, form) -> None:
        # The page offers the sensitive categories as one group; the API may name each.
        form.fields["category"].widget.choices = [
            ("", _("All categories")),
            *[(c.value, c.label) for c in Category if c not in SENSITIVE_CATEGORIES],
            ("sensitive", _("Sensitive (focal points only)")),
        ]
        # The page lists "Open" first, then every status.
        form.fields["status"].widget.choices = [("open", _("Open")), ("", _("All")), *Status.choices]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(reference__iexact=value) | Q(caller_phone=value))

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_category(self, queryset, name, value):
        if value == "sensitive":
            return queryset.filter(category__in=[str(c) for c in SENSITIVE_CATEGORIES])
        return queryset.filter(category=value)

    def filter_assigned(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assigned_to=self.actor)
        return queryset.filter(assigned_to__isnull=True)

    def filter_overdue(self, queryset, name, value):
        # The selector annotates each ticket's ``due``.
        return queryset.filter(due__lt=timezone.now()) if value else queryset
