"""The core lists' filters (units, teams, users), declared once."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanad.core.lists import ListFilterSet, YesNoFilter
from sanad.core.models import Team, TeamMembership, Unit, User
from sanad.core.permissions import ROLES
from sanad.core.selectors.lookup import parse_uuid


class UserFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="filter_search")
    # A malformed uuid in a bookmarked link is ignored, not an error (as the page always did).
    agency = django_filters.CharFilter(label=_("Agency"), method="filter_agency", help_text="An agency uuid")
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=lambda: [(code, spec.label) for code, spec in ROLES.items()],
        method="filter_role",
    )
    team = django_filters.CharFilter(label=_("Team"), method="filter_team", help_text="A team uuid")
    active = YesNoFilter(label=_("Status"), field_name="is_active", widget=forms.Select)

    class Meta:
        model = User
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )

    def filter_role(self, queryset, name, value):
        return queryset.filter(pk__in=User.objects.filter(roles__code=value).values("pk"))

    def filter_agency(self, queryset, name, value):
        key = parse_uuid(value)
        return queryset.filter(agency__uuid=key) if key is not None else queryset

    def filter_team(self, queryset, name, value):
        key = parse_uuid(value)
        if key is None:
            return queryset
        return queryset.filter(pk__in=TeamMembership.objects.filter(team__uuid=key).values("user_id"))


class UnitFilterSet(ListFilterSet):
    agency = django_filters.UUIDFilter(
        label=_("Agency"), field_name="agency__uuid", help_text="Only records of this agency (uuid)."
    )

    class Meta:
        model = Unit
        fields: list[str] = []


class TeamFilterSet(ListFilterSet):
    agency = django_filters.UUIDFilter(
        label=_("Agency"), field_name="agency__uuid", help_text="Only records of this agency (uuid)."
    )
    unit = django_filters.UUIDFilter(
        label=_("Unit"), field_name="unit__uuid", help_text="Only teams of this unit (uuid)."
    )

    class Meta:
        model = Team
        fields: list[str] = []
