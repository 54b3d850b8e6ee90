"""Forms of emergency event tracking. Times are entered and shown in Africa/Tripoli, stored in UTC."""

from __future__ import annotations

import datetime
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.core.forms.base import (
    IdempotentFormMixin,
    RecordSelect,
    RecordSelectMultiple,
    UUIDModelChoiceField,
    UUIDModelMultipleChoiceField,
)
from sanad.dtm.models.events import EmergencyEvent, PriorityNeed

LIBYA = zoneinfo.ZoneInfo("Africa/Tripoli")


class LibyaDateTimeField(forms.DateTimeField):
    """A datetime-local input read as Libyan time, whatever the active time zone."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return value.astimezone(LIBYA).strftime("%Y-%m-%dT%H:%M")
        return value

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        naive = timezone.make_naive(result) if timezone.is_aware(result) else result
        return timezone.make_aware(naive, LIBYA)


class EventForm(IdempotentFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    event_type = forms.ChoiceField(
        label=_("Type"),
        choices=EmergencyEvent.Type.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    started_at = LibyaDateTimeField(
        label=_("Started at (Libya time)"),
        help_text=_("The 72 hours to publish the baseline count from here."),
    )
    admin_units = UUIDModelMultipleChoiceField(
        label=_("Affected baladiyas"),
        queryset=None,
        to_field_name="pcode",
        widget=RecordSelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )

    def __init__(self, *args, admin_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admin_units"].queryset = admin_units
        self.fields["admin_units"].label_from_instance = lambda unit: f"{unit.name} ({unit.pcode})"


class AssessmentForm(IdempotentFormMixin, forms.Form):
    admin_unit = UUIDModelChoiceField(
        label=_("Location (baladiya)"),
        queryset=None,
        to_field_name="pcode",
        widget=RecordSelect(attrs={"class": "form-select"}),
    )
    site = UUIDModelChoiceField(
        label=_("Site (optional)"),
        queryset=None,
        required=False,
        widget=RecordSelect(attrs={"class": "form-select"}),
    )
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    households = forms.IntegerField(
        label=_("Displaced households"),
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    individuals = forms.IntegerField(
        label=_("Displaced individuals"),
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    priority_need_1 = forms.ChoiceField(
        label=_("Priority need 1"),
        choices=PriorityNeed.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    priority_need_2 = forms.ChoiceField(
        label=_("Priority need 2"),
        required=False,
        choices=[("", "—"), *PriorityNeed.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    priority_need_3 = forms.ChoiceField(
        label=_("Priority need 3"),
        required=False,
        choices=[("", "—"), *PriorityNeed.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 2})
    )

    def __init__(self, *args, admin_units=None, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admin_unit"].queryset = admin_units
        self.fields["admin_unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.pcode})"
        self.fields["site"].queryset = sites
        self.fields["site"].label_from_instance = lambda site: site.name
        self.initial.setdefault("assessed_on", timezone.localdate())
