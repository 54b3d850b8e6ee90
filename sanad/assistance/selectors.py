"""Reads of the assistance module. Every read applies the actor's scope; a record outside it is a 404."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from sanad.assistance.models import (
    CashPlan,
    Distribution,
    DistributionReceipt,
    DistributionReceiptLine,
    EntitlementRule,
    FinancialServiceProvider,
    Item,
    KitComponent,
    Payment,
    PdmSample,
    PdmSampleMember,
    StockAdjustment,
    StockAlert,
    StockBalance,
    StockMovement,
    Store,
    Transfer,
    TransferLine,
)
from sanad.core.lists import filtered
from sanad.core.permissions import has_permission
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404


# ---------------------------------------------------------------------------------------------
# Catalogue and stock
# ---------------------------------------------------------------------------------------------
def item_list(*, actor, active_only: bool = True) -> QuerySet[Item]:
    items = scope_filter(Item.objects.all(), actor=actor, action="items.view")
    if active_only:
        items = items.filter(is_active=True)
    return items.prefetch_related(
        Prefetch("components", queryset=KitComponent.objects.select_related("component"))
    ).order_by("category", "code")


def item_get(*, actor, uuid) -> Item:
    return get_by_uuid_or_404(item_list(actor=actor, active_only=False), uuid)


def entitlement_rule_list(*, actor):
    """Active rules, shared by every agency (like the catalogue)."""
    rules = (
        EntitlementRule.objects.filter(is_active=True)
        if has_permission(actor, "items.view")
        else (EntitlementRule.objects.none())
    )
    return rules.select_related("item", "unit").prefetch_related("bands").order_by("item__code", "name_en")


def entitlement_rule_get(*, actor, uuid) -> EntitlementRule:
    return get_by_uuid_or_404(entitlement_rule_list(actor=actor), uuid)


def store_list(*, actor, action: str = "stock.view", other_than: Store | None = None) -> QuerySet[Store]:
    """Active stores in the actor's scope for ``action``; without ``other_than`` (a transfer's
    destinations: every store but the one it leaves)."""
    stores = scope_filter(Store.objects.filter(is_active=True), actor=actor, action=action)
    if other_than is not None:
        stores = stores.exclude(pk=other_than.pk)
    return stores.select_related("team", "site", "admin_unit", "logistics_officer").order_by("name_en")


def store_get(*, actor, uuid, action: str = "stock.view") -> Store:
    return get_by_uuid_or_404(store_list(actor=actor, action=action), uuid)


def store_balances(*, store: Store) -> QuerySet[StockBalance]:
    return store.balances.filter(quantity__gt=0).select_related("item").order_by("item__code", "expiry_date")


def items_in_store(*, actor, store: Store) -> QuerySet[Item]:
    """The active items the store holds a positive balance of, each with ``on_hand`` (all
    batches): what can be issued from it."""
    return (
        scope_filter(Item.objects.all(), actor=actor, action="items.view")
        .filter(is_active=True, balances__store=store, balances__quantity__gt=0)
        .annotate(on_hand=Sum("balances__quantity"))
        .order_by("category", "code")
    )


def movement_list(*, actor, data=None, store: Store | None = None) -> QuerySet[StockMovement]:
    """Movements in the actor's stores, newest first, narrowed by the list's filters
    (``assistance.filters.MovementFilterSet``) that ``data`` names, or to ``store``."""
    from sanad.assistance.filters import MovementFilterSet

    movements = scope_filter(StockMovement.objects.all(), actor=actor, action="stock.view")
    if store is not None:
        movements = movements.filter(store=store)
    movements = filtered(movements, MovementFilterSet, data, user=actor)
    return movements.select_related("store", "item", "created_by", "distribution", "transfer").order_by(
        "-created_at", "-id"
    )


def movement_get(*, actor, uuid) -> StockMovement:
    return get_by_uuid_or_404(movement_list(actor=actor), uuid)


def transfer_list(
    *,
    actor,
    action: str = "stock.view",
    open_only: bool = False,
    to_store: Store | None = None,
    oldest_first: bool = False,
) -> QuerySet[Transfer]:
    """Transfers from or to the actor's stores, newest dispatch first (``oldest_first``: the
    other way); ``open_only``: still in transit; ``to_store``: arriving there."""
    stores = store_list(actor=actor, action=action).values("pk")
    transfers = Transfer.objects.filter(Q(from_store__in=stores) | Q(to_store__in=stores))
    if open_only:
        transfers = transfers.filter(status=Transfer.Status.DISPATCHED)
    if to_store is not None:
        transfers = transfers.filter(to_store=to_store)
    transfers = transfers.order_by("dispatched_at" if oldest_first else "-dispatched_at")
    return transfers.select_related("from_store", "to_store", "dispatched_by").prefetch_related(
        Prefetch("lines", queryset=TransferLine.objects.select_related("item"))
    )


def transfer_get(*, actor, uuid, action: str = "stock.view") -> Transfer:
    return get_by_uuid_or_404(transfer_list(actor=actor, action=action), uuid)


def transfers_to_receive(*, actor, oldest_first: bool = False) -> QuerySet[Transfer]:
    """Transfers in transit to a store whose arrivals the actor may confirm (``oldest_first``:
    the longest in transit first)."""
    stores = store_list(actor=actor, action="stock.receive").values("pk")
    transfers = (
        Transfer.objects.filter(to_store__in=stores, status=Transfer.Status.DISPATCHED)
        .select_related("from_store", "to_store", "dispatched_by")
        .prefetch_related(Prefetch("lines", queryset=TransferLine.objects.select_related("item")))
    )
    return transfers.order_by("dispatched_at") if oldest_first else transfers


def receivable_transfer_ids(*, actor, to_store: Store | None = None) -> set[int]:
    """The pks of the transfers the actor may confirm the arrival of (at ``to_store``); none
    without the right to receive."""
    if not has_permission(actor, "stock.receive"):
        return set()
    transfers = transfers_to_receive(actor=actor)
    if to_store is not None:
        transfers = transfers.filter(to_store=to_store)
    return set(transfers.values_list("pk", flat=True))


def transfer_lines(*, transfer: Transfer):
    """The transfer's lines (prefetched with their items by the transfer selectors)."""
    return transfer.lines.all()


