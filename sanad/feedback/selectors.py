"""Reads of helpline tickets. Every read applies the actor's visibility.

One rule (``Ticket.sensitivity``, applied by ``core.scoping.scope_filter``) decides who sees a ticket:

* a general ticket follows the permission matrix (``tickets.view`` / ``tickets.manage``) through
  ``Ticket.scope_paths``;
* a sensitive ticket (PSEA, fraud / corruption, data breach) ignores the matrix: only the focal
  points named for its category in its agency see it, plus its assignee, plus the administrators
  when it was routed to them or no focal point is left (so it always has someone who can open
  it). Every read of one is audited (``core.scoping.sensitive_read_log``).

Nobody ever sees a ticket that names them as the staff member complained about.
"""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from sanad.core.lists import filtered
from sanad.core.models import User
from sanad.core.permissions import has_permission, scope_for
from sanad.core.scoping import scope_filter, sensitive_read_log, visible_q
from sanad.core.selectors.lookup import get_by_uuid, get_by_uuid_or_404, require_seen, seen_by
from sanad.feedback.models import (
    OPEN_STATUSES,
    SENSITIVE_CATEGORIES,
    SENSITIVE_TICKETS,
    FocalPoint,
    Status,
    Ticket,
    TicketEvent,
    focal_point_pairs,
)

SENSITIVE = [str(c) for c in SENSITIVE_CATEGORIES]


def is_focal_point(actor) -> bool:
    return bool(focal_point_pairs(actor))


def may_use_tickets(actor) -> bool:
    """Whether the ticket pages open at all for the actor: those holding "tickets.view", every
    named focal point, and an administrator holding a sensitive ticket nobody else can open."""
    if has_permission(actor, "tickets.view") or is_focal_point(actor):
        return True
    if actor is None or not getattr(actor, "pk", None):
        return False
    return _tickets(actor).filter(SENSITIVE_TICKETS).exists()


def _sensitive_q(actor) -> Q:
    """The sensitive tickets the actor is a reader of (``Ticket.sensitivity``), for My work."""
    return SENSITIVE_TICKETS & Ticket.sensitivity.readers(actor, "tickets.view")


