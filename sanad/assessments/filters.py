"""The assessments list's filters, declared once for the page and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sanad.assessments.models import Assessment, Priority
from sanad.core.forms.base import RecordSelect, UUIDModelChoiceField
from sanad.core.lists import ListFilterSet, UUIDModelChoiceFilter, use_field
from sanad.core.models import Team

SMALL_SELECT = {"class": "form-select form-select-sm"}


class _TeamChoiceField(UUIDModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class AssessmentFilterSet(ListFilterSet):
    instrument = django_filters.CharFilter(
        label=_("Instrument"), field_name="instrument__code", help_text="An instrument code"
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priority"),
        choices=Priority.choices,
        empty_label=_("Any priority"),
        widget=forms.Select(attrs=SMALL_SELECT),
    )
    team = UUIDModelChoiceFilter(label=_("Team"), queryset=Team.objects.none(), help_text="A team uuid")
    person = django_filters.UUIDFilter(
        label=_("Person"), method="filter_person", help_text="A person uuid", widget=forms.HiddenInput
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    def configure(self) -> None:
        from sanad.core.selectors.organisation import team_list

        teams = _TeamChoiceField(
            queryset=team_list(actor=self.actor, action="assessments.view"),
            required=False,
            label=_("Team"),
            empty_label=_("Any team"),
            widget=RecordSelect(attrs=SMALL_SELECT),
            error_messages={"invalid_choice": _("Not found.")},
        )
        use_field(self.filters["team"], teams)

    def adjust_form(self, form) -> None:
        from sanad.assessments.selectors import instrument_list

        form.fields["instrument"].widget = forms.Select(
            attrs=SMALL_SELECT,
            choices=[
                ("", _("Any instrument")),
                *[(i.code, i.name) for i in instrument_list(actor=self.actor)],
            ],
        )

    def filter_person(self, queryset, name, value):
        from sanad.registry.selectors import person_get

        try:
            person = person_get(actor=self.actor, uuid=value)
        except Http404:
            raise ValidationError({"person": [_("Not found.")]}) from None
        return queryset.filter(person=person)