def transfer_get_to_receive(*, actor, uuid) -> Transfer:
    """A transfer the actor may confirm the arrival of (out of scope: 404)."""
    stores = store_list(actor=actor, action="stock.receive").values("pk")
    return get_by_uuid_or_404(
        transfer_list(actor=actor, action="stock.view").filter(to_store__in=stores), uuid
    )


def adjustment_list(
    *,
    actor,
    pending_only: bool = True,
    action: str = "stock.view",
    newest_first: bool = False,
    not_requested_by=None,
) -> QuerySet[StockAdjustment]:
    """Adjustments in the actor's scope (``pending_only``: awaiting approval); without those
    ``not_requested_by`` asked for (a second person approves)."""
    adjustments = scope_filter(StockAdjustment.objects.all(), actor=actor, action=action)
    if pending_only:
        adjustments = adjustments.filter(status=StockAdjustment.Status.PENDING)
    if not_requested_by is not None:
        adjustments = adjustments.exclude(requested_by=not_requested_by)
    if newest_first:
        adjustments = adjustments.order_by("-created_at")
    return adjustments.select_related("store", "item", "requested_by")


def adjustment_get(*, actor, uuid, action: str = "stock.approve") -> StockAdjustment:
    return get_by_uuid_or_404(adjustment_list(actor=actor, pending_only=False, action=action), uuid)


@dataclass
class PipelineRow:
    store: Store
    item: Item
    on_hand: int = 0
    in_transit: int = 0
    at_distributions: int = 0
    expiring: int = 0
    minimum: int | None = None

    @property
    def low(self) -> bool:
        return self.minimum is not None and self.on_hand < self.minimum


