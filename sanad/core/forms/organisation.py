"""Forms for agencies, units, teams and team members. They parse input; services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.core.bidi import isolate
from sanad.core.forms.base import IdempotentFormMixin, UUIDModelChoiceField
from sanad.core.models import Agency, TeamMembership, Unit


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class AgencyForm(IdempotentFormMixin, forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Short, unique; letters, digits, hyphens.")
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agency.Kind.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].widget.attrs.update({"dir": "rtl", "lang": "ar"})
        _style(self)


class UnitForm(IdempotentFormMixin, forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Unique within the agency."))
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ar"].widget.attrs.update({"dir": "rtl", "lang": "ar"})
        _style(self)


class TeamForm(IdempotentFormMixin, forms.Form):
    unit = UUIDModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Unique within the agency."))
    name = forms.CharField(label=_("Name"), max_length=200)
    is_mobile = forms.BooleanField(label=_("Mobile team"), required=False, initial=True)
    base_admin_unit = UUIDModelChoiceField(label=_("Base municipality"), queryset=None, required=False)
    base_site = UUIDModelChoiceField(label=_("Base site"), queryset=None, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units=None, admin_units, sites, **kwargs):
        """``units`` None: the actor may not move the team between units, so the field is left out."""
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
            self.fields["unit"].label_from_instance = lambda unit: (
                f"{isolate(unit.agency.code)} · {unit.name}"
            )
        self.fields["base_admin_unit"].queryset = admin_units
        self.fields["base_site"].queryset = sites
        _style(self)


class TeamMemberForm(forms.Form):
    user = UUIDModelChoiceField(label=_("User"), queryset=None)
    function = forms.ChoiceField(label=_("Function"), choices=TeamMembership.Function.choices)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.username})"
        )
        _style(self)
