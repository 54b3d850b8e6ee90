"""What the assistance module adds to "My work" and to the person page's timeline."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sanad.assistance.selectors import (
    adjustment_list,
    cash_plans_awaiting,
    payments_of_person,
    receipt_lines,
    receipts_of_person,
    stock_alert_list,
    transfers_to_receive,
)
from sanad.core.bidi import isolate
from sanad.core.permissions import has_permission
from sanad.core.work import WorkItem
from sanad.registry.timeline import TimelineEntry


def assistance_work(actor) -> Iterable[WorkItem]:
    if has_permission(actor, "stock.view"):
        for alert in stock_alert_list(actor=actor)[:50]:
            if alert.kind == alert.Kind.LOW_STOCK:
                title = _("Low stock: %(item)s at %(store)s (%(n)d left)") % {
                    "item": isolate(alert.item.name),
                    "store": isolate(alert.store.name),
                    "n": alert.quantity,
                }
            else:
                title = _("Expiring %(date)s: %(n)d × %(item)s at %(store)s") % {
                    "date": date_format(alert.expiry_date, "j M Y") if alert.expiry_date else "",
                    "n": alert.quantity,
                    "item": isolate(alert.item.name),
                    "store": isolate(alert.store.name),
                }
            yield WorkItem(
                title=title,
                url=reverse("assistance:store_detail", args=[alert.store.uuid]),
                kind="alert",
                kind_label=_("Stock alert"),
                priority="medium",
            )
    if has_permission(actor, "stock.approve"):
        for adjustment in adjustment_list(actor=actor, action="stock.approve", not_requested_by=actor)[:50]:
            yield WorkItem(
                title=_("Approve a stock adjustment: %(item)s %(n)+d at %(store)s")
                % {
                    "item": isolate(adjustment.item.name),
                    "n": adjustment.quantity,
                    "store": isolate(adjustment.store.name),
                },
                url=reverse("assistance:stock_overview"),
                kind="approval",
                kind_label=_("Approval"),
                detail=adjustment.get_reason_display(),
            )
    if has_permission(actor, "stock.receive"):
        for transfer in transfers_to_receive(actor=actor, oldest_first=True)[:50]:
            yield WorkItem(
                title=_("Confirm the arrival of %(ref)s at %(store)s")
                % {"ref": isolate(transfer.reference), "store": isolate(transfer.to_store.name)},
                url=reverse("assistance:stock_overview") + f"#transfer-{transfer.uuid}",
                kind="task",
                kind_label=_("Transfer in transit"),
                detail=_("from %(store)s") % {"store": isolate(transfer.from_store.name)},
                reference=transfer.reference,
            )
    for plan in cash_plans_awaiting(actor=actor):
        yield WorkItem(
            title=_("Approve cash plan %(title)s") % {"title": isolate(plan.title)},
            url=reverse("assistance:cash_plan_detail", args=[plan.uuid]),
            kind="approval",
            kind_label=_("Approval"),
            detail=plan.get_status_display(),
            reference=plan.reference,
            priority="high",
        )


def assistance_timeline(actor, person) -> Iterable[TimelineEntry]:
    if has_permission(actor, "distributions.view"):
        for receipt in receipts_of_person(actor=actor, person=person):
            lines = receipt_lines(receipt=receipt)
            items = ", ".join(f"{line.quantity} × {line.item.name}" for line in lines)
            yield TimelineEntry(
                receipt.created_at,
                _("Items received: %(items)s") % {"items": items},
                isolate(receipt.distribution.reference)
                + (
                    f" — {_('override')}: {isolate(receipt.override_reason)}"
                    if receipt.override_reason
                    else ""
                ),
                "assistance",
                url=reverse("assistance:distribution_detail", args=[receipt.distribution.uuid]),
                who=receipt.recorded_by.username,
            )
    if has_permission(actor, "cash.view"):
        for payment in payments_of_person(actor=actor, person=person):
            yield TimelineEntry(
                payment.paid_at or payment.updated_at,
                _("Cash paid: %(amount)s LYD") % {"amount": payment.amount},
                isolate(payment.plan.reference),
                "assistance",
                url=reverse("assistance:cash_plan_detail", args=[payment.plan.uuid]),
            )
