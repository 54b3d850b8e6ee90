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
from django.utils.translation import gettext as _

from sanad.assessments.models import Assessment, Instrument
from sanad.assistance.models import (
    CashPlan,
    Distribution,
    DistributionReceipt,
    Payment,
    PdmResponse,
    PdmSample,
    PdmSampleMember,
)
from sanad.assistance.services.rules import require_recipient, require_scope
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


def require_pdm_source(*, actor, sample: PdmSample) -> None:
    """The distribution or cash plan a PDM sample is of: one whose answers the actor may record."""
    if sample.distribution_id:
        require_scope(
            actor=actor,
            obj=sample.distribution,
            action="distributions.record",
            view_action="distributions.view",
            message=_("You may not record PDM answers for this distribution."),
        )
    else:
        require_scope(
            actor=actor,
            obj=sample.cash_plan,
            action="cash.manage",
            view_action="cash.view",
            message=_("You may not record PDM answers for this cash plan."),
        )


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
    """Record a sampled person's answers. The sample's distribution (or cash plan) is one the actor
    may record at (404 out of view, 403 seen only) and its person one they may see, whoever calls."""
    require_pdm_source(actor=actor, sample=member.sample)
    require_recipient(actor=actor, person=member.person, household=None)
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


PDM_INSTRUMENT = "pdm"
# The assessments module's PDM survey codes that count as "appropriate" and are not problems.
_APPROPRIATE = {"all", "most"}
_NO_PROBLEM = {"none", ""}


def pdm_instrument_available() -> bool:
    """Whether the assessments module's "pdm" survey is installed (then the sample page links to it)."""
    return Instrument.objects.filter(code=PDM_INSTRUMENT).exists()


def _codes(value) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value or "").split()


def _survey_answers(sample: PdmSample) -> dict[int, dict]:
    """Each sampled person's latest "pdm" survey recorded since the sample was drawn, normalised."""
    person_ids = list(sample.members.values_list("person_id", flat=True))
    rows = (
        Assessment.objects.filter(
            person_id__in=person_ids, instrument__code=PDM_INSTRUMENT, recorded_at__gte=sample.created_at
        )
        .order_by("person_id", "-recorded_at")
        .values("person_id", "answers")
    )
    found: dict[int, dict] = {}
    for row in rows:
        if row["person_id"] in found:
            continue
        answers = row["answers"] or {}
        try:
            satisfaction = int(str(answers.get("satisfaction", "")).strip())
        except ValueError:
            satisfaction = None
        found[row["person_id"]] = {
            "satisfaction": satisfaction,
            "appropriate": answers.get("appropriate") in _APPROPRIATE,
            "problems": [c for c in _codes(answers.get("problems")) if c not in _NO_PROBLEM],
            "complaint_raised": answers.get("complaint_raised") == "yes",
        }
    return found


def pdm_answered_person_ids(sample: PdmSample) -> set[int]:
    built_in = set(
        PdmResponse.objects.filter(member__sample=sample).values_list("member__person_id", flat=True)
    )
    return built_in | set(_survey_answers(sample))


def pdm_summary(sample: PdmSample) -> dict:
    """Satisfaction, appropriateness, problems and complaints over the sample's answers: the
    assessments module's "pdm" survey where recorded, else the built-in short form."""
    answers = _survey_answers(sample)
    for response in PdmResponse.objects.filter(member__sample=sample).select_related("member"):
        answers.setdefault(
            response.member.person_id,
            {
                "satisfaction": response.satisfaction,
                "appropriate": response.appropriate,
                "problems": list(response.problems),
                "complaint_raised": response.complaint_raised,
            },
        )
    answered = len(answers)
    scores = [a["satisfaction"] for a in answers.values() if a["satisfaction"] is not None]
    problems = Counter(code for a in answers.values() for code in a["problems"])
    labels = dict(PdmResponse.Problem.choices)

    def share(n):
        return round(100 * n / answered) if answered else None

    return {
        "sampled": sample.size,
        "answered": answered,
        "satisfaction_average": round(sum(scores) / len(scores), 2) if scores else None,
        "satisfied_percent": share(sum(1 for s in scores if s >= 4)),
        "appropriate_percent": share(sum(1 for a in answers.values() if a["appropriate"])),
        "complaints": sum(1 for a in answers.values() if a["complaint_raised"]),
        "problems": [
            (labels.get(code, code.replace("_", " ").capitalize()), n, share(n))
            for code, n in problems.most_common()
        ],
    }
