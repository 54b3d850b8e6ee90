"""Multi-purpose cash: plans, their payment lists, two-step approval, follow-up of failures.

Amounts are ``Decimal`` in Libyan dinars with three decimal places (dirhams); a float never
touches them. Nobody is paid twice in the same plan (unique constraint) or the same cycle of a
programme (partial unique constraint over pending and paid payments, and a check here that
reports them instead of failing).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.assistance.models import CashAmountBand, CashPlan, FinancialServiceProvider, Payment
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError, Forbidden
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.references import reference_next
from sanad.registry.models import Person

DIRHAM = Decimal("0.001")


def amount_parse(value, *, field: str = "amount") -> Decimal:
    """A positive LYD amount with at most three decimals, from a string, int or Decimal (never float)."""
    if isinstance(value, float):
        raise ValidationError({field: _("Amounts must be given as text or decimal, not floating point.")})
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, AttributeError):
        raise ValidationError({field: _("Enter an amount in dinars, e.g. 250.500.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("Enter an amount greater than zero.")})
    if amount != amount.quantize(DIRHAM, rounding=ROUND_HALF_UP):
        raise ValidationError({field: _("At most three decimal places (dirhams).")})
    return amount.quantize(DIRHAM)


def _cycle_key(plan: CashPlan) -> str:
    return f"{plan.unit_id}:{plan.cycle}"


@transaction.atomic
def fsp_create(
    *, actor, code: str, name: str, agency, export_format: str, columns: list[str]
) -> FinancialServiceProvider:
    from sanad.assistance.services.cash_files import EXPORT_COLUMNS

    if FinancialServiceProvider.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A provider with this code already exists.")})
    unknown = [c for c in columns if c not in EXPORT_COLUMNS]
    if not columns or unknown:
        raise ValidationError(
            {"columns": _("Unknown columns: %(cols)s") % {"cols": ", ".join(unknown) or "—"}}
        )
    fsp = FinancialServiceProvider.objects.create(
        code=code, name=name, agency=agency, export_format=export_format, columns=columns
    )
    audit_record(
        actor=actor,
        action="assistance.fsp.create",
        obj=fsp,
        changes={"columns": [None, columns], "format": [None, export_format]},
    )
    return fsp


@transaction.atomic
def cash_plan_create(
    *,
    actor,
    title: str,
    cycle: str,
    fsp: FinancialServiceProvider,
    unit,
    target: str = CashPlan.Target.HOUSEHOLD,
    amount_basis: str = CashPlan.AmountBasis.HOUSEHOLD_SIZE,
    fixed_amount=None,
    bands: list[tuple[int, int | None, object]] | None = None,
    criteria: dict | None = None,
    follow_up_of: CashPlan | None = None,
    idempotency_key: str | None = None,
) -> CashPlan:
    existing = idempotent_lookup(
        actor=actor, action="assistance.cash_plan.create", key=idempotency_key, model=CashPlan
    )
    if existing is not None:
        return existing
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the plan a title.")
    if not (cycle or "").strip():
        errors["cycle"] = _("Give the cycle (e.g. 2026-11).")
    if target not in CashPlan.Target.values:
        errors["target"] = _("Choose who is paid.")
    parsed_bands = []
    if amount_basis == CashPlan.AmountBasis.FIXED:
        try:
            fixed_amount = amount_parse(fixed_amount, field="fixed_amount")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    elif amount_basis == CashPlan.AmountBasis.HOUSEHOLD_SIZE:
        fixed_amount = None
        for low, high, amount in bands or []:
            try:
                parsed_bands.append(
                    (int(low), int(high) if high else None, amount_parse(amount, field="bands"))
                )
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if not parsed_bands and "bands" not in errors:
            errors["bands"] = _("Give the amount for each household-size band.")
        ordered = sorted(parsed_bands, key=lambda b: b[0])
        if any(low < 1 or (high is not None and high < low) for low, high, _a in ordered):
            errors["bands"] = _(
                "Each band needs sizes from 1 upwards, the upper size not below the lower one."
            )
        for (_lo1, hi1, _a), (lo2, _h, _b) in zip(ordered, ordered[1:], strict=False):
            if hi1 is None or hi1 >= lo2:
                errors["bands"] = _("Household-size bands overlap.")
    else:
        errors["amount_basis"] = _("Choose how amounts are set.")
    if errors:
        raise ValidationError(errors)
    plan = CashPlan.objects.create(
        reference=reference_next(series="CP"),
        title=title.strip(),
        cycle=cycle.strip(),
        fsp=fsp,
        target=target,
        amount_basis=amount_basis,
        fixed_amount=fixed_amount,
        criteria=criteria or {},
        follow_up_of=follow_up_of,
        agency=unit.agency,
        unit=unit,
        created_by=actor,
    )
    CashAmountBand.objects.bulk_create(
        CashAmountBand(plan=plan, min_size=lo, max_size=hi, amount=amount) for lo, hi, amount in parsed_bands
    )
    audit_record(
        actor=actor,
        action="assistance.cash_plan.create",
        obj=plan,
        changes={
            "title": [None, plan.title],
            "cycle": [None, plan.cycle],
            "fsp": [None, fsp.code],
            "amount_basis": [None, amount_basis],
            "fixed_amount": [None, str(fixed_amount) if fixed_amount is not None else None],
            "bands": [None, [[lo, hi, str(a)] for lo, hi, a in parsed_bands]],
            "follow_up_of": [None, follow_up_of.reference if follow_up_of else None],
        },
    )
    idempotent_remember(actor=actor, action="assistance.cash_plan.create", key=idempotency_key, obj=plan)
    return plan


def cash_amount_for(plan: CashPlan, household_size: int) -> Decimal | None:
    if plan.amount_basis == CashPlan.AmountBasis.FIXED:
        return plan.fixed_amount
    for band in plan.bands.all():
        if band.min_size <= household_size and (band.max_size is None or household_size <= band.max_size):
            return band.amount
    return None


def _require_draft(plan: CashPlan) -> CashPlan:
    plan = CashPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != CashPlan.Status.DRAFT:
        raise DomainError(_("The payment list can only change while the plan is a draft."), code="not_draft")
    return plan


@transaction.atomic
def cash_plan_build_list(*, actor, plan: CashPlan, people) -> dict:
    """Add payments for ``people`` (a queryset the caller scoped and filtered). For a household
    plan, one payment per household, to its head. Returns counts and who was left out, and why."""
    plan = _require_draft(plan)
    people = people.filter(status=Person.Status.ACTIVE).select_related("household", "household__head")
    cycle_key = _cycle_key(plan)
    already_in_cycle = set(
        Payment.objects.filter(cycle_key=cycle_key, status__in=Payment.LIVE).values_list(
            "person_id", flat=True
        )
    )
    in_plan = set(plan.payments.values_list("person_id", flat=True))
    sizes = {}
    recipients: dict[int, tuple[Person, object]] = {}
    for person in people.order_by("pk"):
        if plan.target == CashPlan.Target.HOUSEHOLD:
            household = person.household
            if household is None:
                recipients.setdefault(person.pk, (person, None))
                continue
            head = household.head or person
            recipients.setdefault(head.pk, (head, household))
        else:
            recipients.setdefault(person.pk, (person, person.household))
    household_ids = {h.pk for _p, h in recipients.values() if h is not None}
    if household_ids:
        sizes = dict(
            Person.objects.filter(household_id__in=household_ids, status=Person.Status.ACTIVE)
            .values_list("household_id")
            .annotate(n=Count("pk"))
        )
    created, skipped = [], []
    for person, household in recipients.values():
        size = sizes.get(household.pk, 1) if household is not None else 1
        if person.pk in in_plan:
            continue
        if person.pk in already_in_cycle:
            skipped.append(
                (person.reference, _("Already paid or pending in cycle %(cycle)s.") % {"cycle": plan.cycle})
            )
            continue
        amount = cash_amount_for(plan, size)
        if amount is None:
            skipped.append((person.reference, _("No amount for a household of %(size)d.") % {"size": size}))
            continue
        created.append(
            Payment(
                plan=plan,
                person=person,
                household=household,
                household_size=size,
                cycle_key=cycle_key,
                amount=amount,
            )
        )
    Payment.objects.bulk_create(created)
    audit_record(
        actor=actor,
        action="assistance.cash_plan.build_list",
        obj=plan,
        changes={"added": [None, len(created)], "skipped": [None, [r for r, _m in skipped]]},
    )
    return {"added": len(created), "skipped": skipped}


@transaction.atomic
def payment_remove(*, actor, payment: Payment) -> None:
    _require_draft(payment.plan)
    audit_record(
        actor=actor,
        action="assistance.payment.remove",
        obj=payment.plan,
        changes={"person": [payment.person.reference, None], "amount": [str(payment.amount), None]},
    )
    payment.delete()


@transaction.atomic
def cash_plan_submit(*, actor, plan: CashPlan) -> CashPlan:
    plan = _require_draft(plan)
    if not plan.payments.exists():
        raise DomainError(_("The payment list is empty."), code="empty")
    plan.status = CashPlan.Status.PENDING_PROGRAMME
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="assistance.cash_plan.submit",
        obj=plan,
        changes={"status": ["draft", plan.status]},
    )
    return plan


@transaction.atomic
def cash_plan_approve(*, actor, plan: CashPlan) -> CashPlan:
    """Programme approval, then finance approval: two different people, neither the plan's creator."""
    from sanad.core.permissions import has_permission

    plan = CashPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.created_by_id == actor.pk:
        raise Forbidden(_("You prepared this plan: someone else must approve it."), code="segregation")
    now = timezone.now()
    if plan.status == CashPlan.Status.PENDING_PROGRAMME:
        if not has_permission(actor, "cash.approve_programme"):
            raise Forbidden(_("You may not give the programme approval."), code="forbidden")
        plan.status, plan.programme_approved_by, plan.programme_approved_at = (
            CashPlan.Status.PENDING_FINANCE,
            actor,
            now,
        )
        step = "programme"
    elif plan.status == CashPlan.Status.PENDING_FINANCE:
        if not has_permission(actor, "cash.approve_finance"):
            raise Forbidden(_("You may not give the finance approval."), code="forbidden")
        if plan.programme_approved_by_id == actor.pk:
            raise Forbidden(
                _("The finance approval must come from a different person than the programme approval."),
                code="segregation",
            )
        plan.status, plan.finance_approved_by, plan.finance_approved_at = CashPlan.Status.APPROVED, actor, now
        step = "finance"
    else:
        raise DomainError(_("This plan is not awaiting approval."), code="not_pending")
    plan.save()
    audit_record(
        actor=actor,
        action=f"assistance.cash_plan.approve_{step}",
        obj=plan,
        changes={"status": [None, plan.status]},
    )
    return plan


