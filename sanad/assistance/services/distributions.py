"""Distributions: create, open, record receipts (individual, household, head-count), prepare the
beneficiary list, close and reconcile against the stock issued."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.assessments.selectors import latest_priority_by_person
from sanad.assistance.models import (
    Distribution,
    DistributionListEntry,
    DistributionReceipt,
    DistributionReceiptLine,
    Item,
    StockMovement,
    Store,
)
from sanad.assistance.services.entitlements import entitlements_for
from sanad.assistance.services.rules import require_recipient, require_scope
from sanad.assistance.services.stock import stock_issue, stock_return
from sanad.core.audit import audit_record, snapshot
from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.references import reference_next
from sanad.registry.models import Person

AUDITED = ["title", "date", "modality", "status", "site", "store", "team", "head_count"]


@transaction.atomic
def distribution_create(
    *,
    actor,
    title: str,
    date: datetime.date,
    modality: str,
    store: Store,
    team,
    site=None,
    head_count: int | None = None,
    idempotency_key: str | None = None,
) -> Distribution:
    existing = idempotent_lookup(
        actor=actor, action="assistance.distribution.create", key=idempotency_key, model=Distribution
    )
    if existing is not None:
        return existing
    require_scope(
        actor=actor,
        obj=store,
        action="distributions.manage",
        view_action="stock.view",
        message=_("You may not issue from this store."),
    )
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the distribution a title.")
    if modality not in Distribution.Modality.values:
        errors["modality"] = _("Choose a modality.")
    if modality == Distribution.Modality.BLANKET and not head_count:
        errors["head_count"] = _("A blanket distribution needs the expected head-count.")
    if not store.is_active:
        errors["store"] = _("This store is closed.")
    if errors:
        raise ValidationError(errors)
    distribution = Distribution.objects.create(
        reference=reference_next(series="D"),
        title=title.strip(),
        date=date,
        modality=modality,
        store=store,
        team=team,
        unit=team.unit,
        agency=team.agency,
        site=site,
        head_count=head_count,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="assistance.distribution.create",
        obj=distribution,
        changes={k: [None, v] for k, v in snapshot(distribution, AUDITED).items()},
    )
    idempotent_remember(
        actor=actor, action="assistance.distribution.create", key=idempotency_key, obj=distribution
    )
    return distribution


@transaction.atomic
def distribution_open(*, actor, distribution: Distribution) -> Distribution:
    distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
    if distribution.status != Distribution.Status.PLANNED:
        raise DomainError(_("Only a planned distribution can be opened."), code="not_planned")
    distribution.status = Distribution.Status.OPEN
    distribution.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="assistance.distribution.open",
        obj=distribution,
        changes={"status": ["planned", "open"]},
    )
    return distribution


def distribution_sheet_printed(*, actor, distribution: Distribution, rows: int) -> None:
    """The sign sheet (the names on the distribution's list) was printed: audited as an export."""
    audit_record(
        actor=actor,
        action="assistance.distribution.sheet",
        obj=distribution,
        changes={"rows": [None, rows]},
    )


def distribution_stock_position(distribution: Distribution) -> dict[int, dict[str, int]]:
    """Per item id: issued to the distribution, returned, distributed, and what is still at hand."""
    position: dict[int, dict[str, int]] = defaultdict(lambda: {"issued": 0, "returned": 0, "distributed": 0})
    for row in (
        StockMovement.objects.filter(distribution=distribution)
        .values("item_id", "kind")
        .annotate(total=Sum("quantity"))
    ):
        if row["kind"] == StockMovement.Kind.ISSUE:
            position[row["item_id"]]["issued"] += -row["total"]
        elif row["kind"] == StockMovement.Kind.RETURN:
            position[row["item_id"]]["returned"] += row["total"]
    for row in (
        DistributionReceiptLine.objects.filter(receipt__distribution=distribution)
        .values("item_id")
        .annotate(total=Sum("quantity"))
    ):
        position[row["item_id"]]["distributed"] += row["total"]
    for values in position.values():
        values["at_hand"] = values["issued"] - values["returned"] - values["distributed"]
    return dict(position)


def _ensure_stock(*, actor, distribution: Distribution, wanted: dict[Item, int]) -> None:
    """Issue from the store whatever the distribution does not already hold (locks the balances)."""
    position = distribution_stock_position(distribution)
    for item, quantity in wanted.items():
        at_hand = position.get(item.pk, {}).get("at_hand", 0)
        if quantity > at_hand:
            stock_issue(
                actor=actor, distribution=distribution, item=item, quantity=quantity - max(at_hand, 0)
            )


def _locked_open(distribution: Distribution) -> Distribution:
    # Serialises recordings at one distribution so the double-dipping check sees every receipt.
    distribution = (
        Distribution.objects.select_for_update().select_related("store", "unit").get(pk=distribution.pk)
    )
    if distribution.status != Distribution.Status.OPEN:
        raise DomainError(_("This distribution is not open."), code="not_open")
    return distribution


@transaction.atomic
def distribution_record(
    *,
    actor,
    distribution: Distribution,
    items: dict[Item, int],
    person: Person | None = None,
    household=None,
    override_reason: str = "",
    idempotency_key: str | None = None,
) -> DistributionReceipt:
    """Record what a person (or a household) received. Quantities beyond the entitlement need an
    override reason, which is logged as its own audit event."""
    existing = idempotent_lookup(
        actor=actor, action="assistance.distribution.record", key=idempotency_key, model=DistributionReceipt
    )
    if existing is not None:
        return existing
    require_scope(
        actor=actor,
        obj=distribution,
        action="distributions.record",
        view_action="distributions.view",
        message=_("You may not record receipts at this distribution."),
    )
    require_recipient(actor=actor, person=person, household=household)
    distribution = _locked_open(distribution)
    if distribution.modality == Distribution.Modality.BLANKET:
        raise DomainError(_("Record a blanket distribution by head-count."), code="blanket")
    if person is None and household is None:
        raise ValidationError({"person": _("Find the person or household first.")})
    if person is not None and household is not None and person.household_id != household.pk:
        raise ValidationError({"household": _("This person is not a member of this household.")})
    if household is None and person is not None and distribution.modality == Distribution.Modality.HOUSEHOLD:
        household = person.household
        if household is None:
            raise ValidationError(
                {"person": _("This person has no household; this distribution is per household.")}
            )
    if person is None:
        person = household.head
        if person is None:
            raise ValidationError(
                {"person": _("This household has no head: record the person who collects.")}
            )
    items = {item: int(q) for item, q in items.items() if q}
    if not items:
        raise ValidationError({"items": _("Tick at least one item.")})
    if any(q < 0 for q in items.values()):
        raise ValidationError({"items": _("Quantities cannot be negative.")})

    entitlements = {
        e.item.pk: e
        for e in entitlements_for(
            person=person,
            household=household,
            unit=distribution.unit,
            day=distribution.date,
            items=list(items),
        )
    }
    overrides = []
    for item, quantity in items.items():
        entitlement = entitlements[item.pk]
        if entitlement.rule is not None and quantity > entitlement.remaining:
            overrides.append(
                f"{item.code}: {quantity} > {entitlement.remaining}"
                + (f" ({entitlement.problem})" if entitlement.problem else "")
            )
    override_reason = (override_reason or "").strip()
    if overrides and not override_reason:
        # Each problem is a whole sentence with its own full stop; the message places them between
        # two sentences so that no stop is doubled ("… 6 Jan 2027.. Give a reason").
        problems = " ".join(
            _("%(item)s: %(problem)s")
            % {"item": item.name, "problem": entitlements[item.pk].problem or _("More than the entitlement.")}
            for item, quantity in items.items()
            if entitlements[item.pk].rule is not None and quantity > entitlements[item.pk].remaining
        )
        raise ValidationError(
            {
                "override_reason": _(
                    "Possible double-dipping or not eligible. %(problems)s Give a reason to override, "
                    "or untick the item."
                )
                % {"problems": problems}
            }
        )

    _ensure_stock(actor=actor, distribution=distribution, wanted=items)
    receipt = DistributionReceipt.objects.create(
        distribution=distribution,
        person=person,
        household=household,
        recorded_by=actor,
        override_reason=override_reason if overrides else "",
    )
    overridden_codes = {o.split(":", 1)[0] for o in overrides}
    # The lines carry the household even when one member receives for themselves: per-household
    # rules (a food kit per household a month) count what any member already received.
    line_household = household if household is not None else getattr(person, "household", None)
    DistributionReceiptLine.objects.bulk_create(
        DistributionReceiptLine(
            receipt=receipt,
            item=item,
            quantity=quantity,
            overridden=item.code in overridden_codes,
            person=person,
            household=line_household,
            received_on=distribution.date,
        )
        for item, quantity in items.items()
    )
    audit_record(
        actor=actor,
        action="assistance.distribution.record",
        obj=receipt,
        object_repr=f"{distribution.reference} → {person.reference if person else household.reference}",
        changes={
            "distribution": [None, distribution.reference],
            "person": [None, person.reference if person else None],
            "household": [None, household.reference if household else None],
            "items": [None, {i.code: q for i, q in items.items()}],
        },
    )
    if overrides:
        audit_record(
            actor=actor,
            action="assistance.entitlement.override",
            obj=receipt,
            object_repr=f"{distribution.reference} → {person.reference if person else household.reference}",
            changes={"override": [None, overrides], "reason": [None, override_reason]},
        )
    idempotent_remember(
        actor=actor, action="assistance.distribution.record", key=idempotency_key, obj=receipt
    )
    return receipt


@transaction.atomic
def distribution_record_headcount(
    *,
    actor,
    distribution: Distribution,
    head_count: int,
    items: dict[Item, int],
    idempotency_key: str | None = None,
) -> DistributionReceipt:
    """A blanket distribution to a group (detention centre, disembarkation point) by head-count."""
    existing = idempotent_lookup(
        actor=actor, action="assistance.distribution.record", key=idempotency_key, model=DistributionReceipt
    )
    if existing is not None:
        return existing
    distribution = _locked_open(distribution)
    if distribution.modality != Distribution.Modality.BLANKET:
        raise DomainError(_("Only a blanket distribution is recorded by head-count."), code="not_blanket")
    items = {item: int(q) for item, q in items.items() if q}
    errors = {}
    if not head_count or head_count <= 0:
        errors["head_count"] = _("Enter the number of people served.")
    if not items or any(q < 0 for q in items.values()):
        errors["items"] = _("Enter the quantity of at least one item.")
    if errors:
        raise ValidationError(errors)
    _ensure_stock(actor=actor, distribution=distribution, wanted=items)
    receipt = DistributionReceipt.objects.create(
        distribution=distribution, head_count=head_count, recorded_by=actor
    )
    DistributionReceiptLine.objects.bulk_create(
        DistributionReceiptLine(receipt=receipt, item=item, quantity=q, received_on=distribution.date)
        for item, q in items.items()
    )
    audit_record(
        actor=actor,
        action="assistance.distribution.record_headcount",
        obj=receipt,
        object_repr=distribution.reference,
        changes={"head_count": [None, head_count], "items": [None, {i.code: q for i, q in items.items()}]},
    )
    idempotent_remember(
        actor=actor, action="assistance.distribution.record", key=idempotency_key, obj=receipt
    )
    return receipt


@transaction.atomic
def distribution_record_bulk(
    *, actor, distribution: Distribution, people: list[Person], items: dict[Item, int] | None = None
) -> dict[str, list]:
    """Bulk list mode: record each ticked person with their remaining entitlement (or ``items``).
    People who are not entitled are skipped and reported, never overridden in bulk."""
    recorded, skipped = [], []
    for person in people:
        wanted = items
        if wanted is None:
            wanted = {
                e.item: e.remaining
                for e in entitlements_for(person=person, unit=distribution.unit, day=distribution.date)
                if e.rule is not None and e.remaining > 0
            }
        if not wanted:
            skipped.append((person, _("Nothing left to receive under the entitlement rules.")))
            continue
        try:
            with transaction.atomic():
                recorded.append(
                    distribution_record(actor=actor, distribution=distribution, person=person, items=wanted)
                )
        except ValidationError as exc:
            skipped.append((person, " ".join(exc.messages)))
        except DomainError as exc:
            skipped.append((person, exc.message))
    return {"recorded": recorded, "skipped": skipped}


# ---------------------------------------------------------------------------------------------
# Beneficiary list
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def distribution_list_prepare(
    *,
    actor,
    distribution: Distribution,
    people,
    priority: str = "",
    household_size_min: int | None = None,
    household_size_max: int | None = None,
    limit: int = 2000,
) -> int:
    """Add to the beneficiary list the people of ``people`` (already scoped and filtered by the
    caller's registry selector) that meet the household-size and screening-priority criteria."""
    if distribution.status == Distribution.Status.CLOSED:
        raise DomainError(_("This distribution is closed."), code="closed")
    people = people.annotate(hh_size=Count("household__members"))
    if household_size_min:
        people = people.filter(hh_size__gte=household_size_min)
    if household_size_max:
        people = people.filter(hh_size__lte=household_size_max)
    candidates = list(people.order_by("pk").values_list("pk", flat=True)[: limit * 2 if priority else limit])
    if priority:
        priorities = latest_priority_by_person(candidates)
        candidates = [pk for pk in candidates if priorities.get(pk) == priority][:limit]
    already = set(distribution.list_entries.values_list("person_id", flat=True))
    new = [pk for pk in candidates if pk not in already]
    DistributionListEntry.objects.bulk_create(
        DistributionListEntry(distribution=distribution, person_id=pk, added_by=actor) for pk in new
    )
    audit_record(
        actor=actor,
        action="assistance.distribution.list_prepare",
        obj=distribution,
        changes={
            "added": [None, len(new)],
            "priority": [None, priority],
            "household_size": [None, [household_size_min, household_size_max]],
        },
    )
    return len(new)


# ---------------------------------------------------------------------------------------------
# Closing and reconciliation
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def distribution_close(
    *, actor, distribution: Distribution, returns: dict[Item, int] | None = None, note: str = ""
) -> Distribution:
    """Return the unused stock counted back, reconcile issued vs distributed vs returned per item;
    any difference (loss, miscount) needs a note."""
    distribution = _locked_open(distribution)
    returns = {item: int(q) for item, q in (returns or {}).items() if q}
    for item, quantity in returns.items():
        stock_return(actor=actor, distribution=distribution, item=item, quantity=quantity)
    position = distribution_stock_position(distribution)
    items = {i.pk: i for i in Item.objects.filter(pk__in=position)}
    reconciliation = {}
    discrepancies = []
    for item_id, values in sorted(position.items()):
        code = items[item_id].code
        reconciliation[code] = {**values, "discrepancy": values["at_hand"]}
        if values["at_hand"] != 0:
            discrepancies.append(f"{code}: {values['at_hand']:+d}")
    note = (note or "").strip()
    if discrepancies and not note:
        raise ValidationError(
            {
                "note": _(
                    "Issued, distributed and returned do not add up (%(items)s). Explain the difference."
                )
                % {"items": ", ".join(discrepancies)}
            }
        )
    distribution.status = Distribution.Status.CLOSED
    distribution.closed_by, distribution.closed_at = actor, timezone.now()
    distribution.reconciliation, distribution.reconciliation_note = reconciliation, note
    distribution.save(
        update_fields=[
            "status",
            "closed_by",
            "closed_at",
            "reconciliation",
            "reconciliation_note",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="assistance.distribution.close",
        obj=distribution,
        changes={
            "status": ["open", "closed"],
            "reconciliation": [None, reconciliation],
            "note": [None, note],
        },
    )
    return distribution
