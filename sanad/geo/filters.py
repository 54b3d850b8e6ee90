"""The gazetteer lists' filters, declared once for the pages, the API and other modules' choices."""

from __future__ import annotations

from uuid import UUID

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sanad.core.forms.base import UUIDModelChoiceField
from sanad.core.lists import ListFilterSet, UUIDModelChoiceFilter, YesNoFilter, use_field
from sanad.geo.models import AdminUnit, Site

SELECT = {"class": "form-select"}


class AdminUnitReferenceField(UUIDModelChoiceField):
    """An administrative unit named by its uuid (the page's picker) or its P-code (API clients)."""

    default_error_messages = {"invalid_choice": _("No administrative unit has this uuid or P-code.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, AdminUnit):
            value = value.uuid
        text = str(value).strip()
        try:
            lookup = {"uuid": UUID(text)}
        except ValueError:
            lookup = {"pcode": text.upper()}
        unit = self.queryset.filter(**lookup).first()
        if unit is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return unit


def admin_unit_reference_field(actor, *, label, levels=(), blank_label=""):
    """A filter's place: the page's picker (``levels`` offered), any unit in scope accepted by
    uuid or P-code."""
    from sanad.geo.forms import admin_unit_field
    from sanad.geo.selectors import admin_unit_list

    field = admin_unit_field(
        actor=actor, required=False, label=label, levels=levels, blank_label=blank_label, help_text=""
    )
    return AdminUnitReferenceField(
        queryset=admin_unit_list(actor=actor),
        required=False,
        label=label,
        widget=field.widget,
    )


class AdminUnitFilterSet(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=100,
        method="filter_search",
        help_text="Search names (English or Arabic) and P-codes",
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": _("Name or P-code")}
        ),
    )
    level = django_filters.TypedChoiceFilter(
        label=_("Level"),
        choices=[("", _("All levels")), *AdminUnit.Level.choices],
        coerce=int,
        empty_value=None,
        help_text="1 region, 2 mantika, 3 baladiya, 4 muhalla",
        widget=forms.Select(attrs=SELECT),
    )
    parent = UUIDModelChoiceFilter(
        label=_("Within"),
        queryset=AdminUnit.objects.none(),
        help_text="uuid or P-code of the parent unit",
    )

    class Meta:
        model = AdminUnit
        fields: list[str] = []

    def configure(self) -> None:
        use_field(
            self.filters["parent"],
            admin_unit_reference_field(
                self.actor, label=_("Within"), levels=(1, 2, 3), blank_label=_("Anywhere")
            ),
        )

    def filter_search(self, queryset, name, value):
        from sanad.geo.selectors import ADMIN_UNIT_SEARCH_FIELDS, name_search_q

        return queryset.filter(name_search_q(value, ADMIN_UNIT_SEARCH_FIELDS))


ACTIVE_CHOICES = [("", _("Active and inactive")), ("yes", _("Active")), ("no", _("Inactive"))]


class SiteFilterSet(ListFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=100,
        method="filter_search",
        help_text="Search site and place names (English or Arabic), P-codes",
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": _("Name, place or P-code")}
        ),
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        field_name="site_type",
        choices=Site.Type.choices,
        empty_label=_("All types"),
        widget=forms.Select(attrs=SELECT),
    )
    admin_unit = UUIDModelChoiceFilter(
        label=_("Place"),
        queryset=AdminUnit.objects.none(),
        method="filter_within",
        help_text="uuid or P-code; sites in this unit and all units under it",
    )
    active = YesNoFilter(
        label=_("Status"),
        field_name="is_active",
        help_text="true: active sites only; false: inactive only",
        widget=forms.Select(attrs=SELECT, choices=ACTIVE_CHOICES),
    )

    class Meta:
        model = Site
        fields: list[str] = []

    def configure(self) -> None:
        use_field(
            self.filters["admin_unit"],
            admin_unit_reference_field(self.actor, label=_("Place"), blank_label=_("Anywhere")),
        )

    def filter_search(self, queryset, name, value):
        from sanad.geo.selectors import SITE_SEARCH_FIELDS, name_search_q

        return queryset.filter(name_search_q(value, SITE_SEARCH_FIELDS))

    def filter_within(self, queryset, name, value):
        # P-codes nest (a child's P-code starts with its parent's, enforced for local units too),
        # so one prefix test finds the sites of a unit and of all its descendants.
        return queryset.filter(admin_unit__pcode__startswith=value.pcode)
