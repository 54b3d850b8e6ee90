"""Reads of case management. Every read applies the actor's scope and the sensitivity rules
(``sanad.cases.access``); a case the actor may not see answers 404. Reading a sensitive case
records an audit event."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from sanad.cases.access import SENSITIVE, visible_cases
from sanad.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseAction,
    CaseApproval,
    CaseGoal,
    CasePlan,
    CaseSetting,
    FocalPoint,
    FollowUp,
    RiskLevel,
    ServiceDelivery,
)
from sanad.core.audit import audit_record
from sanad.core.lists import filtered
from sanad.core.models import User
from sanad.core.permissions import has_permission
from sanad.core.scoping import scope_filter, sensitive_read_log
from sanad.core.selectors.lookup import get_by_uuid, get_by_uuid_or_404, require_seen, seen_by

READ_ACTION = "cases.case.read"
SERVICE_READ_ACTION = "cases.service.read"
DEFAULT_NO_CONTACT_DAYS = 7


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------
def case_queryset(*, actor, action: str = "cases.view") -> QuerySet[Case]:
    return visible_cases(Case.objects.all(), actor=actor, action=action)


def case_permits(*, actor, case: Case, action: str) -> bool:
    """Whether ``actor`` may do ``action`` on this very case (the right and its scope)."""
    return (
        has_permission(actor, action)
        and case_queryset(actor=actor, action=action).filter(pk=case.pk).exists()
    )


def _overdue_followups(now=None) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        case=OuterRef("pk"), status=FollowUp.Status.PENDING, due_at__lt=now or timezone.now()
    )


def case_list(*, actor, data=None, person=None) -> QuerySet[Case]:
    """Cases the actor may see, newest first, each with ``has_overdue``, narrowed by the list's
    filters (``cases.filters.CaseFilterSet``) that ``data`` names, or to ``person``."""
    from sanad.cases.filters import CaseFilterSet

    cases = case_queryset(actor=actor)
    if person is not None:
        cases = cases.filter(person=person)
    cases = cases.annotate(has_overdue=Exists(_overdue_followups()))
    cases = filtered(cases, CaseFilterSet, data, user=actor)
    return cases.select_related("person", "owner", "team", "unit")


def case_get(*, actor, uuid, action: str = "cases.view", log_read: bool = True) -> Case:
    """One case the actor may ``action``; 404 otherwise. A sensitive case's read is audited."""
    case = get_by_uuid_or_404(
        case_queryset(actor=actor, action=action)
        .select_related("person", "owner", "team", "unit", "agency", "opened_by")
        .prefetch_related("caseworkers"),
        uuid,
    )
    if log_read:
        sensitive_read_log(actor=actor, obj=case)
    return seen_by(case, actor)


def _visible_case(user, case: Case) -> None:
    """The children of a case are read only by a user who may see the case (404 otherwise)."""
    require_seen(case, user=user, fetch=lambda: case_get(actor=user, uuid=case.uuid, log_read=False))


def case_plan_goals(*, plan: CasePlan | None) -> list[CaseGoal]:
    """The goals of ``plan`` (prefetched with their actions by ``case_current_plan``); none
    without a plan."""
    return list(plan.goals.all()) if plan is not None else []


def case_caseworker_ids(*, case: Case) -> set[int]:
    """The pks of the case's caseworkers."""
    return {user.pk for user in case.caseworkers.all()}


def case_approval_approvers(*, approval) -> list:
    """The approvers ``approval`` names."""
    return list(approval.approvers.all())


def case_current_plan(*, user, case: Case) -> CasePlan | None:
    _visible_case(user, case)
    return (
        case.plans.prefetch_related(
            Prefetch(
                "goals",
                queryset=CaseGoal.objects.prefetch_related(
                    Prefetch("actions", queryset=CaseAction.objects.select_related("responsible"))
                ),
            )
        )
        .order_by("-version")
        .first()
    )


def case_followups(*, user, case: Case) -> QuerySet[FollowUp]:
    _visible_case(user, case)
    return case.followups.select_related("assigned_to", "done_by").order_by("status", "due_at")


def case_notes(*, user, case: Case):
    _visible_case(user, case)
    return case.notes.select_related("author").order_by("-created_at", "-id")


def case_services(*, user, case: Case) -> QuerySet[ServiceDelivery]:
    _visible_case(user, case)
    return case.services.select_related("delivered_by", "site", "admin_unit")


