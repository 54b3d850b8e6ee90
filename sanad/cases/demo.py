"""Demo cases: a few cases of different types for the demo people, with plans, follow-ups (one
overdue), services, a closure waiting for approval, a sensitive GBV case and a child-protection
case with a best-interests determination.

Idempotent: every case is opened with a ``demo-case-…`` idempotency key, and its follow-ups,
plans and services are added only when the case is first created. The cases are then dated back
(opened some days ago, last contact at the last service) so that the supervision page has a
high-risk case without contact to show and the services follow the opening, as in real work.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanad.cases import services
from sanad.cases.models import Case, CaseStatusChange
from sanad.cases.services.cases import OPEN_ACTION
from sanad.core.models import IdempotencyKey, User
from sanad.registry.models import Person

# (idempotency key, opener username, given name, case type, risk, opened from, reason)
CASES = [
    (
        "demo-case-1",
        "caseworker",
        "Amna",
        "mhpss",
        "high",
        "screening",
        "Low mood and sleeplessness since arrival.",
    ),
    (
        "demo-case-2",
        "caseworker",
        "Abdelrahman",
        "protection",
        "medium",
        "registration",
        "Lost documents; at risk of arrest.",
    ),
    (
        "demo-case-3",
        "caseworker",
        "Fatima",
        "gbv",
        "high",
        "helpline",
        "Disclosed an incident; wants medical care.",
    ),
    (
        "demo-case-4",
        "protection_caseworker",
        "Yousif",
        "child_protection",
        "high",
        "registration",
        "Child found alone at the disembarkation point.",
    ),
    (
        "demo-case-5",
        "mhpss_officer",
        "Tesfay",
        "mhpss",
        "low",
        "referral",
        "Referred by the MRRM team for counselling.",
    ),
]


# How long ago each demo case was opened and its last service delivered (days).
AGES = {
    "demo-case-1": (14, 3),
    "demo-case-2": (30, 10),
    "demo-case-3": (12, 9),  # high risk and no contact for longer than the default 7 days
    "demo-case-4": (20, 2),
    "demo-case-5": (5, 1),
}


def _person(given_name: str) -> Person | None:
    return Person.objects.filter(given_name=given_name, status=Person.Status.ACTIVE).order_by("pk").first()


def _date_back(case: Case, *, opened_days: int, now) -> None:
    """Spread the case's history from its opening ``opened_days`` ago, a day per step."""
    opened_at = now - datetime.timedelta(days=opened_days)
    changes = list(CaseStatusChange.objects.filter(case=case).order_by("at", "pk"))
    for step, change in enumerate(changes):
        change.at = min(opened_at + datetime.timedelta(days=step), now)
        change.save(update_fields=["at"])
    last_service = case.services.order_by("-delivered_at").first()
    Case.objects.filter(pk=case.pk).update(
        opened_at=opened_at,
        last_contact_at=last_service.delivered_at if last_service else opened_at,
    )


def demo_seed_cases(*, report=None) -> int:
    """Create the demo cases once; returns how many were created."""
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in={"caseworker", "team_leader", "protection_caseworker", "mhpss_officer"}
        )
    }
    if "caseworker" not in users:
        return 0
    now = timezone.now()
    today = timezone.localdate()
    created = 0
    for key, opener_name, given_name, case_type, risk, opened_from, reason in CASES:
        opener = users.get(opener_name)
        person = _person(given_name)
        if opener is None or person is None:
            continue
        existed = IdempotencyKey.objects.filter(actor=opener, action=OPEN_ACTION, key=key).exists()
        case = services.case_open(
            actor=opener,
            person=person,
            case_type=case_type,
            risk_level=risk,
            opened_from=opened_from,
            reason=reason,
            idempotency_key=key,
        )
        if existed:
            continue
        created += 1
        if report is not None:
            report.count("cases")
        services.case_start_assessment(actor=opener, case=case)
        services.plan_create(actor=opener, case=case, review_on=today + datetime.timedelta(days=30))
        goal = services.goal_add(
            actor=opener,
            case=case,
            description="Safety and well-being restored",
            need="mhpss" if case_type == "mhpss" else "protection_general",
        )
        services.action_add(
            actor=opener,
            case=case,
            goal=goal,
            description="Weekly session",
            responsible=opener,
            due_on=today + datetime.timedelta(days=7),
        )
        services.plan_submit(actor=opener, case=case)
        services.service_record(
            actor=opener,
            person=person,
            case=case,
            service_type="counselling"
            if case_type in ("mhpss", "gbv")
            else "legal_counselling"
            if case_type == "protection"
            else "family_tracing",
            modality="in_person",
            duration_minutes=45,
            delivered_at=now - datetime.timedelta(days=AGES[key][1]),
        )
        services.note_add(actor=opener, case=case, text="First session held; the person agreed to the plan.")
        # One overdue follow-up (the MHPSS case), the others in the coming days.
        due = now - datetime.timedelta(days=2) if key == "demo-case-1" else now + datetime.timedelta(days=5)
        services.followup_create(actor=opener, case=case, title="Follow-up call", due_at=due)
        if key == "demo-case-2":
            services.case_close_request(
                actor=opener, case=case, reason="goals_met", note="Documents replaced."
            )
        if key == "demo-case-4":
            services.bid_record(
                actor=opener,
                case=case,
                panel_date=today,
                panel_members=["Protection officer", "Child-protection specialist", "Social worker"],
                recommendation="family_reunification",
                decision="Family tracing found the mother; reunification recommended once travel is safe.",
            )
        _date_back(case, opened_days=AGES[key][0], now=now)
    return created
