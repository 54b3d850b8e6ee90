"""Demo DTM field data: a week of flow counts at the demo flow-monitoring point, two snapshots
of the demo detention centre, and one emergency event with two rapid assessments.

Idempotent: each piece is created only when it is not there yet (flow counts and snapshots are
keyed by point / centre and date; the event by its title).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanad.core.models import User
from sanad.dtm.models.detention import DetentionSnapshot
from sanad.dtm.models.events import EmergencyEvent
from sanad.dtm.models.flows import FlowCount
from sanad.dtm.services.detention import detention_snapshot_record
from sanad.dtm.services.events import assessment_create, event_create, event_publish
from sanad.dtm.services.flows import flow_count_record
from sanad.geo.models import AdminUnit, Site

EVENT_TITLE = "Flooding in Tripoli (demo)"
# (days ago, direction, men, women, boys, girls, nationalities)
FLOWS = [
    (7, "inflow", 40, 6, 3, 2, [("NER", 30), ("TCD", 15)]),
    (6, "inflow", 35, 4, 2, 1, [("NER", 25), ("SDN", 10)]),
    (6, "outflow", 12, 2, 0, 0, [("NER", 14)]),
    (5, "inflow", 50, 8, 4, 3, [("NER", 40), ("MLI", 12)]),
    (4, "outflow", 9, 1, 1, 0, [("NER", 11)]),
    (3, "inflow", 44, 5, 2, 2, [("NER", 33), ("TCD", 10)]),
]


def demo_seed_dtm(*, report=None, username: str = "dtm_officer") -> int:
    """Create the demo DTM field data once; returns how many records were created."""
    actor = User.objects.filter(username=username).first()
    if actor is None:
        return 0
    created = 0
    today = timezone.localdate()
    point = (
        Site.objects.filter(site_type=Site.Type.FLOW_MONITORING_POINT, is_active=True).order_by("pk").first()
    )
    if point is not None and not FlowCount.objects.filter(point=point).exists():
        for days_ago, direction, men, women, boys, girls, nationalities in FLOWS:
            flow_count_record(
                actor=actor,
                point=point,
                date=today - datetime.timedelta(days=days_ago),
                direction=direction,
                total=men + women + boys + girls,
                adult_men=men,
                adult_women=women,
                boys=boys,
                girls=girls,
                nationality_counts=nationalities,
            )
            created += 1
    centre = Site.objects.filter(site_type=Site.Type.DETENTION_CENTRE, is_active=True).order_by("pk").first()
    if centre is not None and not DetentionSnapshot.objects.filter(centre=centre).exists():
        for days_ago, men, women, boys, girls, ratings in (
            (
                35,
                260,
                40,
                12,
                8,
                {
                    "water": "insufficient",
                    "sanitation": "insufficient",
                    "health_access": "adequate",
                    "food": "adequate",
                },
            ),
            (
                5,
                380,
                55,
                20,
                15,
                {
                    "water": "critical",
                    "sanitation": "critical",
                    "health_access": "insufficient",
                    "food": "insufficient",
                },
            ),
        ):
            detention_snapshot_record(
                actor=actor,
                centre=centre,
                date=today - datetime.timedelta(days=days_ago),
                occupancy=men + women + boys + girls,
                capacity=350,
                adult_men=men,
                adult_women=women,
                boys=boys,
                girls=girls,
                conditions=ratings,
                condition_notes={"water": "Water trucked in every other day"}
                if ratings["water"] == "critical"
                else {},
                nationality_counts=[("SDN", men // 2), ("NGA", women), ("ERI", boys + girls)],
            )
            created += 1
    units = list(AdminUnit.objects.filter(pcode__in=["LY021104", "LY021106"]).order_by("pcode"))
    if units and not EmergencyEvent.objects.filter(title=EVENT_TITLE).exists():
        started = timezone.now() - datetime.timedelta(hours=30)
        event = event_create(
            actor=actor,
            title=EVENT_TITLE,
            event_type=EmergencyEvent.Type.FLOOD,
            started_at=started,
            admin_units=units,
            description="Heavy rain flooded low-lying streets; families moved to schools and relatives.",
        )
        for unit, households, individuals, needs in (
            (units[0], 35, 160, ["shelter", "non_food_items", "food"]),
            (units[-1], 12, 58, ["food", "water_sanitation"]),
        ):
            assessment_create(
                actor=actor,
                event=event,
                admin_unit=unit,
                assessed_on=timezone.localdate(started) + datetime.timedelta(days=1)
                if timezone.localdate(started) < today
                else today,
                households=households,
                individuals=individuals,
                priority_needs=needs,
            )
        event_publish(actor=actor, event=event)
        created += 1
    if report is not None and created:
        report.created["dtm records"] = report.created.get("dtm records", 0) + created
    return created
