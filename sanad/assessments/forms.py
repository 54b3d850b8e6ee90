"""Django forms of the assessments pages (the instrument questions themselves come from XLSForms)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.assessments.models import Domain


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("XLSForm file"),
        help_text=_(
            "An .xlsx, .xls or .md XLSForm. Its form_id is the instrument code; "
            "give each upload a new version."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.xls,.md"}),
    )
    domain = forms.ChoiceField(
        label=_("Domain (new instruments only)"),
        choices=[("", "—"), *Domain.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sensitive = forms.BooleanField(label=_("Sensitive (new instruments only)"), required=False)
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class AlertAcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        help_text=_("For example: spoke with the person, safety plan agreed, referred for psychiatric care."),
    )


class FlagDecisionForm(forms.Form):
    flag = forms.CharField(widget=forms.HiddenInput, max_length=30)
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("dismiss", _("Dismiss"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason for dismissing"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        help_text=_(
            "Needed to dismiss: for example, the person withdrew the statement or it was recorded by mistake."
        ),
    )
