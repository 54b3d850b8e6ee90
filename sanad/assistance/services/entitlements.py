"""Entitlement rules: what a person or household may receive now, and why not.

A rule is per person or per household, repeats every ``period_days`` (0: once only), may be
restricted by sex and age band, and for households may give a quantity by household-size band.
What was already received inside the period counts against the entitlement ("double-dipping").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.assistance.models import DistributionReceiptLine, EntitlementRule, Item
from sanad.core.audit import audit_record
from sanad.registry.models import Person


@dataclass(frozen=True)
class Entitlement:
    item: Item
    rule: EntitlementRule | None
    entitled: int  # what the rule gives now (before what was already received)
    received: int  # already received inside the rule's period
    last_received: datetime.date | None
    next_due: datetime.date | None
    problem: str  # why the person is not (fully) entitled now; "" if they are

    @property
    def remaining(self) -> int:
        if self.rule is None:
            return 10**6  # no rule: no limit from the catalogue
        return max(0, self.entitled - self.received)

    @property
    def suggested(self) -> int:
        return 0 if self.rule is None else self.remaining


def _day(day: datetime.date) -> str:
    """A date people read in their language ("21 Nov 2026", "21 نوفمبر 2026"): an ISO date inside
    Arabic text is reordered by the bidi algorithm and reads wrongly."""
    return date_format(day, "j M Y")


def _age_on(person: Person, day: datetime.date) -> int | None:
    born = person.date_of_birth
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def household_size(household) -> int:
    if household is None:
        return 1
    return max(1, household.members.filter(status=Person.Status.ACTIVE).aggregate(n=Count("pk"))["n"])


def _rule_quantity(rule: EntitlementRule, size: int) -> int:
    if rule.basis == EntitlementRule.Basis.HOUSEHOLD:
        bands = list(rule.bands.all())
        if bands:
            for band in bands:
                if band.min_size <= size and (band.max_size is None or size <= band.max_size):
                    return band.quantity
            return 0
    return rule.quantity


def rules_for(*, unit) -> list[EntitlementRule]:
    return list(
        EntitlementRule.objects.filter(is_active=True, item__is_active=True)
        .filter(Q(unit__isnull=True) | Q(unit=unit))
        .select_related("item")
        .prefetch_related("bands")
        .order_by("item__code", "unit_id")
    )


def entitlements_for(
    *,
    person: Person | None,
    household=None,
    unit,
    day: datetime.date,
    items: list[Item] | None = None,
    exclude_receipt_id: int | None = None,
) -> list[Entitlement]:
    """The entitlement of ``person`` (or of ``household``) to each item on ``day``.

    A programme-specific rule wins over a general one for the same item. ``items`` adds items
    without any rule (free quantities).
    """
    household = household if household is not None else getattr(person, "household", None)
    size = household_size(household)
    chosen: dict[int, EntitlementRule] = {}
    for rule in rules_for(unit=unit):
        if rule.item_id not in chosen or rule.unit_id is not None:
            chosen[rule.item_id] = rule
    result = []
    for rule in chosen.values():
        problems = []
        if rule.basis == EntitlementRule.Basis.PERSON and person is None:
            problems.append(_("Given per person: choose the person."))
        if person is not None and rule.sex and person.sex != rule.sex:
            problems.append(_("Not eligible: %(who)s only.") % {"who": rule.get_sex_display()})
        if rule.age_min is not None or rule.age_max is not None:
            age = _age_on(person, day) if person is not None else None
            low = rule.age_min if rule.age_min is not None else 0
            high = rule.age_max if rule.age_max is not None else "…"
            band = f"{low}–{high}"
            if age is None:
                problems.append(_("Age unknown: the rule is for ages %(band)s.") % {"band": band})
            elif (rule.age_min is not None and age < rule.age_min) or (
                rule.age_max is not None and age > rule.age_max
            ):
                problems.append(
                    _("Not eligible: aged %(age)d, the rule is for ages %(band)s.")
                    % {"age": age, "band": band}
                )
        entitled = 0 if problems else _rule_quantity(rule, size)
        if entitled == 0 and not problems:
            problems.append(_("No quantity for a household of %(size)d.") % {"size": size})
        history = DistributionReceiptLine.objects.filter(item=rule.item)
        if exclude_receipt_id:
            history = history.exclude(receipt_id=exclude_receipt_id)
        if rule.basis == EntitlementRule.Basis.HOUSEHOLD and household is not None:
            history = history.filter(household=household)
        elif person is not None:
            history = history.filter(person=person)
        else:
            history = history.none()
        if rule.period_days:
            history = history.filter(received_on__gt=day - datetime.timedelta(days=rule.period_days))
        summary = history.aggregate(total=Sum("quantity"), last=Max("received_on"))
        received = summary["total"] or 0
        last = summary["last"]
        next_due = None
        if received and received >= entitled and not problems:
            if rule.period_days:
                next_due = last + datetime.timedelta(days=rule.period_days)
                problems.append(
                    _("Already received %(count)d on %(date)s; next from %(next)s.")
                    % {"count": received, "date": _day(last), "next": _day(next_due)}
                )
            else:
                problems.append(_("Already received on %(date)s (once only).") % {"date": _day(last)})
        result.append(Entitlement(rule.item, rule, entitled, received, last, next_due, " ".join(problems)))
    ruled = {e.item.pk for e in result}
    for item in items or []:
        if item.pk not in ruled:
            result.append(Entitlement(item, None, 0, 0, None, None, ""))
    result.sort(key=lambda e: e.item.code)
    return result


@transaction.atomic
def entitlement_rule_create(
    *,
    actor,
    name_en: str,
    item: Item,
    name_ar: str = "",
    name_fr: str = "",
    basis: str,
    quantity: int = 1,
    period_days: int = 30,
    sex: str = "",
    age_min: int | None = None,
    age_max: int | None = None,
    unit=None,
    bands: list[tuple[int, int | None, int]] | None = None,
) -> EntitlementRule:
    errors = {}
    if not (name_en or "").strip():
        errors["name_en"] = _("Give the rule a name in English.")
    if basis not in EntitlementRule.Basis.values:
        errors["basis"] = _("Choose per person or per household.")
    if quantity is None or quantity < 1:
        errors["quantity"] = _("Enter a quantity of at least 1.")
    if period_days is None or period_days < 0:
        errors["period_days"] = _("Enter 0 (once only) or a number of days.")
    if sex not in EntitlementRule.SexEligibility.values:
        errors["sex"] = _("Choose who is eligible.")
    if age_min is not None and age_max is not None and age_min > age_max:
        errors["age_max"] = _("The maximum age is below the minimum age.")
    if bands and basis != EntitlementRule.Basis.HOUSEHOLD:
        errors["bands"] = _("Household-size bands apply to household rules only.")
    ordered = sorted(bands or [], key=lambda b: b[0])
    if any(low < 1 or (high is not None and high < low) or q < 1 for low, high, q in ordered):
        errors["bands"] = _(
            "Each band needs sizes from 1 upwards, the upper size not below the lower one, and a quantity."
        )
    for (_low, high, _q), (next_low, _h, _q2) in zip(ordered, ordered[1:], strict=False):
        if high is None or high >= next_low:
            errors["bands"] = _("Household-size bands overlap.")
    if errors:
        raise ValidationError(errors)
    rule = EntitlementRule.objects.create(
        name_en=name_en.strip(),
        name_ar=(name_ar or "").strip(),
        name_fr=(name_fr or "").strip(),
        item=item,
        basis=basis,
        quantity=quantity,
        period_days=period_days,
        sex=sex,
        age_min=age_min,
        age_max=age_max,
        unit=unit,
    )
    for low, high, band_quantity in ordered:
        rule.bands.create(min_size=low, max_size=high, quantity=band_quantity)
    audit_record(
        actor=actor,
        action="assistance.entitlement_rule.create",
        obj=rule,
        object_repr=rule.name_en,
        changes={
            "names": [None, [rule.name_en, rule.name_ar, rule.name_fr]],
            "item": [None, item.code],
            "basis": [None, basis],
            "quantity": [None, quantity],
            "period_days": [None, period_days],
            "sex": [None, sex],
            "ages": [None, [age_min, age_max]],
            "bands": [None, [list(b) for b in ordered]],
        },
    )
    return rule


@transaction.atomic
def entitlement_rule_deactivate(*, actor, rule: EntitlementRule) -> EntitlementRule:
    if rule.is_active:
        rule.is_active = False
        rule.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="assistance.entitlement_rule.deactivate",
            obj=rule,
            object_repr=rule.name,
            changes={"is_active": [True, False]},
        )
    return rule
