"""Forms of the assistance pages. Services validate; forms only parse and keep the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sanad.assistance.models import CashPlan, Distribution, EntitlementRule, PdmResponse, StockAdjustment
from sanad.core.forms.base import IdempotentFormMixin, UUIDModelChoiceField


def _control(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def household_size_bands(text: str, value, error: str) -> list[tuple[int, int | None, object]]:
    """Lines ``from-to=value`` or ``from+=value`` into ``(low, high or None, value(text))``;
    a line that does not parse raises ``error`` (with ``%(n)d``, the line number)."""
    bands = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            sizes, raw = line.split("=", 1)
            sizes = sizes.strip()
            if sizes.endswith("+"):
                low, high = int(sizes[:-1]), None
            else:
                low_text, high_text = sizes.split("-", 1)
                low, high = int(low_text), int(high_text)
            bands.append((low, high, value(raw)))
        except ValueError:
            raise forms.ValidationError(error % {"n": number}) from None
    return bands


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _control(self)


class ReceiveForm(_Form):
    item = UUIDModelChoiceField(label=_("Item"), queryset=None)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    batch = forms.CharField(label=_("Batch"), max_length=60, required=False)
    expiry_date = forms.DateField(
        label=_("Expiry date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    donor = forms.CharField(label=_("Donor"), max_length=120, required=False)
    project = forms.CharField(label=_("Project"), max_length=120, required=False)
    supplier = forms.CharField(label=_("Supplier"), max_length=120, required=False)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class TransferForm(_Form):
    """One consignment: several items on the same truck (``LINES`` rows; empty rows are ignored)."""

    LINES = 5

    to_store = UUIDModelChoiceField(label=_("Send to"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, items=None, stores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_store"].queryset = stores
        for n in range(self.LINES):
            self.fields[f"item_{n}"] = UUIDModelChoiceField(label=_("Item"), queryset=items, required=False)
            self.fields[f"quantity_{n}"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, required=False
            )
            self.fields[f"item_{n}"].widget.attrs["aria-label"] = _("Item %(n)d") % {"n": n + 1}
            self.fields[f"quantity_{n}"].widget.attrs["aria-label"] = _("Quantity %(n)d") % {"n": n + 1}
        _control(self)

    @property
    def line_fields(self):
        return [(self[f"item_{n}"], self[f"quantity_{n}"]) for n in range(self.LINES)]

    def clean(self):
        data = super().clean()
        lines, seen = [], set()
        for n in range(self.LINES):
            item, quantity = data.get(f"item_{n}"), data.get(f"quantity_{n}")
            if item is None and quantity is None:
                continue
            if item is None:
                self.add_error(f"item_{n}", _("Choose the item."))
            elif quantity is None:
                self.add_error(f"quantity_{n}", _("Give the quantity."))
            elif item.pk in seen:
                self.add_error(f"item_{n}", _("This item is already on the transfer."))
            else:
                seen.add(item.pk)
                lines.append((item, quantity))
        if not lines and not self.errors:
            raise forms.ValidationError(_("Add at least one item with a quantity of at least 1."))
        data["lines"] = lines
        return data


class AdjustmentForm(_Form):
    item = UUIDModelChoiceField(label=_("Item"), queryset=None)
    batch = forms.CharField(label=_("Batch"), max_length=60, required=False)
    quantity = forms.IntegerField(
        label=_("Change"), help_text=_("Negative to remove stock, positive to add.")
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=StockAdjustment.Reason.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class DistributionForm(IdempotentFormMixin, _Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    modality = forms.ChoiceField(label=_("Modality"), choices=Distribution.Modality.choices)
    store = UUIDModelChoiceField(label=_("Store"), queryset=None)
    team = UUIDModelChoiceField(label=_("Team"), queryset=None)
    site = UUIDModelChoiceField(label=_("Site"), queryset=None, required=False)
    head_count = forms.IntegerField(label=_("Expected head-count"), min_value=1, required=False)

    def __init__(self, *args, stores=None, teams=None, sites=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores
        self.fields["team"].queryset = teams
        self.fields["site"].queryset = sites


class ListCriteriaForm(_Form):
    population_group = forms.ChoiceField(label=_("Population group"), required=False)
    admin_unit = UUIDModelChoiceField(label=_("Municipality"), queryset=None, required=False)
    site = UUIDModelChoiceField(label=_("Site"), queryset=None, required=False)
    household_size_min = forms.IntegerField(label=_("Household size from"), min_value=1, required=False)
    household_size_max = forms.IntegerField(label=_("Household size to"), min_value=1, required=False)
    priority = forms.ChoiceField(
        label=_("Screening priority"),
        required=False,
        choices=[("", _("Any")), ("high", _("High")), ("medium", _("Medium")), ("low", _("Low"))],
    )

    def __init__(self, *args, admin_units=None, sites=None, with_priority=True, **kwargs):
        from sanad.registry.models import PopulationGroup

        super().__init__(*args, **kwargs)
        self.fields["population_group"].choices = [("", _("Any")), *PopulationGroup.choices]
        self.fields["admin_unit"].queryset = admin_units
        self.fields["site"].queryset = sites
        if not with_priority:
            self.fields.pop("priority")


class CloseForm(_Form):
    note = forms.CharField(
        label=_("Reconciliation note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CashPlanForm(IdempotentFormMixin, _Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    cycle = forms.CharField(
        label=_("Cycle"), max_length=40, help_text=_("e.g. 2026-11; no one is paid twice in a cycle.")
    )
    fsp = UUIDModelChoiceField(label=_("Financial service provider"), queryset=None)
    unit = UUIDModelChoiceField(label=_("Programme"), queryset=None)
    target = forms.ChoiceField(label=_("Paid to"), choices=CashPlan.Target.choices)
    amount_basis = forms.ChoiceField(label=_("Amount"), choices=CashPlan.AmountBasis.choices)
    fixed_amount = forms.CharField(label=_("Fixed amount (LYD)"), required=False)
    bands = forms.CharField(
        label=_("Amounts by household size (LYD)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One band a line: from-to=amount, e.g. 1-3=300.000 and 4+=450.000"),
    )

    def __init__(self, *args, fsps=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fsp"].queryset = fsps
        self.fields["unit"].queryset = units

    def clean_bands(self):
        # Amounts stay text: the cash service parses them as LYD and names a bad one.
        return household_size_bands(
            self.cleaned_data.get("bands", ""),
            str.strip,
            _("Line %(n)d: write from-to=amount, e.g. 1-3=300.000"),
        )


class ReasonForm(_Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class UploadForm(_Form):
    file = forms.FileField(label=_("Reconciliation file (XLSX or CSV)"))


class SampleForm(_Form):
    size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=1000, initial=10)
    seed = forms.IntegerField(
        label=_("Seed (optional, to redraw the same sample)"), min_value=0, required=False
    )


class PdmResponseForm(_Form):
    satisfaction = forms.TypedChoiceField(
        label=_("Overall satisfaction"),
        coerce=int,
        choices=[(5, _("5 — very satisfied")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 — very dissatisfied"))],
        widget=forms.RadioSelect,
    )
    appropriate = forms.TypedChoiceField(
        label=_("Did the assistance meet your needs?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    problems = forms.MultipleChoiceField(
        label=_("Problems"),
        choices=PdmResponse.Problem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    complaint_raised = forms.BooleanField(label=_("Raised a complaint"), required=False)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class EntitlementRuleForm(_Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    item = UUIDModelChoiceField(label=_("Item"), queryset=None)
    unit = UUIDModelChoiceField(
        label=_("Programme"),
        queryset=None,
        required=False,
        help_text=_("Empty: the rule applies in every programme."),
    )
    basis = forms.ChoiceField(label=_("Basis"), choices=EntitlementRule.Basis.choices)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    period_days = forms.IntegerField(
        label=_("Every N days"), min_value=0, initial=30, help_text=_("0: once only.")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=EntitlementRule.SexEligibility.choices, required=False)
    age_min = forms.IntegerField(label=_("Minimum age"), min_value=0, required=False)
    age_max = forms.IntegerField(label=_("Maximum age"), min_value=0, required=False)
    bands = forms.CharField(
        label=_("Quantity by household size"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Household rules only. One band a line: from-to=quantity, e.g. 1-3=1 and 4+=2"),
    )

    def __init__(self, *args, items=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["unit"].queryset = units

    def clean_bands(self):
        return household_size_bands(
            self.cleaned_data.get("bands", ""), int, _("Line %(n)d: write from-to=quantity, e.g. 1-3=1")
        )


class ItemForm(_Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("e.g. hygiene_kit"))
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"))
    unit_of_measure = forms.ChoiceField(label=_("Unit of measure"))
    components = forms.CharField(
        label=_("Kit contents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a kit: one item a line, code=quantity, e.g. soap=4"),
    )

    def __init__(self, *args, items=None, **kwargs):
        from sanad.assistance.models import Item
        from sanad.core.needs import Need

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Need.choices
        self.fields["unit_of_measure"].choices = Item.UnitOfMeasure.choices
        self._items = {item.code: item for item in items or []}

    def clean_components(self):
        components = []
        for number, line in enumerate(self.cleaned_data.get("components", "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            code, _sep, quantity = line.partition("=")
            item = self._items.get(code.strip())
            try:
                count = int(quantity)
            except ValueError:
                count = 0
            if item is None or count < 1:
                raise forms.ValidationError(
                    _("Line %(n)d: write an existing item code and a quantity, e.g. soap=4") % {"n": number}
                )
            components.append((item, count))
        return components


class StoreForm(_Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"))
    team = UUIDModelChoiceField(label=_("Team"), queryset=None, required=False)
    site = UUIDModelChoiceField(label=_("Site"), queryset=None, required=False)

    def __init__(self, *args, teams=None, sites=None, **kwargs):
        from sanad.assistance.models import Store

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Store.Kind.choices
        self.fields["team"].queryset = teams
        self.fields["site"].queryset = sites


class FspForm(_Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    export_format = forms.ChoiceField(label=_("Export format"))
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Exported in the order shown here."),
    )

    def __init__(self, *args, **kwargs):
        from sanad.assistance.models import FinancialServiceProvider
        from sanad.assistance.services.cash_files import EXPORT_COLUMNS

        super().__init__(*args, **kwargs)
        self.fields["export_format"].choices = FinancialServiceProvider.Format.choices
        self.fields["columns"].choices = list(EXPORT_COLUMNS.items())


class ItemEditForm(_Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"))
    unit_of_measure = forms.ChoiceField(label=_("Unit of measure"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(
        label=_("In use"),
        required=False,
        help_text=_(
            "Untick to retire the item (once no store holds any): "
            "it can no longer be received or distributed."
        ),
    )

    def __init__(self, *args, **kwargs):
        from sanad.assistance.models import Item
        from sanad.core.needs import Need

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Need.choices
        self.fields["unit_of_measure"].choices = Item.UnitOfMeasure.choices


class StoreEditForm(_Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200, required=False)
    team = UUIDModelChoiceField(label=_("Team"), queryset=None, required=False)
    site = UUIDModelChoiceField(label=_("Site"), queryset=None, required=False)
    is_active = forms.BooleanField(
        label=_("In use"), required=False, help_text=_("Untick to close the store (it must be empty).")
    )

    def __init__(self, *args, teams=None, sites=None, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["site"].queryset = sites
        self.items = list(items)
        for item in self.items:
            self.fields[f"minimum_{item.uuid}"] = forms.IntegerField(
                label=item.name, min_value=0, required=False
            )
        _control(self)

    @property
    def minimum_fields(self):
        return [self[f"minimum_{item.uuid}"] for item in self.items]

    def minimums(self) -> dict:
        return {item: self.cleaned_data.get(f"minimum_{item.uuid}") for item in self.items}

    def store_changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("name_en", "name_ar", "name_fr", "team", "site", "is_active")
        }


class FspEditForm(FspForm):
    is_active = forms.BooleanField(
        label=_("In use"),
        required=False,
        help_text=_("Untick to stop offering this provider for new plans."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("code")
