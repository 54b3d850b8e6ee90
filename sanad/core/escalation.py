"""Who answers for a record when the people closest to it cannot: one escalation chain.

A safety alert or an approval goes first to the leaders of the record's team; when none of them
qualifies, to the supervisors of its unit (the unit's team leaders, whatever their team), then to
the administrators of its agency, and last to the installation's administrators — so nothing ever
waits for nobody. The module that escalates says who qualifies at a level (not the person who
asked, may see the record's sensitive content...) and takes the first level where somebody does::

    level, users = escalation_first(agency_id=..., unit_id=..., team_id=..., qualifies=check)
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sanad.core.models import TeamMembership, User

TEAM_LEADERS = "team_leaders"
UNIT_SUPERVISORS = "unit_supervisors"
AGENCY_ADMINISTRATORS = "agency_administrators"
SYSTEM_ADMINISTRATORS = "system_administrators"

LEVEL_LABELS = {
    TEAM_LEADERS: _("the team's leaders"),
    UNIT_SUPERVISORS: _("the team has no leader who can act, so the unit's supervisors were asked"),
    AGENCY_ADMINISTRATORS: _(
        "the unit has no supervisor who can act, so the agency's administrators were asked"
    ),
    SYSTEM_ADMINISTRATORS: _(
        "the agency has no administrator who can act, so the system administrators were asked"
    ),
}

LEADER = TeamMembership.Function.TEAM_LEADER


def escalation_levels(*, agency_id, unit_id=None, team_id=None) -> list[tuple[str, QuerySet[User]]]:
    """The chain for a record of ``agency_id`` held by ``unit_id`` / ``team_id``, closest first."""
    active = User.objects.filter(is_active=True)
    levels: list[tuple[str, QuerySet[User]]] = []
    if team_id:
        leaders = active.filter(
            agency_id=agency_id, memberships__team_id=team_id, memberships__function=LEADER
        )
        levels.append((TEAM_LEADERS, leaders))
    if unit_id:
        supervisors = active.filter(agency_id=agency_id).filter(
            Q(roles__code="team_leader", units=unit_id)
            | Q(memberships__function=LEADER, memberships__team__unit_id=unit_id)
        )
        levels.append((UNIT_SUPERVISORS, supervisors))
    levels.append((AGENCY_ADMINISTRATORS, active.filter(agency_id=agency_id, roles__code="agency_admin")))
    levels.append((SYSTEM_ADMINISTRATORS, active.filter(roles__code="system_admin")))
    distinct = [(level, User.objects.filter(pk__in=users.values("pk"))) for level, users in levels]
    return [(level, users.order_by("username")) for level, users in distinct]


def escalation_first(
    *, agency_id, unit_id=None, team_id=None, qualifies: Callable[[str, User], bool]
) -> tuple[str, list[User]]:
    """The first level where somebody qualifies, and who; ``("", [])`` when nobody anywhere does."""
    for level, users in escalation_levels(agency_id=agency_id, unit_id=unit_id, team_id=team_id):
        chosen = [user for user in users if qualifies(level, user)]
        if chosen:
            return level, chosen
    return "", []
