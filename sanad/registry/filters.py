"""The people list's filters, declared once for the page, the API and list criteria."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, IntegerField, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanad.core.countries import country_choices
from sanad.core.forms.base import SELECT, TEXT, RecordSelect
from sanad.core.lists import ListFilterSet, UUIDModelChoiceFilter, use_field
from sanad.core.models import Team
from sanad.core.selectors.organisation import team_list
from sanad.geo.forms import admin_unit_field
from sanad.geo.models import AdminUnit, Site
from sanad.geo.selectors import admin_unit_list, site_list
from sanad.registry.models import Person, PersonFlag, PopulationGroup, Sex, VulnerabilityFlag

# How many best-ranked people a search returns.
SEARCH_LIMIT = 100


class PersonFilterSet(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=200,
        method="filter_search",
        help_text=_("A name in any script or spelling, a phone, a document number or a reference"),
        widget=forms.TextInput(
            attrs={
                **TEXT,
                "type": "search",
                "placeholder": _("Name in any script, phone, document or reference"),
                "autofocus": "",
            }
        ),
    )
    population_group = django_filters.ChoiceFilter(
        label=_("Population group"),
        choices=PopulationGroup.choices,
        empty_label=_("All groups"),
        widget=forms.Select(attrs=SELECT),
    )
    nationality = django_filters.CharFilter(
        label=_("Nationality"),
        max_length=3,
        method="filter_nationality",
        help_text="ISO 3166 alpha-3",
    )
    sex = django_filters.ChoiceFilter(
        label=_("Sex"), choices=Sex.choices, empty_label=_("Any"), widget=forms.Select(attrs=SELECT)
    )
    flag = django_filters.ChoiceFilter(
        label=_("Vulnerability"),
        choices=VulnerabilityFlag.choices,
        empty_label=_("Any"),
        method="filter_flag",
        widget=forms.Select(attrs=SELECT),
    )
    admin_unit = UUIDModelChoiceFilter(label=_("Location"), queryset=AdminUnit.objects.none())
    site = UUIDModelChoiceFilter(
        label=_("Site"),
        queryset=Site.objects.none(),
        empty_label=_("Any site"),
        widget=RecordSelect(attrs=SELECT),
    )
    team = UUIDModelChoiceFilter(
        label=_("Team"),
        queryset=Team.objects.none(),
        empty_label=_("Any team"),
        widget=RecordSelect(attrs=SELECT),
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def configure(self) -> None:
        actor = self.actor
        # The picker offers baladiyas and muhallas; any unit in scope is accepted (list criteria
        # name regions too).
        location = admin_unit_field(
            actor=actor, required=False, label=_("Location"), levels=(3, 4), blank_label=_("Anywhere")
        )
        location.queryset = admin_unit_list(actor=actor)
        use_field(self.filters["admin_unit"], location)
        self.filters["site"].queryset = site_list(actor=actor)
        self.filters["team"].queryset = team_list(actor=actor, agency=getattr(actor, "agency", None))

    def adjust_form(self, form) -> None:
        form.fields["nationality"].widget = forms.Select(
            attrs=SELECT,
            choices=[("", _("All nationalities")), *country_choices(get_language(), nationalities=True)],
        )

    def filter_search(self, queryset, name, value):
        """Only the best-ranked people the search finds, best first."""
        from sanad.registry.selectors import person_search

        ids = [person.pk for person in person_search(actor=self.actor, text=value, limit=SEARCH_LIMIT)]
        rank = Case(*[When(pk=pk, then=i) for i, pk in enumerate(ids)], output_field=IntegerField())
        return queryset.filter(pk__in=ids).order_by(rank) if ids else queryset.none()

    def filter_nationality(self, queryset, name, value):
        return queryset.filter(nationality=value.upper())

    def filter_flag(self, queryset, name, value):
        return queryset.filter(pk__in=PersonFlag.objects.filter(flag=value).values("person_id"))
