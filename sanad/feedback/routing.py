"""Who receives a ticket: the mobile team covering an emergency's location, the focal points of a
sensitive category, the supervisors an overdue ticket escalates to.

Covering rule for emergencies: an active mobile team based in the ticket's baladiya; if none, an
active mobile team based in another baladiya of the same mantika. Among several, a team of the
ticket's own agency comes first, then an MRRM team, then by name. A location given as a muhalla
counts as its baladiya; a location given only as a mantika looks for teams of that mantika.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from sanad.core.models import Team, TeamMembership, Unit, User
from sanad.feedback.models import FocalPoint, Ticket
from sanad.geo.models import AdminUnit


def ticket_location(ticket: Ticket) -> AdminUnit | None:
    if ticket.admin_unit_id:
        return ticket.admin_unit
    if ticket.site_id:
        return ticket.site.admin_unit
    return None


def _ranked(teams: QuerySet[Team], agency_id: int | None) -> QuerySet[Team]:
    return teams.annotate(
        same_agency=Case(
            When(agency_id=agency_id, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        mrrm=Case(
            When(unit__kind=Unit.Kind.MRRM, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    ).order_by("same_agency", "mrrm", "name", "pk")


def covering_team(*, admin_unit: AdminUnit | None, agency_id: int | None = None) -> Team | None:
    """The mobile team covering ``admin_unit`` (see the module docstring)."""
    if admin_unit is None:
        return None
    teams = Team.objects.filter(is_active=True, is_mobile=True, base_admin_unit__isnull=False)
    baladiya = admin_unit.parent if admin_unit.level == AdminUnit.Level.MUHALLA else admin_unit
    if baladiya is None:
        return None
    if baladiya.level == AdminUnit.Level.BALADIYA:
        found = _ranked(teams.filter(base_admin_unit=baladiya), agency_id).first()
        if found is not None:
            return found
        mantika_id = baladiya.parent_id
    elif baladiya.level == AdminUnit.Level.MANTIKA:
        mantika_id = baladiya.pk
    else:
        return None
    if mantika_id is None:
        return None
    return _ranked(
        teams.filter(Q(base_admin_unit__parent_id=mantika_id) | Q(base_admin_unit_id=mantika_id)), agency_id
    ).first()


def system_administrators(*, exclude: set[int] | None = None) -> list[User]:
    users = User.objects.filter(is_active=True, roles__code="system_admin").distinct().order_by("username")
    return [u for u in users if u.pk not in (exclude or set())]


def focal_points_for(ticket: Ticket, *, exclude: set[int] | None = None) -> list[User]:
    """The focal points of the ticket's category and agency, never the staff member complained about."""
    excluded = set(exclude or set())
    if ticket.staff_member_id:
        excluded.add(ticket.staff_member_id)
    users = (
        User.objects.filter(
            is_active=True,
            pk__in=FocalPoint.objects.filter(agency_id=ticket.agency_id, category=ticket.category).values(
                "user_id"
            ),
        )
        .exclude(pk__in=excluded)
        .order_by("username")
    )
    return list(users)


def supervisors_for(ticket: Ticket) -> list[User]:
    """Who an overdue ticket escalates to.

    Sensitive: the category's other focal points (not the assignee), else the system
    administrators. General: the team leaders of the ticket's team and of the teams of the operator
    who logged it (the helpline supervisor); else the system administrators. Never the staff
    member complained about.
    """
    excluded = {pk for pk in (ticket.staff_member_id, ticket.assigned_to_id) if pk}
    if ticket.is_sensitive:
        people = focal_points_for(ticket, exclude=excluded)
    else:
        team_ids = set(
            TeamMembership.objects.filter(user_id=ticket.logged_by_id).values_list("team_id", flat=True)
        )
        if ticket.team_id:
            team_ids.add(ticket.team_id)
        people = list(
            User.objects.filter(
                is_active=True,
                memberships__team_id__in=team_ids,
                memberships__function=TeamMembership.Function.TEAM_LEADER,
            )
            .exclude(pk__in=excluded)
            .distinct()
            .order_by("username")
        )
    return people or system_administrators(
        exclude={ticket.staff_member_id} if ticket.staff_member_id else None
    )


def reminder_recipients(ticket: Ticket) -> list[User]:
    """Who is reminded before a deadline: the assignee; else the team; else the focal points."""
    if ticket.assigned_to_id and ticket.assigned_to_id != ticket.staff_member_id:
        return [ticket.assigned_to]
    if ticket.is_sensitive:
        return focal_points_for(ticket) or system_administrators(
            exclude={ticket.staff_member_id} if ticket.staff_member_id else None
        )
    if ticket.team_id:
        return list(
            User.objects.filter(is_active=True, memberships__team_id=ticket.team_id)
            .exclude(pk=ticket.staff_member_id or 0)
            .distinct()
            .order_by("username")
        )
    return supervisors_for(ticket)