def case_status_history(*, user, case: Case):
    _visible_case(user, case)
    return case.status_changes.select_related("actor").order_by("at", "id")


def case_pending_approval(*, user, case: Case, kind: str | None = None) -> CaseApproval | None:
    _visible_case(user, case)
    approvals = case.approvals.filter(status=CaseApproval.Status.PENDING)
    if kind:
        approvals = approvals.filter(kind=kind)
    return approvals.select_related("requested_by", "plan").prefetch_related("approvers").first()


def case_assessments(*, actor, case: Case) -> list:
    """Assessments linked to the case that the actor may see, newest first, through the
    assessments module's own selector so its sensitivity rules hold on the case page too (each
    has ``visible``: whether its result may be shown to the actor)."""
    if getattr(case, "assessments", None) is None:
        return []
    from sanad.assessments.selectors import assessment_list

    return list(assessment_list(actor=actor).filter(case=case).order_by("-recorded_at", "-pk")[:50])


def case_setting_for(*, case: Case | None = None, unit=None, case_type: str = "") -> CaseSetting:
    """The unit's setting for the case type, else the unit's default, else the built-in default."""
    unit_id = case.unit_id if case is not None else getattr(unit, "pk", unit)
    case_type = case.case_type if case is not None else case_type
    rows = {
        s.case_type: s for s in CaseSetting.objects.filter(unit_id=unit_id, case_type__in=[case_type, ""])
    }
    return rows.get(case_type) or rows.get("") or CaseSetting(unit_id=unit_id, case_type=case_type)


def case_setting_list(*, actor) -> QuerySet[CaseSetting]:
    return scope_filter(CaseSetting.objects.all(), actor=actor, action="cases.configure").select_related(
        "unit", "updated_by"
    )


def focal_point_list(*, actor) -> QuerySet[FocalPoint]:
    """The focal points of sensitive cases (named per unit) in the actor's scope."""
    return (
        scope_filter(FocalPoint.objects.filter(unit__isnull=False), actor=actor, action="cases.focal_points")
        .select_related("unit", "user")
        .order_by("unit__name_en", "category", "user__username")
    )


def focal_point_get(*, actor, uuid) -> FocalPoint:
    return get_by_uuid_or_404(focal_point_list(actor=actor), uuid)


def assignable_users(*, actor, case: Case | None = None, agency=None) -> QuerySet[User]:
    """Active users of the agency who may work cases (owners, responsible, follow-up assignees)."""
    agency_id = case.agency_id if case is not None else (getattr(agency, "pk", agency) or actor.agency_id)
    workers = [
        "caseworker",
        "team_leader",
        "medical",
        "mhpss_officer",
        "protection_caseworker",
        "vhr_officer",
    ]
    return (
        User.objects.filter(agency_id=agency_id, is_active=True, roles__code__in=workers)
        .distinct()
        .order_by("first_name", "username")
    )


# ---------------------------------------------------------------------------------------------
# My work and supervision
# ---------------------------------------------------------------------------------------------
def followups_assigned(*, actor) -> QuerySet[FollowUp]:
    """Pending follow-ups and tasks assigned to the actor on cases they may see, due first."""
    cases = case_queryset(actor=actor)
    return (
        FollowUp.objects.filter(
            assigned_to=actor, status=FollowUp.Status.PENDING, case__in=cases.values("pk")
        )
        .select_related("case")
        .order_by("due_at")
    )


def approvals_waiting(*, actor) -> QuerySet[CaseApproval]:
    if not has_permission(actor, "cases.approve"):
        return CaseApproval.objects.none()
    cases = case_queryset(actor=actor, action="cases.approve")
    return (
        CaseApproval.objects.filter(status=CaseApproval.Status.PENDING, case__in=cases.values("pk"))
        .exclude(requested_by=actor)
        .select_related("case", "requested_by")
        .order_by("created_at")
    )


def _no_contact_since(case: Case) -> datetime.datetime:
    return case.last_contact_at or case.opened_at


def _no_contact_days_by_unit(unit_ids) -> dict[tuple[int, str], int]:
    rows = CaseSetting.objects.filter(unit_id__in=unit_ids)
    return {(row.unit_id, row.case_type): row.high_risk_no_contact_days for row in rows}


def _days_allowed(case: Case, days_for: dict[tuple[int, str], int]) -> int:
    days = days_for.get((case.unit_id, case.case_type), days_for.get((case.unit_id, "")))
    return DEFAULT_NO_CONTACT_DAYS if days is None else days


