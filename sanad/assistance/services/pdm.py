"""Post-distribution monitoring: draw a reproducible random sample of recipients, record answers,
summarise them.

The sample is drawn with Python's ``random.Random(seed)`` over the recipients sorted by their
internal id, so the same seed and size over the same recipients always give the same people.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from sanad.assistance.models import (
    CashPlan,
    Distribution,
    DistributionReceipt,
    Payment,
    PdmResponse,
    PdmSample,
    PdmSampleMember,
)
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError


def pdm_recipients(
    *, distribution: Distribution | None = None, cash_plan: CashPlan | None = None
) -> list[int]:
    if distribution is not None:
        ids = DistributionReceipt.objects.filter(distribution=distribution, person__isnull=False).values_list(
            "person_id", flat=True
        )
    else:
        ids = Payment.objects.filter(plan=cash_plan, status=Payment.Status.PAID).values_list(
            "person_id", flat=True
        )
    return sorted(set(ids))


def pdm_draw(population: list[int], *, size: int, seed: int) -> list[int]:
    """The sample: ``size`` ids out of ``population`` (sorted), reproducible from ``seed``."""
    population = sorted(population)
    return random.Random(seed).sample(population, min(size, len(population)))


@transaction.atomic
def pdm_sample_draw(
    *,
    actor,
    size: int,
    distribution: Distribution | None = None,
    cash_plan: CashPlan | None = None,
    seed: int | None = None,
) -> PdmSample:
    if (distribution is None) == (cash_plan is None):
        raise ValidationError(_("Sample the recipients of one distribution or one cash plan."))
    if not size or size <= 0:
        raise ValidationError({"size": _("Enter a sample size of at least 1.")})
    population = pdm_recipients(distribution=distribution, cash_plan=cash_plan)
    if not population:
        raise DomainError(_("Nobody has received this assistance yet."), code="no_recipients")
    seed = seed if seed is not None else secrets.randbelow(2**31)
    chosen = pdm_draw(population, size=size, seed=seed)
    sample = PdmSample.objects.create(
        distribution=distribution,
        cash_plan=cash_plan,
        seed=seed,
        size=len(chosen),
        population=len(population),
        drawn_by=actor,
    )
    PdmSampleMember.objects.bulk_create(
        PdmSampleMember(sample=sample, person_id=pk, position=i) for i, pk in enumerate(chosen, start=1)
    )
    source = distribution or cash_plan
    audit_record(
        actor=actor,
        action="assistance.pdm.draw",
        obj=sample,
        object_repr=f"PDM {source.reference}",
        changes={"seed": [None, seed], "size": [None, len(chosen)], "population": [None, len(population)]},
    )
    return sample


@transaction.atomic
def pdm_response_record(
    *,
    actor,
    member: PdmSampleMember,
    satisfaction: int,
    appropriate: bool,
    problems: list[str] | None = None,
    complaint_raised: bool = False,
    comment: str = "",
) -> PdmResponse:
    errors = {}
    if satisfaction not in (1, 2, 3, 4, 5):
        errors["satisfaction"] = _("Choose a satisfaction score from 1 to 5.")
    problems = list(dict.fromkeys(problems or []))
    unknown = [p for p in problems if p not in PdmResponse.Problem.values]
    if unknown:
        errors["problems"] = _("Unknown problems: %(codes)s") % {"codes": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    if PdmResponse.objects.filter(member=member).exists():
        raise DomainError(_("This person's PDM answers are already recorded."), code="already_recorded")
    response = PdmResponse.objects.create(
        member=member,
        satisfaction=satisfaction,
        appropriate=appropriate,
        problems=problems,
        complaint_raised=complaint_raised,
        comment=comment[:500],
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="assistance.pdm.record",
        obj=response,
        object_repr=f"PDM {member.person_id}",
        changes={
            "satisfaction": [None, satisfaction],
            "appropriate": [None, appropriate],
            "problems": [None, problems],
            "complaint_raised": [None, complaint_raised],
        },
    )
    return response


def pdm_summary(sample: PdmSample) -> dict:
    responses = PdmResponse.objects.filter(member__sample=sample)
    agg = responses.aggregate(
        answered=Count("pk"),
        average=Avg("satisfaction"),
        appropriate=Count("pk", filter=Q(appropriate=True)),
        complaints=Count("pk", filter=Q(complaint_raised=True)),
        satisfied=Count("pk", filter=Q(satisfaction__gte=4)),
    )
    problems = Counter(code for row in responses.values_list("problems", flat=True) for code in row)
    labels = dict(PdmResponse.Problem.choices)
    answered = agg["answered"]

    def share(n):
        return round(100 * n / answered) if answered else None

    return {
        "sampled": sample.size,
        "answered": answered,
        "satisfaction_average": round(agg["average"], 2) if agg["average"] is not None else None,
        "satisfied_percent": share(agg["satisfied"]),
        "appropriate_percent": share(agg["appropriate"]),
        "complaints": agg["complaints"],
        "problems": [(labels.get(code, code), n, share(n)) for code, n in problems.most_common()],
    }
