"""The audit trail's filter form (GET)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sanad.core.audit_labels import object_type_label
from sanad.core.bidi import isolate


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    action = forms.CharField(label=_("Action"), required=False, max_length=80)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sensitive_only = forms.BooleanField(label=_("Reads of sensitive records only"), required=False)

    def __init__(self, *args, object_types: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        # Each kind of object by its name in the reader's language; a type naming no model as recorded.
        self.fields["object_type"].choices = [("", _("Any"))] + [
            (t, object_type_label(t) or isolate(t)) for t in object_types
        ]
        self.fields["action"].help_text = gettext("The start of an action code, e.g. %(example)s") % {
            "example": isolate("core.team")
        }
        for name, field in self.fields.items():
            if name != "sensitive_only":
                field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["object_type"].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    @property
    def filters(self) -> dict:
        """The valid filters; an invalid form filters nothing beyond what was valid."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in (None, "", False)}
