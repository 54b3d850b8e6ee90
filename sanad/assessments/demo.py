"""Demo instruments and screenings: the shipped XLSForms loaded, and MRRM screenings recorded by the
demo caseworker for a few demo people (a low, a medium and a high priority).

Idempotent: ``load_instruments`` leaves loaded versions alone; screenings are recorded only for
demo people who have none yet.
"""

from __future__ import annotations

from sanad.assessments.models import Assessment
from sanad.assessments.selectors import instrument_active_version
from sanad.assessments.services import assessment_record, instruments_load_shipped
from sanad.core.models import User
from sanad.registry.models import Person

WG = {
    f"wg_{domain}": "1"
    for domain in ("seeing", "hearing", "walking", "remembering", "self_care", "communicating")
}
ADULT_MAN = {
    "sex": "male",
    "age": 30,
    "detention": "no",
    "serious_medical": "no",
    **WG,
    "distress": "no",
    "immediate_danger": "no",
    "violence": "no",
    "tip_forced_work": "no",
    "tip_debt": "no",
    "tip_documents": "no",
    "tip_movement": "no",
    "shelter": "adequate",
    "food_24h": "yes",
    "items_lacking": ["none"],
    "single_caregiver": "no",
    "family_lost_contact": "no",
    "vhr_interest": "no",
}
SCREENINGS = [
    dict(ADULT_MAN),
    {**ADULT_MAN, "age": 64, "food_24h": "no", "items_lacking": ["bedding", "clothing"]},
    {
        **ADULT_MAN,
        "serious_medical": "yes",
        "shelter": "none",
        "family_lost_contact": "yes",
        "vhr_interest": "yes",
    },
]


def demo_seed_assessments(*, report=None) -> int:
    """Load the shipped instruments and record a few screenings; returns how many were recorded."""
    loaded = instruments_load_shipped()
    if report is not None:
        for _filename, outcome, _detail in loaded:
            if outcome == "loaded":
                report.count("instrument versions")
    caseworker = User.objects.filter(username="caseworker").first()
    if caseworker is None or instrument_active_version(code="mrrm_screening") is None:
        return 0
    screened = Assessment.objects.values("person_id")
    people = list(
        Person.objects.filter(status=Person.Status.ACTIVE, created_by=caseworker)
        .exclude(pk__in=screened)
        .order_by("reference")[: len(SCREENINGS)]
    )
    if Assessment.objects.filter(recorded_by=caseworker).exists():
        return 0
    recorded = 0
    for person, answers in zip(people, SCREENINGS, strict=False):
        assessment_record(
            actor=caseworker,
            person=person,
            instrument_code="mrrm_screening",
            answers=answers,
            idempotency_key=f"demo-screening-{person.reference}",
        )
        recorded += 1
        if report is not None:
            report.count("screenings")
    return recorded
