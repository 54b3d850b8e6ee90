"""Forms of the registry pages. They parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.core.countries import country_resolve, country_unknown_message
from sanad.core.forms.base import SELECT, TEXT, IdempotentFormMixin, RecordSelect, UUIDModelChoiceField
from sanad.geo.forms import admin_unit_field
from sanad.geo.selectors import site_list
from sanad.registry.models import (
    Consent,
    DatePrecision,
    IdentityDocument,
    PopulationGroup,
    Relationship,
    Sex,
    VulnerabilityFlag,
)
from sanad.registry.validation import date_of_birth_normalise

ARABIC = {"class": "form-control", "dir": "rtl", "lang": "ar"}
LATIN_NAME = {**TEXT, "dir": "auto"}


def _name(label, arabic: bool = False):
    return forms.CharField(
        label=label,
        required=False,
        max_length=100,
        # A name in Latin letters may hold an Arabic one too: its own letters set its direction.
        widget=forms.TextInput(attrs={**(ARABIC if arabic else LATIN_NAME), "autocomplete": "off"}),
    )


class DateOfBirthMixin(forms.Form):
    date_of_birth_precision = forms.ChoiceField(
        label=_("Date of birth is"),
        choices=DatePrecision.choices,
        initial=DatePrecision.EXACT,
        widget=forms.Select(attrs={**SELECT, "data-dob-precision": ""}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
    )
    age = forms.IntegerField(
        label=_("Age (years)"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("The year of birth is estimated from the age."),
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric", "data-age": ""}),
    )

    def date_data(self) -> dict:
        data = self.cleaned_data
        precision = data.get("date_of_birth_precision") or DatePrecision.EXACT
        value = data.get("date_of_birth")
        age = data.get("age")
        if precision == DatePrecision.YEAR and data.get("birth_year"):
            import datetime

            value = datetime.date(data["birth_year"], 1, 1)
        if age is not None:
            precision = DatePrecision.ESTIMATED
        elif precision == DatePrecision.ESTIMATED and data.get("birth_year"):
            import datetime

            value = datetime.date(data["birth_year"], 1, 1)
        value, precision = date_of_birth_normalise(value, precision, age=age)
        return {"date_of_birth": value, "date_of_birth_precision": precision}


class PersonForm(IdempotentFormMixin, DateOfBirthMixin):
    given_name = _name(_("Given name"))
    given_name_ar = _name(_("Given name (Arabic)"), arabic=True)
    father_name = _name(_("Father's name"))
    father_name_ar = _name(_("Father's name (Arabic)"), arabic=True)
    grandfather_name = _name(_("Grandfather's name"))
    grandfather_name_ar = _name(_("Grandfather's name (Arabic)"), arabic=True)
    family_name = _name(_("Family name"))
    family_name_ar = _name(_("Family name (Arabic)"), arabic=True)
    other_names = forms.CharField(
        label=_("Other names used"),
        required=False,
        max_length=300,
        help_text=_("Separate names with commas."),
        widget=forms.TextInput(attrs=TEXT),
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        widget=forms.Select(attrs=SELECT),
    )
    nationality = forms.CharField(
        label=_("Nationality"),
        required=False,
        max_length=60,
        help_text=_("Type the country's name in any language and choose it, or “stateless” or “unknown”."),
        widget=forms.TextInput(attrs={**TEXT, "list": "country-list", "autocomplete": "off"}),
    )
    population_group = forms.ChoiceField(
        label=_("Population group"),
        choices=PopulationGroup.choices,
        initial=PopulationGroup.MIGRANT,
        widget=forms.Select(attrs=SELECT),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={**TEXT, "type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    document_type = forms.ChoiceField(
        label=_("Document type"),
        required=False,
        choices=[("", _("No document")), *IdentityDocument.Type.choices],
        widget=forms.Select(attrs=SELECT),
    )
    document_number = forms.CharField(
        label=_("Document number"), required=False, max_length=60, widget=forms.TextInput(attrs=TEXT)
    )
    flags = forms.MultipleChoiceField(
        label=_("Vulnerabilities"),
        required=False,
        choices=VulnerabilityFlag.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_purposes = forms.MultipleChoiceField(
        label=_("Consent given for"),
        required=False,
        choices=Consent.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_given_by = forms.CharField(
        label=_("Consent given by"),
        required=False,
        max_length=150,
        help_text=_("Leave empty when the person gave it themselves."),
        widget=forms.TextInput(attrs=TEXT),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admin_unit"] = admin_unit_field(
            actor=actor,
            required=False,
            label=_("Current location"),
            levels=(3, 4),
            blank_label=_("Not known"),
        )
        self.fields["site"] = UUIDModelChoiceField(
            label=_("Site"),
            required=False,
            queryset=site_list(actor=actor).filter(is_active=True),
            empty_label=_("No site"),
            widget=RecordSelect(attrs=SELECT),
        )

    # A document type chosen without its number would be dropped: ask for the number instead.
    document_number_required = True

    def clean(self):
        data = super().clean()
        if (
            self.document_number_required
            and data.get("document_type")
            and not (data.get("document_number") or "").strip()
        ):
            self.add_error(
                "document_number", _("Enter the document number, or choose “No document” as the type.")
            )
        return data

    def clean_nationality(self):
        typed = self.cleaned_data["nationality"]
        code = country_resolve(typed)
        if code is None:
            raise forms.ValidationError(country_unknown_message(typed), code="unknown_country")
        return code

    def service_data(self) -> dict:
        data = self.cleaned_data
        out = {
            field: data[field]
            for field in (
                "given_name",
                "father_name",
                "grandfather_name",
                "family_name",
                "given_name_ar",
                "father_name_ar",
                "grandfather_name_ar",
                "family_name_ar",
                "sex",
                "nationality",
                "population_group",
                "admin_unit",
                "site",
            )
        }
        out.update(self.date_data())
        out["other_names"] = [n.strip() for n in data["other_names"].split(",") if n.strip()]
        out["phones"] = [data["phone"]] if data["phone"] else []
        out["documents"] = (
            [{"document_type": data["document_type"] or "other", "number": data["document_number"]}]
            if data["document_number"]
            else []
        )
        out["flags"] = list(data["flags"])
        out["consents"] = [
            {"purpose": purpose, "given_by": data.get("consent_given_by", "")}
            for purpose in data.get("consent_purposes", [])
        ]
        return out


class PersonEditForm(PersonForm):
    """The same fields; the registration-only ones (consent) are managed on the person page."""

    # Emptying the number of the person's document removes it.
    document_number_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("consent_purposes", "consent_given_by", "idempotency_key"):
            self.fields.pop(name)

    def service_data(self) -> dict:
        data = super().service_data()
        data.pop("consents")
        return data


class MemberForm(DateOfBirthMixin):
    """A household member entered inline on the registration page."""

    given_name = _name(_("Given name"))
    given_name_ar = _name(_("Given name (Arabic)"), arabic=True)
    family_name = _name(_("Family name"))
    family_name_ar = _name(_("Family name (Arabic)"), arabic=True)
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=Sex.choices,
        initial=Sex.UNKNOWN,
        widget=forms.Select(attrs=SELECT),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the head"),
        choices=[c for c in Relationship.choices if c[0] != Relationship.HEAD],
        initial=Relationship.CHILD,
        widget=forms.Select(attrs=SELECT),
    )

    def has_content(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return any(data.get(f) for f in ("given_name", "given_name_ar", "family_name", "family_name_ar"))

    def service_data(self) -> dict:
        data = self.cleaned_data
        out = {
            f: data[f]
            for f in ("given_name", "given_name_ar", "family_name", "family_name_ar", "sex", "relationship")
        }
        out.update(self.date_data())
        return out


MemberFormSet = forms.formset_factory(MemberForm, extra=0, max_num=20, validate_max=True)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Consent.Purpose.choices, widget=forms.Select(attrs=SELECT)
    )
    given_by = forms.CharField(
        label=_("Given by"),
        required=False,
        max_length=150,
        help_text=_("Leave empty when the person gave it themselves."),
        widget=forms.TextInput(attrs=TEXT),
    )
