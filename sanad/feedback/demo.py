"""Demo helpline data: focal points, an SLA rule, an edited script and a handful of tickets — one
overdue complaint (escalated by the SLA job), one emergency from Zwara, one from Tripoli, a PSEA
report from a shelter, an answered information request.

Idempotent: focal points and rules are looked up first; tickets are logged with fixed
idempotency keys, so a second run returns the same tickets and creates nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanad.core.models import User
from sanad.feedback.models import CallScript, FocalPoint, SlaRule, Status, Ticket
from sanad.feedback.services import (
    call_script_save,
    focal_point_add,
    sla_rule_save,
    ticket_assign,
    ticket_close,
    ticket_communicate_outcome,
    ticket_escalate_overdue,
    ticket_log,
    ticket_resolve,
    ticket_start,
)
from sanad.geo.models import AdminUnit, Site

FOCAL_POINTS = [
    ("psea_focal_point", "psea"),
    ("psea_focal_point", "fraud"),
    ("data_protection_officer", "data_breach"),
]


def _users(*names) -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _site(name: str) -> Site | None:
    return Site.objects.filter(name_en=name).first()


def demo_seed_feedback(*, report=None) -> int:
    """Seed the helpline demo; returns how many tickets were created."""
    people = _users("admin", "helpline_operator", "psea_focal_point", "data_protection_officer", "me_officer")
    admin, operator = people.get("admin"), people.get("helpline_operator")
    if admin is None or operator is None or not operator.agency_id:
        return 0

    for username, category in FOCAL_POINTS:
        user = people.get(username)
        if (
            user
            and not FocalPoint.objects.filter(agency_id=user.agency_id, category=category, user=user).exists()
        ):
            focal_point_add(actor=admin, agency=user.agency, category=category, user=user)
            if report:
                report.count("focal points")
    if not SlaRule.objects.filter(category="feedback", priority="low").exists():
        sla_rule_save(
            actor=admin, category="feedback", priority="low", acknowledge_hours=72, resolve_hours=21 * 24
        )
    if not CallScript.objects.filter(category="information_request", language="en").exists():
        call_script_save(
            actor=admin,
            category="information_request",
            language="en",
            text=(
                "1. Ask: What would you like to know?\n"
                "2. Answer from the approved information sheet "
                "(updated every Monday by the MRRM focal point).\n"
                '3. Say: "All IOM services are free. Nobody may ask you for money or favours for them."\n'
                "4. Mention the weekly MRRM visit days: Tripoli on Sundays and Wednesdays."
            ),
        )

    now = timezone.now()
    tripoli = AdminUnit.objects.filter(pcode="LY021104").first()
    created_before = Ticket.objects.count()

    def log(key: str, **kwargs) -> Ticket:
        return ticket_log(actor=operator, idempotency_key=f"demo-ticket-{key}", **kwargs)

    answered = log(
        "information",
        channel="helpline_call",
        category="information_request",
        description="Asks which days the mobile team comes to Gargaresh and whether registration is free.",
        caller_name="Abdelrahman",
        caller_phone="0912345002",
        admin_unit=tripoli,
        received_at=now - datetime.timedelta(days=3),
    )
    if answered.status == Status.NEW:
        ticket_start(actor=operator, ticket=answered)
        ticket_resolve(
            actor=operator,
            ticket=answered,
            response="Told him the team visits on Sundays and Wednesdays; registration is free.",
            method="phone",
        )
        ticket_close(actor=operator, ticket=answered)

    overdue = log(
        "overdue-complaint",
        channel="suggestion_box",
        category="complaint_service",
        description="Hygiene kits ran out before the families of block C were served at the distribution.",
        site=_site("Gargaresh urban community"),
        received_at=now - datetime.timedelta(days=9),
    )
    if overdue.status == Status.NEW:
        ticket_assign(actor=operator, ticket=overdue, assignee=operator)

    log(
        "zwara-emergency",
        channel="helpline_call",
        category="emergency_medical",
        description="A boat landed at Zwara; a pregnant woman is bleeding and two children have high fever.",
        caller_phone="0925550101",
        site=_site("Zwara disembarkation point"),
    )
    log(
        "tripoli-emergency",
        channel="helpline_call",
        category="emergency_detention",
        description="About 40 people newly held at the Tripoli detention centre, no water since yesterday.",
        site=_site("Tripoli detention centre (demo)"),
        received_at=now - datetime.timedelta(minutes=20),
    )
    log(
        "psea",
        channel="helpline_call",
        category="psea",
        anonymous=True,
        description="A woman at the shelter says a man handing out food asked for sex for extra rations.",
        site=_site("Misrata collective shelter (demo)"),
        language="ar",
    )
    thanks = log(
        "appreciation",
        channel="sms_whatsapp",
        category="feedback",
        priority="low",
        description="Thanks the Sebha nurse who visited their house; the child is better.",
        caller_name="Aisha",
    )
    if thanks.status == Status.NEW:
        ticket_start(actor=operator, ticket=thanks)
        ticket_resolve(
            actor=operator,
            ticket=thanks,
            response="Passed on to the Sebha health team.",
            method="sms_whatsapp",
        )
        ticket_communicate_outcome(actor=operator, ticket=thanks, method="sms_whatsapp", satisfaction=5)
        ticket_close(actor=operator, ticket=thanks)

    ticket_escalate_overdue(now=now)
    created = Ticket.objects.count() - created_before
    if report:
        for _ in range(created):
            report.count("tickets")
    return created
