"""Forms of the gazetteer pages. They parse input; the services validate and write."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sanad.core.bidi import isolate
from sanad.core.forms.base import IdempotentFormMixin, RecordSelect, UUIDModelChoiceField
from sanad.core.selectors.lookup import get_by_uuid
from sanad.geo.models import AdminUnit, Site
from sanad.geo.selectors import admin_unit_list


def admin_unit_label(unit: AdminUnit) -> str:
    parent = f" · {isolate(unit.parent.name)}" if unit.parent_id and unit.parent else ""
    return f"{isolate(unit.name)} ({isolate(unit.pcode)}){parent}"


class AdminUnitPicker(RecordSelect):
    """A select that holds only the chosen unit; typing in its search box fetches matching
    ``<option>``s from ``geo:admin_unit_options`` (htmx), so 790 units never ship in the page."""

    template_name = "geo/widgets/admin_unit_picker.html"

    def __init__(self, *args, levels: tuple[int, ...] = (), blank_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        self.blank_label = blank_label

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        selected = None
        value = value[0] if isinstance(value, list | tuple) else value
        if value and isinstance(value, AdminUnit):
            selected = value
        elif value:
            queryset = getattr(self.choices, "queryset", None)
            if queryset is not None:
                # A form redrawn after a bad submission may hold anything the browser posted.
                selected = get_by_uuid(queryset, value)
        context["widget"].update(
            {
                "selected": selected,
                "selected_label": admin_unit_label(selected) if selected else "",
                "levels": ",".join(str(level) for level in self.levels),
                "blank_label": self.blank_label,
            }
        )
        return context


def admin_unit_field(*, actor, required: bool, label, levels=(), blank_label="", help_text=""):
    return UUIDModelChoiceField(
        queryset=admin_unit_list(actor=actor, levels=tuple(levels)),
        required=required,
        label=label,
        help_text=help_text,
        widget=AdminUnitPicker(
            levels=tuple(levels), blank_label=str(blank_label), attrs={"class": "form-select"}
        ),
        error_messages={"invalid_choice": _("Choose an administrative unit from the list.")},
    )


# ---------------------------------------------------------------------------------------------
# Admin units
# ---------------------------------------------------------------------------------------------
def _pcode_help_text() -> str:
    # The example P-codes are data inside the sentence: isolated (FSI…PDI).
    return gettext("The parent's P-code followed by digits, e.g. %(pcode)s under %(parent)s.") % {
        "pcode": isolate("LY021104"),
        "parent": isolate("LY0211"),
    }


_pcode_help = lazy(_pcode_help_text, str)


class AdminUnitForm(forms.Form):
    pcode = forms.CharField(
        label=_("P-code"),
        max_length=20,
        help_text=_pcode_help(),
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        choices=AdminUnit.Level.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name_en = forms.CharField(
        label=_("Name (English)"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    name_ar = forms.CharField(
        label=_("Name (Arabic)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "rtl", "lang": "ar"}),
    )
    name_fr = forms.CharField(
        label=_("Name (French)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    latitude = forms.CharField(
        label=_("Latitude"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    longitude = forms.CharField(
        label=_("Longitude"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"] = admin_unit_field(
            actor=actor,
            required=False,
            label=_("Parent unit"),
            levels=(1, 2, 3),
            blank_label=_("None (a region)"),
            help_text=_("Type a name or P-code to search."),
        )
        self.order_fields(
            ["parent", "level", "pcode", "name_en", "name_ar", "name_fr", "latitude", "longitude"]
        )


class AdminUnitCreateForm(IdempotentFormMixin, AdminUnitForm):
    pass


# ---------------------------------------------------------------------------------------------
# Sites
# ---------------------------------------------------------------------------------------------
class SiteForm(forms.Form):
    site_type = forms.ChoiceField(
        label=_("Type"), choices=Site.Type.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    name_en = forms.CharField(
        label=_("Name (English)"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    name_ar = forms.CharField(
        label=_("Name (Arabic)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "dir": "rtl", "lang": "ar"}),
    )
    latitude = forms.CharField(
        label=_("Latitude"),
        required=False,
        help_text=_("Decimal degrees, e.g. 32.8872. Leave both empty if unknown."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    longitude = forms.CharField(
        label=_("Longitude"),
        required=False,
        help_text=_("Decimal degrees, e.g. 13.1913."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 3})
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admin_unit"] = admin_unit_field(
            actor=actor,
            required=True,
            label=_("Administrative unit"),
            help_text=_("Type a name (English or Arabic) or a P-code, then choose."),
        )
        self.order_fields(["site_type", "name_en", "name_ar", "admin_unit", "latitude", "longitude", "notes"])

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "idempotency_key"}


class SiteCreateForm(IdempotentFormMixin, SiteForm):
    pass