@transaction.atomic
def cash_plan_reject(*, actor, plan: CashPlan, reason: str) -> CashPlan:
    plan = CashPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (CashPlan.Status.PENDING_PROGRAMME, CashPlan.Status.PENDING_FINANCE):
        raise DomainError(_("This plan is not awaiting approval."), code="not_pending")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the plan goes back to draft.")})
    before = plan.status
    plan.status = CashPlan.Status.DRAFT
    plan.programme_approved_by = plan.finance_approved_by = None
    plan.programme_approved_at = plan.finance_approved_at = None
    plan.save()
    audit_record(
        actor=actor,
        action="assistance.cash_plan.reject",
        obj=plan,
        changes={"status": [before, "draft"], "reason": [None, reason.strip()]},
    )
    return plan


@transaction.atomic
def cash_plan_follow_up(*, actor, plan: CashPlan, cycle: str | None = None) -> CashPlan:
    """A follow-up plan re-issuing every failed or uncollected payment of ``plan``."""
    if plan.status not in (CashPlan.Status.EXPORTED, CashPlan.Status.RECONCILED):
        raise DomainError(_("Follow up a plan once its payments are reconciled."), code="not_reconciled")
    failures = list(
        plan.payments.filter(
            status__in=[Payment.Status.FAILED, Payment.Status.NOT_COLLECTED], follow_ups__isnull=True
        ).select_related("person")
    )
    if not failures:
        raise DomainError(_("No failed or uncollected payment to follow up."), code="nothing")
    follow = cash_plan_create(
        actor=actor,
        title=_("Follow-up of %(ref)s") % {"ref": plan.reference},
        cycle=cycle or plan.cycle,
        fsp=plan.fsp,
        unit=plan.unit,
        target=plan.target,
        amount_basis=CashPlan.AmountBasis.FIXED
        if plan.amount_basis == CashPlan.AmountBasis.FIXED
        else CashPlan.AmountBasis.HOUSEHOLD_SIZE,
        fixed_amount=plan.fixed_amount,
        bands=[(b.min_size, b.max_size, b.amount) for b in plan.bands.all()],
        criteria=plan.criteria,
        follow_up_of=plan,
    )
    cycle_key = _cycle_key(follow)
    live = set(
        Payment.objects.filter(
            cycle_key=cycle_key, status__in=Payment.LIVE, person__in=[p.person for p in failures]
        ).values_list("person_id", flat=True)
    )
    Payment.objects.bulk_create(
        Payment(
            plan=follow,
            person=p.person,
            household=p.household,
            household_size=p.household_size,
            cycle_key=cycle_key,
            amount=p.amount,
            follow_up_of=p,
        )
        for p in failures
        if p.person_id not in live
    )
    audit_record(
        actor=actor,
        action="assistance.cash_plan.follow_up",
        obj=follow,
        changes={
            "follow_up_of": [None, plan.reference],
            "payments": [None, [p.person.reference for p in failures if p.person_id not in live]],
        },
    )
    return follow


def cash_plan_totals(plan: CashPlan) -> dict:
    from django.db.models import Sum

    rows = plan.payments.values("status").annotate(n=Count("pk"), total=Sum("amount"))
    by_status = {r["status"]: {"count": r["n"], "total": r["total"] or Decimal("0.000")} for r in rows}
    total = sum((v["total"] for v in by_status.values()), Decimal("0.000"))
    count = sum(v["count"] for v in by_status.values())
    return {
        "by_status": by_status,
        "total": total,
        "count": count,
        "failed": plan.payments.filter(
            Q(status=Payment.Status.FAILED) | Q(status=Payment.Status.NOT_COLLECTED)
        ).count(),
    }
