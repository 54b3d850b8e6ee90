"""Forms of the referral and directory pages. They parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.core.forms.base import (
    IdempotentFormMixin,
    RecordRadioSelect,
    RecordSelect,
    RecordSelectMultiple,
    UUIDModelChoiceField,
    UUIDModelMultipleChoiceField,
)
from sanad.core.models import Agency, Unit
from sanad.core.needs import Need
from sanad.geo.forms import admin_unit_field
from sanad.geo.models import Site
from sanad.referrals.models import (
    EligibleSex,
    ReferralService,
    ServiceProvider,
    ServiceStatus,
    SharedField,
    Urgency,
)
from sanad.registry.models import PopulationGroup

BLANK = [("", "—")]
LANGUAGE_CHOICES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ha", _("Hausa")),
    ("ti", _("Tigrinya")),
    ("am", _("Amharic")),
    ("so", _("Somali")),
    ("bn", _("Bengali")),
]


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _area(rows=3):
    return forms.Textarea(attrs={"class": "form-control", "rows": rows})


def _select():
    return forms.Select(attrs={"class": "form-select"})


def _record_select():
    return RecordSelect(attrs={"class": "form-select"})


class ProviderForm(IdempotentFormMixin, forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, widget=_text())
    name_ar = forms.CharField(
        label=_("Name (Arabic)"), max_length=200, required=False, widget=_text(dir="rtl")
    )
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False, widget=_text())
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceProvider.Kind.choices, widget=_select())
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"), choices=ServiceProvider.OrganisationType.choices, widget=_select()
    )
    agency = UUIDModelChoiceField(
        label=_("Agency in Sanad"),
        queryset=Agency.objects.none(),
        required=False,
        widget=_record_select(),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False, widget=_text())
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False, widget=_text())
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False, widget=_text(type="email"))
    contact_is_public = forms.BooleanField(label=_("Contact shown in the public directory"), required=False)
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", widget=_text(type="url")
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()


class ServiceForm(IdempotentFormMixin, forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, widget=_text())
    name_ar = forms.CharField(
        label=_("Name (Arabic)"), max_length=200, required=False, widget=_text(dir="rtl")
    )
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False, widget=_text())
    need = forms.ChoiceField(label=_("Type of service"), choices=BLANK + list(Need.choices), widget=_select())
    provider = UUIDModelChoiceField(
        label=_("Provider"),
        queryset=ServiceProvider.objects.none(),
        widget=_record_select(),
    )
    unit = UUIDModelChoiceField(
        label=_("Receiving unit"),
        queryset=Unit.objects.none(),
        required=False,
        widget=_record_select(),
        help_text=_("For a service of a Sanad agency: the unit that receives the referrals."),
    )
    description_en = forms.CharField(label=_("Description (English)"), required=False, widget=_area())
    description_ar = forms.CharField(
        label=_("Description (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "dir": "rtl"}),
    )
    description_fr = forms.CharField(label=_("Description (French)"), required=False, widget=_area())
    address = forms.CharField(label=_("Address"), max_length=300, required=False, widget=_text())
    sites = UUIDModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        required=False,
        widget=RecordSelectMultiple(attrs={"class": "form-select", "size": 4}),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        decimal_places=6,
        widget=_text(inputmode="decimal"),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=6,
        widget=_text(inputmode="decimal"),
    )
    population_groups = forms.MultipleChoiceField(
        label=_("Population groups"),
        choices=PopulationGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked when the service serves everyone."),
    )
    eligible_sex = forms.ChoiceField(label=_("Sex"), choices=EligibleSex.choices, widget=_select())
    age_min = forms.IntegerField(
        label=_("Minimum age"), required=False, min_value=0, max_value=120, widget=_text(inputmode="numeric")
    )
    age_max = forms.IntegerField(
        label=_("Maximum age"), required=False, min_value=0, max_value=120, widget=_text(inputmode="numeric")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False, widget=_text())
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False, widget=_text())
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False, widget=_text(type="email"))
    contact_is_public = forms.BooleanField(label=_("Contact shown in the public directory"), required=False)
    capacity = forms.IntegerField(
        label=_("Capacity (new people per month)"),
        required=False,
        min_value=0,
        widget=_text(inputmode="numeric"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices, widget=_select())

    def __init__(self, *args, actor, providers, units, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["unit"].queryset = units
        self.fields["sites"].queryset = sites
        self.fields["admin_unit"] = admin_unit_field(actor=actor, required=True, label=_("Municipality"))
        self._units = self.fields["admin_unit"].queryset

    catchment = forms.CharField(
        label=_("Catchment area"),
        required=False,
        widget=_text(placeholder="LY02, LY0211"),
        help_text=_(
            "P-codes of the regions, districts or municipalities it also serves, separated by commas."
        ),
    )

    def clean_catchment(self):
        codes = [
            c.strip().upper()
            for c in self.cleaned_data["catchment"].replace(";", ",").split(",")
            if c.strip()
        ]
        found = {u.pcode: u for u in self._units.filter(pcode__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(_("Unknown P-code: %(codes)s") % {"codes": ", ".join(unknown)})
        return [found[c] for c in codes]


class PathwayForm(forms.Form):
    STEPS = 6
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, widget=_text())
    name_ar = forms.CharField(
        label=_("Name (Arabic)"), max_length=200, required=False, widget=_text(dir="rtl")
    )
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False, widget=_text())
    need = forms.ChoiceField(label=_("Need"), choices=BLANK + list(Need.choices), widget=_select())
    notes = forms.CharField(label=_("Notes"), required=False, widget=_area(2))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, actor, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admin_unit"] = admin_unit_field(
            actor=actor, required=False, label=_("Place"), blank_label=_("Nationwide")
        )
        for index in range(1, self.STEPS + 1):
            self.fields[f"step_{index}"] = UUIDModelChoiceField(
                label=_("Service %(position)s") % {"position": index},
                queryset=services,
                required=index == 1,
                widget=_record_select(),
            )

    def step_fields(self):
        return [self[f"step_{index}"] for index in range(1, self.STEPS + 1)]

    def ordered_services(self):
        return [
            s for s in (self.cleaned_data.get(f"step_{i}") for i in range(1, self.STEPS + 1)) if s is not None
        ]


class ReferralForm(IdempotentFormMixin, forms.Form):
    service = UUIDModelChoiceField(
        label=_("Refer to"),
        queryset=ReferralService.objects.none(),
        widget=RecordRadioSelect,
        error_messages={"required": _("Choose the service to refer to.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE, widget=_select()
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=Need.choices,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 5}),
    )
    reason = forms.CharField(label=_("Reason for referral"), widget=_area())
    shared_fields = forms.MultipleChoiceField(
        label=_("Also share"),
        choices=SharedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Always shared: referral reference, first name, sex, age, needs and urgency. "
            "Share no more than the service needs."
        ),
    )
    case_summary = forms.CharField(label=_("Case summary to share"), required=False, widget=_area())
    consent_given = forms.BooleanField(
        label=_("The person consents to this referral and to sharing the information above"), required=False
    )
    consent_given_by = forms.CharField(
        label=_("Consent given by"),
        required=False,
        max_length=150,
        widget=_text(),
        help_text=_("Leave empty when the person gave it themselves; otherwise the parent or guardian."),
    )
    consent_purpose = forms.CharField(
        label=_("Purpose of the consent"), required=False, max_length=300, widget=_text()
    )
    emergency_override = forms.BooleanField(
        label=_("Emergency: refer without consent (logged and reviewed)"), required=False
    )
    override_reason = forms.CharField(
        label=_("Why consent could not be obtained"), required=False, widget=_area(2)
    )
    external_contact_email = forms.EmailField(
        label=_("Partner e-mail for the link"),
        required=False,
        widget=_text(type="email"),
        help_text=_(
            "For a partner outside Sanad: the e-mail gets the reference and a link, no personal data."
        ),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=_area(2))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=_area(2))


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=_area(3))


class ExternalAnswerForm(forms.Form):
    ACTIONS = [
        ("receive", _("Confirm receipt")),
        ("accept", _("Accept")),
        ("decline", _("Decline")),
        ("start", _("Service started")),
        ("complete", _("Completed")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Your name"), max_length=150, widget=_text(autocomplete="name"))
    text = forms.CharField(label=_("Reason or outcome"), required=False, widget=_area(2))


class OverrideReviewForm(forms.Form):
    note = forms.CharField(label=_("Review"), widget=_area(2))
