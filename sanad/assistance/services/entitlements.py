"""Entitlement rules: what a person or household may receive now, and why not.

A rule is per person or per household, repeats every ``period_days`` (0: once only), may be
restricted by sex and age band, and for households may give a quantity by household-size band.
What was already received inside the period counts against the entitlement ("double-dipping").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _

from sanad.assistance.models import DistributionReceiptLine, EntitlementRule, Item
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
                    % {"count": received, "date": last.isoformat(), "next": next_due.isoformat()}
                )
            else:
                problems.append(_("Already received on %(date)s (once only).") % {"date": last.isoformat()})
        result.append(Entitlement(rule.item, rule, entitled, received, last, next_due, " ".join(problems)))
    ruled = {e.item.pk for e in result}
    for item in items or []:
        if item.pk not in ruled:
            result.append(Entitlement(item, None, 0, 0, None, None, ""))
    result.sort(key=lambda e: e.item.code)
    return result
