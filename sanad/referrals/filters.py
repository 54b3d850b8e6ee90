"""The referral and directory lists' filters, declared once for the pages and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.core.lists import ListFilterSet, YesNoFilter
from sanad.core.needs import Need
from sanad.geo.models import AdminUnit
from sanad.referrals.models import Referral, ReferralService, Urgency

BLANK_LABEL = "—"


def _select():
    return forms.Select(attrs={"class": "form-select"})


class ReferralFilterSet(ListFilterSet):
    box = django_filters.ChoiceFilter(
        choices=[("sent", _("Sent")), ("received", _("Received"))],
        empty_label=_("All"),
        method="filter_box",
        widget=forms.HiddenInput,
    )
    q = django_filters.CharFilter(
        label=_("Reference"),
        field_name="reference",
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Referral.Status.choices, empty_label=BLANK_LABEL, widget=_select()
    )
    urgency = django_filters.ChoiceFilter(
        label=_("Urgency"), choices=Urgency.choices, empty_label=BLANK_LABEL, widget=_select()
    )
    need = django_filters.ChoiceFilter(
        label=_("Need"), choices=Need.choices, empty_label=BLANK_LABEL, method="filter_need", widget=_select()
    )
    overdue = YesNoFilter(label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput)

    class Meta:
        model = Referral
        fields: list[str] = []

    def filter_box(self, queryset, name, value):
        from sanad.referrals.selectors import referral_box_q

        side = referral_box_q(actor=self.actor, box=value)
        return queryset.filter(side) if side is not None else queryset.none()

    def filter_need(self, queryset, name, value):
        return queryset.filter(needs__icontains=f'"{value}"')

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=Referral.Status.SENT, acknowledge_due_at__lt=timezone.now())


class DirectoryFilterSet(ListFilterSet):
    """The service directory's search: signed in (the place picker), public (regions and districts)
    and the API (a P-code) alike. Without an actor it is the public directory's."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text="Words in any of the three languages.",
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("Service, provider or place")}
        ),
    )
    need = django_filters.ChoiceFilter(
        label=_("Need"),
        choices=Need.choices,
        empty_label=BLANK_LABEL,
        help_text="A need code (core.needs).",
        widget=_select(),
    )
    place = django_filters.CharFilter(
        label=_("Place"),
        method="filter_place",
        help_text="An admin unit P-code: services in or covering it.",
    )

    class Meta:
        model = ReferralService
        fields: list[str] = []

    def configure(self) -> None:
        from sanad.core.lists import use_field
        from sanad.geo.filters import admin_unit_reference_field
        from sanad.referrals.selectors import directory_place_choices

        if self.actor is not None:
            field = admin_unit_reference_field(self.actor, label=_("Place"))
        else:
            field = forms.ChoiceField(
                label=_("Place"),
                required=False,
                choices=[("", BLANK_LABEL), *directory_place_choices()],
                widget=_select(),
            )
        use_field(self.filters["place"], field)

    def filter_search(self, queryset, name, value):
        from sanad.referrals.selectors import directory_text_q

        return queryset.filter(directory_text_q(value))

    def filter_place(self, queryset, name, value):
        from sanad.referrals.selectors import directory_place_by_pcode, directory_place_q

        place = value if isinstance(value, AdminUnit) else directory_place_by_pcode(value)
        if place is None:
            return queryset.none()
        return queryset.filter(pk__in=ReferralService.objects.filter(directory_place_q(place)).values("pk"))
