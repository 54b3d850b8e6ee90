"""Forms of the helpline pages. They parse input; the services validate the rules."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sanad.core.forms.base import SELECT, TEXT, RecordSelect, UUIDModelChoiceField
from sanad.core.models import User
from sanad.feedback.models import (
    SENSITIVE_CATEGORIES,
    Category,
    Channel,
    ContactMethod,
    Priority,
    UnreachableReason,
)
from sanad.geo.forms import admin_unit_field
from sanad.geo.models import AdminUnit
from sanad.geo.selectors import site_list
from sanad.registry.models import Sex


def _blank(label):
    return [("", label)]


class CallForm(forms.Form):
    """The call-taking screen: one form, keyboard order = the order of the call."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        initial=Channel.HELPLINE_CALL,
        widget=forms.Select(attrs=SELECT),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=_blank(_("Choose the category…")) + list(Category.choices),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Choose a category.")},
    )
    priority = forms.ChoiceField(
        label=_("Urgency"),
        choices=_blank(_("Default for the category")) + list(Priority.choices),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    description = forms.CharField(
        label=_("What the person said"),
        max_length=5000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 5}),
        error_messages={"required": _("Write down what the person said.")},
    )
    anonymous = forms.BooleanField(label=_("The caller stays anonymous"), required=False)
    person = forms.CharField(required=False, widget=forms.HiddenInput)
    caller_name = forms.CharField(
        label=_("Caller's name (as given)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    caller_phone = forms.CharField(
        label=_("Call-back number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "tel"}),
    )
    register_caller = forms.BooleanField(label=_("Register the caller in the registry"), required=False)
    caller_given_name = forms.CharField(
        label=_("Given name"), max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    caller_family_name = forms.CharField(
        label=_("Family name"), max_length=100, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    caller_sex = forms.ChoiceField(
        label=_("Sex"),
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    staff_member = UUIDModelChoiceField(
        label=_("Staff member complained about"),
        queryset=User.objects.none(),
        required=False,
        widget=RecordSelect(attrs=SELECT),
        help_text=_("Only for a complaint. The ticket will never reach this person."),
    )

    def __init__(self, *args, actor, staff_choices, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        self.fields["admin_unit"] = admin_unit_field(
            actor=actor,
            required=False,
            label=_("Location (baladiya or muhalla)"),
            levels=(AdminUnit.Level.MANTIKA, AdminUnit.Level.BALADIYA, AdminUnit.Level.MUHALLA),
            blank_label=_("Not given"),
        )
        self.fields["site"] = UUIDModelChoiceField(
            label=_("Site (shelter, centre, landing point)"),
            queryset=site_list(actor=actor).filter(is_active=True),
            required=False,
            widget=RecordSelect(attrs=SELECT),
        )
        self.fields["staff_member"].queryset = staff_choices

    def clean(self):
        data = super().clean()
        if data.get("register_caller") and not (
            data.get("caller_given_name") or data.get("caller_family_name")
        ):
            self.add_error("caller_given_name", _("Give at least one name to register the caller."))
        return data

    def new_caller(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("register_caller") or data.get("person"):
            return None
        caller = {
            "given_name": data.get("caller_given_name", ""),
            "family_name": data.get("caller_family_name", ""),
            "sex": data.get("caller_sex") or Sex.UNKNOWN,
        }
        if data.get("caller_phone"):
            caller["phones"] = [data["caller_phone"]]
        if data.get("admin_unit") is not None:
            caller["admin_unit"] = data["admin_unit"]
        return caller


class AssignForm(forms.Form):
    assignee = UUIDModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        widget=RecordSelect(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = candidates


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.TextInput(attrs=TEXT))


class ResolveForm(forms.Form):
    response = forms.CharField(
        label=_("Response given to the person"),
        max_length=5000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )
    method = forms.ChoiceField(
        label=_("How"), choices=ContactMethod.choices, widget=forms.Select(attrs=SELECT)
    )


class OutcomeForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the outcome was communicated"),
        choices=ContactMethod.choices,
        widget=forms.Select(attrs=SELECT),
    )
    communicated_at = forms.DateTimeField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty for now."),
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied is the person? (1 = not at all, 5 = very)"),
        choices=_blank(_("Not asked")) + [(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    satisfaction_comment = forms.CharField(
        label=_("Their comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )


class CloseForm(forms.Form):
    unreachable_reason = forms.ChoiceField(
        label=_("If the outcome could not be communicated: why"),
        choices=[("", "—")] + list(UnreachableReason.choices),
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.TextInput(attrs=TEXT)
    )


class LinkCaseForm(forms.Form):
    case = UUIDModelChoiceField(
        label=_("Case of this person"),
        queryset=User.objects.none(),
        required=False,
        empty_label="—",
        widget=RecordSelect(attrs=SELECT),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda case: (
            f"{case.reference} · {case.get_case_type_display()}"
        )


class ScriptForm(forms.Form):
    text = forms.CharField(
        label=_("Script"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 12}),
        help_text=_("Leave empty to restore the default script."),
    )


class SlaRuleForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, widget=forms.Select(attrs=SELECT)
    )
    priority = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=_blank(_("Any urgency")) + list(Priority.choices),
        widget=forms.Select(attrs=SELECT),
    )
    acknowledge_hours = forms.DecimalField(
        label=_("Acknowledge within (hours)"),
        min_value=0.1,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.5"}),
    )
    resolve_hours = forms.DecimalField(
        label=_("Answer within (hours)"),
        min_value=0.1,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={**TEXT, "step": "0.5"}),
    )


class FocalPointForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[(c.value, c.label) for c in Category if c in SENSITIVE_CATEGORIES],
        widget=forms.Select(attrs=SELECT),
    )
    user = UUIDModelChoiceField(
        label=_("User"), queryset=User.objects.none(), widget=RecordSelect(attrs=SELECT)
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


LANGUAGE_CHOICES = settings.LANGUAGES