def stock_pipeline(*, actor, item: Item | None = None) -> list[PipelineRow]:
    """Per store × item: on hand, in transit to the store, and out at open distributions (issued,
    not yet handed out or returned). A fixed number of queries whatever the number of stores."""
    stores = {s.pk: s for s in store_list(actor=actor)}
    rows: dict[tuple[int, int], PipelineRow] = {}
    items: dict[int, Item] = {}

    def row(store_id: int, item_id: int) -> PipelineRow:
        key = (store_id, item_id)
        if key not in rows:
            rows[key] = PipelineRow(stores[store_id], items.get(item_id))
        return rows[key]

    balances = StockBalance.objects.filter(store_id__in=stores)
    transit = TransferLine.objects.filter(transfer__to_store_id__in=stores, quantity_received__isnull=True)
    issued = StockMovement.objects.filter(
        distribution__store_id__in=stores,
        distribution__status=Distribution.Status.OPEN,
        kind__in=[StockMovement.Kind.ISSUE, StockMovement.Kind.RETURN],
    )
    handed = DistributionReceiptLine.objects.filter(
        receipt__distribution__store_id__in=stores, receipt__distribution__status=Distribution.Status.OPEN
    )
    if item is not None:
        balances, transit, issued, handed = (q.filter(item=item) for q in (balances, transit, issued, handed))
    item_ids = set(balances.values_list("item_id", flat=True)) | set(
        transit.values_list("item_id", flat=True)
    )
    items.update({i.pk: i for i in Item.objects.filter(pk__in=item_ids)})
    for r in balances.values("store_id", "item_id").annotate(total=Sum("quantity")):
        row(r["store_id"], r["item_id"]).on_hand = r["total"]
    for r in transit.values("transfer__to_store_id", "item_id").annotate(total=Sum("quantity_dispatched")):
        row(r["transfer__to_store_id"], r["item_id"]).in_transit = r["total"]
    out = defaultdict(int)
    for r in issued.values("distribution__store_id", "item_id").annotate(total=Sum("quantity")):
        out[(r["distribution__store_id"], r["item_id"])] -= r["total"]
    for r in handed.values("receipt__distribution__store_id", "item_id").annotate(total=Sum("quantity")):
        out[(r["receipt__distribution__store_id"], r["item_id"])] -= r["total"]
    for (store_id, item_id), total in out.items():
        if total and item_id in items:
            row(store_id, item_id).at_distributions = total
    for threshold in store_thresholds(store_ids=list(stores)):
        if (threshold.store_id, threshold.item_id) in rows:
            rows[(threshold.store_id, threshold.item_id)].minimum = threshold.minimum
    return sorted(
        (r for r in rows.values() if r.item is not None),
        key=lambda r: (r.store.name_en, r.item.code),
    )


def store_thresholds(*, store_ids: list[int]):
    from sanad.assistance.models import StockThreshold

    return StockThreshold.objects.filter(store_id__in=store_ids)


def stock_alert_list(*, actor) -> QuerySet[StockAlert]:
    """Open alerts of the stores the actor looks after: as their logistics officer, or as leader
    of the store's team."""
    alerts = scope_filter(StockAlert.objects.filter(resolved_at=None), actor=actor, action="stock.view")
    return alerts.filter(
        Q(store__logistics_officer=actor)
        | Q(store__team__in=actor.memberships.filter(function="team_leader").values("team"))
    ).select_related("store", "item")


# ---------------------------------------------------------------------------------------------
# Distributions
# ---------------------------------------------------------------------------------------------
def distribution_list(*, actor, data=None, action: str = "distributions.view") -> QuerySet[Distribution]:
    """Distributions the actor may see, newest first, narrowed by the list's filters
    (``assistance.filters.DistributionFilterSet``) that ``data`` names."""
    from sanad.assistance.filters import DistributionFilterSet

    distributions = scope_filter(Distribution.objects.all(), actor=actor, action=action)
    distributions = filtered(distributions, DistributionFilterSet, data, user=actor)
    return (
        distributions.select_related("site", "store", "team")
        .annotate(receipt_count=Count("receipts"))
        .order_by("-date", "-id")
    )