def ticket_visible_q(actor, action: str = "tickets.view") -> Q | None:
    """The filter of tickets ``actor`` may see (``tickets.view``) or work on (``tickets.manage``);
    None when nothing at all. The rule is ``Ticket.sensitivity`` applied by ``core.scoping``."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    return visible_q(Ticket, actor, action)


def _tickets(actor, action: str = "tickets.view") -> QuerySet[Ticket]:
    if actor is None or not actor.is_authenticated:
        return Ticket.objects.none()
    return scope_filter(Ticket.objects.all(), actor=actor, action=action)


def with_due(queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Annotate ``due`` (the deadline the ticket runs against) and ``is_done`` for sorting."""
    return queryset.annotate(
        due=Case(
            When(status__in=[Status.RESOLVED, Status.CLOSED], then=Value(None)),
            When(acknowledged_at__isnull=True, response_due_at__isnull=False, then=F("response_due_at")),
            default=F("resolution_due_at"),
        ),
        is_done=Case(
            When(status__in=[Status.RESOLVED, Status.CLOSED], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        priority_rank=Case(
            When(priority="critical", then=Value(0)),
            When(priority="high", then=Value(1)),
            When(priority="medium", then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        ),
    )


def ticket_list(*, actor, data=None, person=None, action: str = "tickets.view") -> QuerySet[Ticket]:
    """The queue: open tickets first, the most urgent (earliest deadline, then urgency) on top;
    narrowed by the queue's filters (``feedback.filters.TicketFilterSet``) that ``data`` names, or
    to ``person``. Without data, the open tickets."""
    from sanad.feedback.filters import TicketFilterSet

    tickets = with_due(_tickets(actor, action))
    if person is not None:
        tickets = tickets.filter(person=person)
    tickets = filtered(tickets, TicketFilterSet, {"status": "open"} if data is None else data, user=actor)
    return tickets.select_related(
        "assigned_to", "team", "admin_unit", "site", "person", "logged_by"
    ).order_by("is_done", F("due").asc(nulls_last=True), "priority_rank", "-received_at", "-id")


def ticket_count(*, actor, data=None) -> int:
    return ticket_list(actor=actor, data=data).count()


def ticket_get(*, actor, uuid, action: str = "tickets.view", log_read: bool = True) -> Ticket:
    """One ticket the actor may see (or work on, with ``action="tickets.manage"``); 404 otherwise.
    A read of a sensitive ticket is recorded in the audit trail."""
    ticket = get_by_uuid_or_404(
        with_due(_tickets(actor, action)).select_related(
            "assigned_to",
            "team",
            "admin_unit",
            "site",
            "person",
            "household",
            "staff_member",
            "logged_by",
            "outcome_communicated_by",
            "case",
            "distribution",
        ),
        uuid,
    )
    if log_read:
        sensitive_read_log(actor=actor, obj=ticket)
    return seen_by(ticket, actor)


def ticket_reads_log(*, actor, tickets) -> None:
    """Record the read of every sensitive ticket in ``tickets`` (an API page shows their text)."""
    for ticket in tickets:
        sensitive_read_log(actor=actor, obj=ticket)


def ticket_visible_to(*, actor, ticket: Ticket, action: str = "tickets.view") -> bool:
    condition = ticket_visible_q(actor, action)
    return condition is not None and Ticket.objects.filter(condition, pk=ticket.pk).exists()


def ticket_events(*, user, ticket: Ticket) -> QuerySet[TicketEvent]:
    """The history of a ticket ``user`` may see (404 otherwise)."""
    require_seen(ticket, user=user, fetch=lambda: ticket_get(actor=user, uuid=ticket.uuid, log_read=False))
    return ticket.events.select_related("actor").order_by("at", "id")


def assignee_candidates(*, actor, ticket: Ticket) -> QuerySet[User]:
    """Who the ticket may be assigned to: never the staff member complained about.

    Sensitive: the category's focal points in the ticket's agency (the system administrators when
    it was routed to them). General: active users of the ticket's agency who may work tickets.
    """
    users = User.objects.filter(is_active=True)
    if ticket.is_sensitive:
        focal = FocalPoint.objects.filter(
            agency_id=ticket.agency_id, category=ticket.category, unit__isnull=True
        ).values("user_id")
        condition = Q(pk__in=focal)
        if ticket.routed_to_admins:
            condition |= Q(roles__code="system_admin")
        users = users.filter(condition)
    else:
        from sanad.core.permissions import MATRIX

        roles = list(MATRIX["tickets.manage"])
        users = users.filter(agency_id=ticket.agency_id, roles__code__in=roles)
    if ticket.staff_member_id:
        users = users.exclude(pk=ticket.staff_member_id)
    return users.distinct().order_by("first_name", "last_name", "username")


def staff_member_choices(*, actor) -> QuerySet[User]:
    """Staff who may be named in a complaint: the active users of the actor's agency."""
    if not getattr(actor, "agency_id", None):
        return User.objects.none()
    return User.objects.filter(is_active=True, agency_id=actor.agency_id).order_by(
        "first_name", "last_name", "username"
    )


def focal_point_list(*, actor) -> QuerySet[FocalPoint]:
    """The focal points the actor may manage (all agencies for system administrators)."""
    from sanad.core.permissions import Scope

    scope = scope_for(actor, "tickets.focal_points")
    if scope is None:
        return FocalPoint.objects.none()
    points = FocalPoint.objects.filter(unit__isnull=True, category__in=SENSITIVE).select_related(
        "user", "agency", "named_by"
    )
    if scope < Scope.ALL:
        points = points.filter(agency_id=actor.agency_id)
    return points.order_by("agency__code", "category", "user__username")


def focal_point_gaps(*, actor) -> list[tuple[object, str]]:
    """(agency, category label) of every sensitive category that has no active focal point, in
    the agencies whose focal points the actor names: its complaints would reach nobody but the
    administrators."""
    from sanad.core.models import Agency
    from sanad.core.permissions import Scope

    scope = scope_for(actor, "tickets.focal_points")
    if scope is None:
        return []
    agencies = Agency.objects.filter(is_active=True)
    if scope < Scope.ALL:
        agencies = agencies.filter(pk=actor.agency_id)
    named = set(
        FocalPoint.objects.filter(unit__isnull=True, user__is_active=True).values_list(
            "agency_id", "category"
        )
    )
    return [
        (agency, str(label))
        for agency in agencies.order_by("code")
        for value, label in Ticket.sensitivity.categories
        if (agency.pk, value) not in named
    ]


def focal_point_get(*, actor, uuid) -> FocalPoint:
    return get_by_uuid_or_404(focal_point_list(actor=actor), uuid)


def focal_point_user_choices(*, actor) -> QuerySet[User]:
    from sanad.core.permissions import Scope

    scope = scope_for(actor, "tickets.focal_points")
    if scope is None:
        return User.objects.none()
    users = User.objects.filter(is_active=True, agency__isnull=False).select_related("agency")
    if scope < Scope.ALL:
        users = users.filter(agency_id=actor.agency_id)
    return users.order_by("agency__code", "username")


def sla_rule_get(*, actor, uuid):
    from sanad.feedback.models import SlaRule

    if not has_permission(actor, "tickets.configure"):
        raise Http404
    return get_by_uuid_or_404(SlaRule, uuid)


def sla_rule_list():
    from sanad.feedback.models import SlaRule

    return SlaRule.objects.order_by("category", "priority")


def call_script_overrides() -> set[tuple[str, str]]:
    from sanad.feedback.models import CallScript

    return set(CallScript.objects.values_list("category", "language"))


def active_user_by_uuid(*, uuid) -> User | None:
    return get_by_uuid(User.objects.filter(is_active=True), uuid)


def tickets_to_work_on(*, actor, escalated_ids, limit: int) -> list[Ticket]:
    """Open tickets for the actor's "My work": assigned to them, unassigned in their teams or in
    the sensitive categories they are a focal point for, or escalated to them."""
    mine = (
        Q(assigned_to=actor)
        | Q(assigned_to__isnull=True, team_id__in=actor.team_ids or [0])
        | (Q(assigned_to__isnull=True) & _sensitive_q(actor))
        | Q(pk__in=escalated_ids)
    )
    return list(ticket_list(actor=actor).filter(mine, status__in=OPEN_STATUSES)[:limit])
