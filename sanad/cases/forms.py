"""Forms of the case pages. They parse input; the services validate and write."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanad.cases.models import (
    BestInterestsDetermination,
    CaseConsent,
    CaseType,
    ClosureReason,
    FollowUp,
    Modality,
    OpenedFrom,
    RiskLevel,
    ServiceType,
)
from sanad.core.forms.base import (
    SELECT,
    TEXT,
    IdempotentFormMixin,
    RecordSelect,
    RecordSelectMultiple,
    UUIDModelChoiceField,
    UUIDModelMultipleChoiceField,
)
from sanad.core.needs import Need

AREA = {"class": "form-control", "rows": 4}


ALL = _("All")


def _blank(choices, label=ALL):
    return [("", label), *choices]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class CaseOpenForm(IdempotentFormMixin):
    case_type = forms.ChoiceField(
        label=_("Case type"), choices=CaseType.choices, widget=forms.Select(attrs=SELECT)
    )
    risk_level = forms.ChoiceField(
        label=_("Risk level"),
        choices=RiskLevel.choices,
        initial=RiskLevel.MEDIUM,
        widget=forms.Select(attrs=SELECT),
    )
    opened_from = forms.ChoiceField(
        label=_("Opened from"), choices=OpenedFrom.choices, widget=forms.Select(attrs=SELECT)
    )
    team = UUIDModelChoiceField(
        queryset=None,
        required=False,
        label=_("Team"),
        empty_label=_("My team"),
        widget=RecordSelect(attrs=SELECT),
    )
    owner = UUIDModelChoiceField(
        queryset=None,
        required=False,
        label=_("Caseworker"),
        empty_label=_("Me"),
        help_text=_("Leave empty to hold the case yourself."),
        widget=RecordSelect(attrs=SELECT),
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive case"),
        required=False,
        help_text=_("GBV, trafficking and child-protection cases are always sensitive."),
    )
    reason = forms.CharField(
        label=_("Reason for opening"),
        required=False,
        max_length=20000,
        help_text=_("Encrypted; visible only to those who may see the case. For GBV, write the minimum."),
        widget=forms.Textarea(attrs=AREA),
    )
    person = forms.UUIDField(widget=forms.HiddenInput)
    assessment = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, teams, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["owner"].queryset = owners


class CaseUpdateForm(forms.Form):
    risk_level = forms.ChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, widget=forms.Select(attrs=SELECT)
    )
    sensitive = forms.BooleanField(label=_("Sensitive case"), required=False)
    owner = UUIDModelChoiceField(queryset=None, label=_("Caseworker"), widget=RecordSelect(attrs=SELECT))
    caseworkers = UUIDModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Other assigned caseworkers"),
        widget=RecordSelectMultiple(attrs={**SELECT, "size": 4}),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["caseworkers"].queryset = owners


class PlanCreateForm(forms.Form):
    review_on = forms.DateField(
        label=_("Review date"), required=False, widget=forms.DateInput(attrs={**TEXT, "type": "date"})
    )


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Goal"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    need = forms.ChoiceField(
        label=_("Need"), choices=_blank(Need.choices, "—"), required=False, widget=forms.Select(attrs=SELECT)
    )


class ActionForm(forms.Form):
    goal = UUIDModelChoiceField(queryset=None, label=_("Goal"), widget=RecordSelect(attrs=SELECT))
    description = forms.CharField(label=_("Action"), max_length=300, widget=forms.TextInput(attrs=TEXT))
    responsible = UUIDModelChoiceField(
        queryset=None, label=_("Responsible"), widget=RecordSelect(attrs=SELECT)
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={**TEXT, "type": "date"}))

    def __init__(self, *args, goals, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["responsible"].queryset = users


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (FollowUp.Kind.FOLLOW_UP, FollowUp.Kind.FOLLOW_UP.label),
            (FollowUp.Kind.TASK, FollowUp.Kind.TASK.label),
        ],
        widget=forms.Select(attrs=SELECT),
    )
    title = forms.CharField(label=_("What"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    due_at = forms.DateTimeField(label=_("Due"), widget=DateTimeLocalInput())
    assigned_to = UUIDModelChoiceField(
        queryset=None,
        required=False,
        label=_("Assigned to"),
        widget=RecordSelect(attrs=SELECT),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = users
        if not self.is_bound:
            self.initial.setdefault(
                "due_at", (timezone.localtime() + datetime.timedelta(days=7)).replace(second=0, microsecond=0)
            )


class FollowUpDoneForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=20000, widget=forms.Textarea(attrs=AREA))


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Closure reason"), choices=ClosureReason.choices, widget=forms.Select(attrs=SELECT)
    )
    note = forms.CharField(
        label=_("Closure note"), required=False, max_length=20000, widget=forms.Textarea(attrs=AREA)
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the case reopened?"), max_length=300, widget=forms.TextInput(attrs=TEXT)
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("For what"), choices=CaseConsent.Purpose.choices, widget=forms.Select(attrs=SELECT)
    )
    given_by = forms.CharField(label=_("Given by"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    given_on = forms.DateField(
        label=_("Given on"),
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}),
        initial=timezone.localdate,
    )


class TransferForm(forms.Form):
    to_owner = UUIDModelChoiceField(
        queryset=None, label=_("New caseworker"), widget=RecordSelect(attrs=SELECT)
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_owner"].queryset = users


class BidForm(forms.Form):
    panel_date = forms.DateField(
        label=_("Panel date"), widget=forms.DateInput(attrs={**TEXT, "type": "date"})
    )
    panel_members = forms.CharField(
        label=_("Panel members"),
        help_text=_("One per line: name and function."),
        widget=forms.Textarea(attrs={**AREA, "rows": 3}),
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=BestInterestsDetermination.Recommendation.choices,
        widget=forms.Select(attrs=SELECT),
    )
    decision = forms.CharField(
        label=_("Decision and reasons"), max_length=20000, widget=forms.Textarea(attrs=AREA)
    )

    def members(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["panel_members"].splitlines() if line.strip()]


class ServiceForm(IdempotentFormMixin):
    service_type = forms.ChoiceField(
        label=_("Service"), choices=ServiceType.choices, widget=forms.Select(attrs=SELECT)
    )
    delivered_at = forms.DateTimeField(label=_("When"), widget=DateTimeLocalInput())
    modality = forms.ChoiceField(
        label=_("Mode of delivery"),
        choices=Modality.choices,
        initial=Modality.IN_PERSON,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        min_value=1,
        max_value=1440,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
    )
    site = UUIDModelChoiceField(
        queryset=None,
        required=False,
        label=_("Site"),
        widget=RecordSelect(attrs=SELECT),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        help_text=_("Encrypted at rest."),
        widget=forms.Textarea(attrs={**AREA, "rows": 3}),
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive service"),
        required=False,
        help_text=_(
            "For example, support to a survivor of gender-based violence or trafficking. Only you, "
            "your team leader and those who may see the case will see it. Psychiatric consultations "
            "are always sensitive."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        if not self.is_bound:
            self.initial.setdefault("delivered_at", timezone.localtime().replace(second=0, microsecond=0))


class CaseSettingForm(forms.Form):
    unit = UUIDModelChoiceField(queryset=None, label=_("Unit"), widget=RecordSelect(attrs=SELECT))
    case_type = forms.ChoiceField(
        label=_("Case type"),
        choices=_blank(CaseType.choices, _("All case types")),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    plan_approval_required = forms.BooleanField(label=_("Plan approval required"), required=False)
    closure_approval_required = forms.BooleanField(
        label=_("Closure approval required"), required=False, initial=True
    )
    high_risk_no_contact_days = forms.IntegerField(
        label=_("High-risk no-contact days"),
        min_value=1,
        max_value=365,
        initial=7,
        widget=forms.NumberInput(attrs=TEXT),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class FocalPointForm(forms.Form):
    unit = UUIDModelChoiceField(queryset=None, label=_("Unit"), widget=RecordSelect(attrs=SELECT))
    case_type = forms.ChoiceField(
        label=_("Case type"), choices=CaseType.choices, widget=forms.Select(attrs=SELECT)
    )
    user = UUIDModelChoiceField(queryset=None, label=_("Focal point"), widget=RecordSelect(attrs=SELECT))

    def __init__(self, *args, units, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["user"].queryset = users