def distribution_get(*, actor, uuid, action: str = "distributions.view") -> Distribution:
    return get_by_uuid_or_404(
        scope_filter(Distribution.objects.all(), actor=actor, action=action).select_related(
            "site", "store", "team", "unit", "created_by", "closed_by"
        ),
        uuid,
    )


def distribution_receipts(*, distribution: Distribution) -> QuerySet[DistributionReceipt]:
    return (
        distribution.receipts.select_related("person", "household", "recorded_by")
        .prefetch_related(Prefetch("lines", queryset=DistributionReceiptLine.objects.select_related("item")))
        .order_by("-created_at", "-id")
    )


def distribution_list_entries(*, distribution: Distribution):
    received = set(distribution.receipts.values_list("person_id", flat=True))
    entries = list(distribution.list_entries.select_related("person", "person__household").order_by("pk"))
    return [(entry.person, entry.person_id in received) for entry in entries]


def store_stocked_item_ids(*, store: Store) -> set[int]:
    """The items ``store`` holds any of (what a distribution from it can hand over)."""
    return set(store.balances.filter(quantity__gt=0).values_list("item_id", flat=True))


def store_stocked_items(*, store: Store) -> list[Item]:
    """The item of each batch ``store`` holds a positive balance of (an item twice when two
    batches), in the balances' order."""
    return [balance.item for balance in store.balances.filter(quantity__gt=0).select_related("item")]


def receipt_lines(*, receipt: DistributionReceipt, load_items: bool = False):
    """The receipt's lines: as prefetched by the receipt selectors, or (``load_items``, a receipt
    just recorded) read with their items."""
    return receipt.lines.select_related("item") if load_items else receipt.lines.all()


def receipts_of_person(*, actor, person) -> QuerySet[DistributionReceipt]:
    distributions = scope_filter(Distribution.objects.all(), actor=actor, action="distributions.view")
    return (
        DistributionReceipt.objects.filter(person=person, distribution__in=distributions)
        .select_related("distribution", "distribution__site", "recorded_by")
        .prefetch_related(Prefetch("lines", queryset=DistributionReceiptLine.objects.select_related("item")))
    )


# ---------------------------------------------------------------------------------------------
# Cash
# ---------------------------------------------------------------------------------------------
def fsp_list(
    *, actor, active_only: bool = True, action: str = "cash.view"
) -> QuerySet[FinancialServiceProvider]:
    providers = FinancialServiceProvider.objects.all()
    if active_only:
        providers = providers.filter(is_active=True)
    return scope_filter(providers, actor=actor, action=action).order_by("name")


def fsp_get(*, actor, uuid, action: str = "cash.manage") -> FinancialServiceProvider:
    return get_by_uuid_or_404(fsp_list(actor=actor, active_only=False, action=action), uuid)


def cash_plan_list(
    *, actor, data=None, action: str = "cash.view", with_follow_up_of: bool = False
) -> QuerySet[CashPlan]:
    """Cash plans the actor may see, newest first, narrowed by the list's filters
    (``assistance.filters.CashPlanFilterSet``) that ``data`` names (``with_follow_up_of``: the
    plan each follows up loaded)."""
    from sanad.assistance.filters import CashPlanFilterSet

    plans = scope_filter(CashPlan.objects.all(), actor=actor, action=action)
    plans = filtered(plans, CashPlanFilterSet, data, user=actor)
    if with_follow_up_of:
        plans = plans.select_related("follow_up_of")
    return (
        plans.select_related("fsp", "unit", "created_by")
        .annotate(payment_count=Count("payments"), payment_total=Sum("payments__amount"))
        .order_by("-created_at", "-id")
    )


