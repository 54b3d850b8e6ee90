"""Forms of the sign-in and own-account pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

INPUT = {"class": "form-control"}


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={**INPUT, "autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                **INPUT,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autofocus": True,
                "dir": "ltr",
            }
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits shown by your authenticator app."))
        return token


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "current-password"}),
    )


class ProfileForm(forms.Form):
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
        widget=forms.Select({"class": "form-select"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={**INPUT, "autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two new passwords do not match."))
        return cleaned