def no_contact_days(case: Case) -> int:
    """How many days a high-risk case may go without contact (its unit's setting, else 7)."""
    return _days_allowed(case, _no_contact_days_by_unit({case.unit_id}))


def high_risk_without_contact(*, cases: QuerySet[Case], now=None) -> list[Case]:
    """Active high-risk cases whose last contact is older than their unit's setting allows."""
    now = now or timezone.now()
    candidates = list(
        cases.filter(risk_level=RiskLevel.HIGH, status__in=list(ACTIVE_STATUSES)).select_related(
            "person", "owner", "team"
        )
    )
    if not candidates:
        return []
    days_for = _no_contact_days_by_unit({c.unit_id for c in candidates})
    found = []
    for case in candidates:
        # The contact deadline: the last contact plus the days the unit allows.
        case.contact_due_at = _no_contact_since(case) + datetime.timedelta(days=_days_allowed(case, days_for))
        if case.contact_due_at < now:
            case.days_without_contact = (now - _no_contact_since(case)).days
            found.append(case)
    found.sort(key=lambda c: _no_contact_since(c))
    return found


def my_high_risk_without_contact(*, actor, now=None) -> list[Case]:
    return high_risk_without_contact(cases=case_queryset(actor=actor).filter(owner=actor), now=now)


@dataclass
class CaseloadRow:
    user: User
    active: int
    high_risk: int
    overdue: int


def supervision_summary(*, actor, team, now=None) -> dict:
    """The team leader's page: caseload per caseworker, overdue follow-ups, high-risk cases without
    contact, approvals waiting."""
    now = now or timezone.now()
    cases = case_queryset(actor=actor, action="cases.supervise").filter(team=team)
    active = cases.filter(status__in=list(ACTIVE_STATUSES))
    loads = (
        active.values("owner")
        .annotate(
            active=Count("pk"),
            high_risk=Count("pk", filter=Q(risk_level=RiskLevel.HIGH)),
        )
        .order_by()
    )
    overdue_by_user = dict(
        FollowUp.objects.filter(case__in=active.values("pk"), status=FollowUp.Status.PENDING, due_at__lt=now)
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .values_list("assigned_to", "n")
        .order_by()
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=[row["owner"] for row in loads if row["owner"]])}
    caseload = [
        CaseloadRow(
            users[row["owner"]], row["active"], row["high_risk"], overdue_by_user.get(row["owner"], 0)
        )
        for row in loads
        if row["owner"] in users
    ]
    caseload.sort(key=lambda row: (-row.active, str(row.user)))
    overdue = list(
        FollowUp.objects.filter(case__in=active.values("pk"), status=FollowUp.Status.PENDING, due_at__lt=now)
        .select_related("case", "assigned_to")
        .order_by("due_at")[:200]
    )
    approvals = list(
        CaseApproval.objects.filter(status=CaseApproval.Status.PENDING, case__in=cases.values("pk"))
        .select_related("case", "requested_by")
        .order_by("created_at")
    )
    return {
        "caseload": caseload,
        "overdue": overdue,
        "high_risk": high_risk_without_contact(cases=cases, now=now),
        "approvals": approvals,
        "unassigned": active.filter(owner__isnull=True).count(),
    }


# ---------------------------------------------------------------------------------------------
# Services delivered
# ---------------------------------------------------------------------------------------------
def service_list(*, actor, data=None, person=None) -> QuerySet[ServiceDelivery]:
    """Services the actor may see. A service of a sensitive case goes with the case itself; a
    sensitive service (a psychiatric consultation, or one marked sensitive when recorded) only to
    who delivered it, the team leader of its team and those who may see its case. Narrowed by the
    list's filters (``cases.filters.ServiceFilterSet``) that ``data`` names, or to ``person``."""
    from sanad.cases.filters import ServiceFilterSet

    services = scope_filter(ServiceDelivery.objects.all(), actor=actor, action="services.view")
    visible_case_ids = case_queryset(actor=actor).values("pk")
    hidden = Case.objects.filter(SENSITIVE).exclude(pk__in=visible_case_ids)
    services = services.exclude(case__in=hidden.values("pk"))
    allowed = Q(delivered_by_id=actor.pk) | Q(case__in=visible_case_ids)
    if "team_leader" in actor.role_codes and actor.team_ids:
        allowed |= Q(team_id__in=actor.team_ids)
    services = services.filter(Q(sensitive=False) | allowed)
    if person is not None:
        services = services.filter(person=person)
    services = filtered(services, ServiceFilterSet, data, user=actor)
    # A service may be visible while its case is not (a service delivered by the actor under a case
    # since transferred, a non-sensitive service of another team's case): the list then shows the
    # case's reference without a link that would only answer "not found".
    services = services.annotate(case_visible=Exists(visible_case_ids.filter(pk=OuterRef("case_id"))))
    return services.select_related("person", "case", "delivered_by", "site", "admin_unit", "team")


