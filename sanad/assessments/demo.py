"""Demo instruments and screenings: the shipped XLSForms loaded, MRRM screenings recorded by the
demo caseworker for a few demo people (a low, a medium and a high priority), and a PHQ-9 recorded
by the demo psychologist whose item 9 is above 0, so the safety alert reaches the MHPSS team's
leader as it would in the field.

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


# PHQ-9 answers (0-3 per item): moderate depression (score 13) and item 9 "several days".
PHQ9_WITH_ITEM9 = {
    "phq9_1": "2",
    "phq9_2": "2",
    "phq9_3": "2",
    "phq9_4": "2",
    "phq9_5": "1",
    "phq9_6": "2",
    "phq9_7": "1",
    "phq9_8": "0",
    "phq9_9": "1",
    "difficulty": "very_difficult",
}
PHQ9_PERSON = "Tesfay"  # the person of the psychologist's demo case


def _demo_phq9(report=None) -> int:
    psychologist = User.objects.filter(username="mhpss_officer").first()
    person = Person.objects.filter(given_name=PHQ9_PERSON, status=Person.Status.ACTIVE).order_by("pk").first()
    if psychologist is None or person is None or instrument_active_version(code="phq9") is None:
        return 0
    if Assessment.objects.filter(recorded_by=psychologist, instrument__code="phq9").exists():
        return 0
    assessment_record(
        actor=psychologist,
        person=person,
        instrument_code="phq9",
        answers=PHQ9_WITH_ITEM9,
        idempotency_key=f"demo-phq9-{person.reference}",
    )
    if report is not None:
        report.count("PHQ-9 assessments")
    return 1


def demo_seed_assessments(*, report=None) -> int:
    """Load the shipped instruments, record a few screenings and the psychologist's PHQ-9; returns
    how many assessments were recorded."""
    loaded = instruments_load_shipped()
    if report is not None:
        for _filename, outcome, _detail in loaded:
            if outcome == "loaded":
                report.count("instrument versions")
    return _demo_screenings(report) + _demo_phq9(report)


def _demo_screenings(report=None) -> int:
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
