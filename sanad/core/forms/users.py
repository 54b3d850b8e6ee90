"""Forms of the user administration pages. Choices are limited to what the actor may assign;
the services check again."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sanad.core.bidi import isolate
from sanad.core.forms.base import (
    IdempotentFormMixin,
    LanguageSelect,
    RecordCheckboxSelectMultiple,
    RecordSelect,
    UUIDModelChoiceField,
    UUIDModelMultipleChoiceField,
)
from sanad.core.models import TeamMembership
from sanad.core.permissions import ROLES, Scope, scope_for
from sanad.core.selectors.users import assignable_agencies, assignable_teams, assignable_units
from sanad.core.services.users import RESERVED_ROLES

INPUT = {"class": "form-control"}


def role_choices(actor) -> list[tuple[str, str]]:
    scope = scope_for(actor, "users.manage")
    return [
        (code, spec.label) for code, spec in ROLES.items() if scope == Scope.ALL or code not in RESERVED_ROLES
    ]


class UserForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput({**INPUT, "autocapitalize": "none", "dir": "ltr"}),
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=150, required=False, widget=forms.TextInput(INPUT)
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, required=False, widget=forms.TextInput(INPUT)
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput({**INPUT, "dir": "ltr"})
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=32, required=False, widget=forms.TextInput({**INPUT, "dir": "ltr"})
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        widget=LanguageSelect({"class": "form-select"}),
    )
    agency = UUIDModelChoiceField(
        label=_("Agency"), queryset=None, widget=RecordSelect({"class": "form-select"})
    )
    units = UUIDModelMultipleChoiceField(
        label=_("Units"),
        queryset=None,
        required=False,
        widget=RecordCheckboxSelectMultiple,
    )
    roles = forms.MultipleChoiceField(label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple)
    sensitive_access = forms.BooleanField(
        label=_("Sensitive access"),
        required=False,
        help_text=_("May be named on sensitive records (GBV, VoT, child protection, PSEA). Grant sparingly."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["agency"].queryset = assignable_agencies(actor=actor)
        self.fields["units"].queryset = assignable_units(actor=actor)
        self.fields["units"].label_from_instance = lambda unit: f"{isolate(unit.agency.code)} · {unit.name}"
        self.fields["roles"].choices = role_choices(actor)


class UserCreateForm(IdempotentFormMixin, UserForm):
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"}),
        help_text=_("Leave empty to generate a one-time password, shown once after saving."),
    )


class UserEditForm(UserForm):
    def __init__(self, *args, actor, user, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        # A reserved role the actor may not grant stays as it is; show it but leave it alone.
        self.fixed_roles = set(user.role_codes) - {code for code, _label in self.fields["roles"].choices}


class MembershipAddForm(forms.Form):
    team = UUIDModelChoiceField(label=_("Team"), queryset=None, widget=RecordSelect({"class": "form-select"}))
    function = forms.ChoiceField(
        label=_("Function"),
        choices=TeamMembership.Function.choices,
        widget=forms.Select({"class": "form-select"}),
    )

    def __init__(self, *args, actor, user, **kwargs):
        super().__init__(*args, **kwargs)
        teams = assignable_teams(actor=actor)
        if user.agency_id:
            teams = teams.filter(agency_id=user.agency_id)
        self.fields["team"].queryset = teams