def cash_plan_get(*, actor, uuid, action: str = "cash.view") -> CashPlan:
    return get_by_uuid_or_404(
        scope_filter(CashPlan.objects.all(), actor=actor, action=action).select_related(
            "fsp", "unit", "created_by", "programme_approved_by", "finance_approved_by", "follow_up_of"
        ),
        uuid,
    )


def cash_plan_bands(*, plan: CashPlan):
    return plan.bands.all()


def cash_plan_payment_count(*, plan: CashPlan) -> int:
    return plan.payments.count()


def cash_plan_candidates(
    *, actor, data: dict, household_size_min: int | None = None, household_size_max: int | None = None
):
    """People the actor may see that the registry's list filters ``data`` name, of households
    of at least ``household_size_min`` and at most ``household_size_max`` members: whom a plan's
    list is built from."""
    from sanad.registry.selectors import person_list

    people = person_list(actor=actor, data=data)
    if household_size_min or household_size_max:
        people = people.annotate(hh_size=Count("household__members"))
        if household_size_min:
            people = people.filter(hh_size__gte=household_size_min)
        if household_size_max:
            people = people.filter(hh_size__lte=household_size_max)
    return people


def payment_list(*, actor, data=None, plan: CashPlan | None = None) -> QuerySet[Payment]:
    """Payments the actor may see, narrowed by the list's filters
    (``assistance.filters.PaymentFilterSet``) that ``data`` names, or to ``plan``."""
    from sanad.assistance.filters import PaymentFilterSet

    payments = scope_filter(Payment.objects.all(), actor=actor, action="cash.view")
    if plan is not None:
        payments = payments.filter(plan=plan)
    payments = filtered(payments, PaymentFilterSet, data, user=actor)
    return payments.select_related("plan", "person", "household").order_by("plan_id", "id")


def payment_get(*, actor, uuid) -> Payment:
    return get_by_uuid_or_404(payment_list(actor=actor), uuid)


def payments_of_person(*, actor, person) -> QuerySet[Payment]:
    return payment_list(actor=actor).filter(person=person, status=Payment.Status.PAID)


def cash_plans_awaiting(*, actor) -> list[CashPlan]:
    """Plans waiting for a step this actor may give (never their own)."""
    from sanad.core.permissions import has_permission

    statuses = []
    if has_permission(actor, "cash.approve_programme"):
        statuses.append(CashPlan.Status.PENDING_PROGRAMME)
    if has_permission(actor, "cash.approve_finance"):
        statuses.append(CashPlan.Status.PENDING_FINANCE)
    if not statuses:
        return []
    plans = scope_filter(CashPlan.objects.filter(status__in=statuses), actor=actor, action="cash.view")
    return list(plans.exclude(created_by=actor).exclude(programme_approved_by=actor).select_related("unit"))


# ---------------------------------------------------------------------------------------------
# PDM
# ---------------------------------------------------------------------------------------------
def pdm_samples_of(*, distribution: Distribution | None = None, cash_plan: CashPlan | None = None):
    samples = (
        PdmSample.objects.filter(distribution=distribution)
        if distribution
        else PdmSample.objects.filter(cash_plan=cash_plan)
    )
    return (
        samples.select_related("drawn_by")
        .annotate(answered=Count("members__response"))
        .order_by("-created_at")
    )


def pdm_sample_get(
    *, sample_uuid, distribution: Distribution | None = None, cash_plan: CashPlan | None = None
):
    samples = (
        PdmSample.objects.filter(distribution=distribution)
        if distribution
        else PdmSample.objects.filter(cash_plan=cash_plan)
    )
    return get_by_uuid_or_404(samples, sample_uuid)


def pdm_member_get(*, sample: PdmSample, person_uuid) -> PdmSampleMember:
    """The member of ``sample`` who is the person of ``person_uuid``; 404 otherwise."""
    return get_by_uuid_or_404(sample.members.select_related("person"), person_uuid, field="person__uuid")


def pdm_members(*, sample: PdmSample):
    return sample.members.select_related("person", "response").order_by("position")