def service_get(*, actor, uuid, log_read: bool = True) -> ServiceDelivery:
    """One service the actor may see; 404 otherwise. A sensitive service's read is audited."""
    found = get_by_uuid_or_404(service_list(actor=actor), uuid)
    if log_read and (found.sensitive or (found.case is not None and found.case.is_sensitive)):
        audit_record(actor=actor, action=SERVICE_READ_ACTION, obj=found, sensitive_read=True)
    return found


def teams_for_cases(*, actor, action: str = "cases.open"):
    """Teams the actor may hold cases in: their own, plus their units' (or agency's) teams when
    their scope reaches that far."""
    from sanad.core.models import Team
    from sanad.core.permissions import Scope, scope_for

    scope = scope_for(actor, action)
    teams = Team.objects.filter(is_active=True).select_related("unit")
    if scope is None:
        return teams.none()
    condition = Q(pk__in=actor.team_ids)
    if scope >= Scope.UNIT:
        condition |= Q(unit_id__in=actor.unit_ids)
    if scope >= Scope.AGENCY:
        condition |= Q(agency_id=actor.agency_id)
    if scope == Scope.ALL:
        return teams.order_by("name")
    return teams.filter(condition).order_by("name")


def supervised_teams(*, actor):
    from sanad.core.models import Team

    if not has_permission(actor, "cases.supervise"):
        return Team.objects.none()
    return Team.objects.filter(pk__in=actor.team_ids, is_active=True).order_by("name")


def transfer_candidates(*, actor, case: Case) -> QuerySet[User]:
    """Caseworkers a case can be handed to: any active case worker of any agency (another agency's
    needs the person's consent to an inter-agency transfer, checked by the service)."""
    workers = [
        "caseworker",
        "team_leader",
        "medical",
        "mhpss_officer",
        "protection_caseworker",
        "vhr_officer",
    ]
    return (
        User.objects.filter(is_active=True, roles__code__in=workers, agency__isnull=False)
        .exclude(pk=case.owner_id)
        .select_related("agency")
        .distinct()
        .order_by("agency__code", "first_name", "username")
    )


def case_bids(*, user, case: Case):
    _visible_case(user, case)
    return case.bids.select_related("recorded_by")


def case_consents(*, user, case: Case):
    _visible_case(user, case)
    return case.consents.select_related("recorded_by")


def case_transfers(*, user, case: Case):
    _visible_case(user, case)
    return case.transfers.select_related(
        "from_owner", "to_owner", "from_agency", "to_agency", "transferred_by"
    )


def plan_goals(*, user, plan: CasePlan | None) -> QuerySet[CaseGoal]:
    if plan is None:
        return CaseGoal.objects.none()
    _visible_case(user, plan.case)
    return plan.goals.all()


def case_goal_get(*, user, case: Case, uuid) -> CaseGoal:
    _visible_case(user, case)
    return get_by_uuid_or_404(CaseGoal.objects.filter(plan__case=case), uuid)


def case_action_get(*, user, case: Case, uuid) -> CaseAction:
    _visible_case(user, case)
    return get_by_uuid_or_404(
        CaseAction.objects.filter(goal__plan__case=case).select_related("goal__plan"), uuid
    )


def case_followup_get(*, user, case: Case, uuid) -> FollowUp:
    _visible_case(user, case)
    return get_by_uuid_or_404(case.followups.all(), uuid)


def case_consent_get(*, user, case: Case, uuid):
    _visible_case(user, case)
    return get_by_uuid_or_404(case.consents.all(), uuid)


def active_user_by_uuid(uuid) -> User | None:
    return get_by_uuid(User.objects.filter(is_active=True), uuid)


def active_team_by_uuid(uuid):
    from sanad.core.models import Team

    return get_by_uuid(Team.objects.filter(is_active=True), uuid)


def cases_of_person(*, actor, person) -> QuerySet[Case]:
    """The person's cases the actor may see, with who opened them (the person's timeline)."""
    return case_queryset(actor=actor).filter(person=person).select_related("opened_by")
