"""Who may see a case: the actor's scope, narrowed for sensitive cases.

A sensitive case (GBV, VoT, child protection, or flagged sensitive) is visible only to

* the caseworkers assigned to it (owner included),
* the team leader of the case's team (the caseworkers' supervisor), and
* the focal points named for the case's unit and type (``FocalPoint``) who hold ``sensitive_access``.

A pending approval also names its approvers (``cases.services.approvals``): while it waits, they
see the case and may decide it ("cases.view" and "cases.approve") whatever their scope, sensitive
or not — the request was routed to them because nobody closer could decide.

Everyone else does not see it at all: not in lists, counts, the person's timeline, My work or the
API, and its page answers 404. Focal points see the sensitive cases of their unit and case type
even outside their team scope, provided they may view cases at all; they work on them only within
their own rights.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from sanad.cases.models import ALWAYS_SENSITIVE_TYPES, Case, CaseApproval, FocalPoint
from sanad.core.permissions import has_permission
from sanad.core.scoping import scope_filter

SENSITIVE = Q(sensitive=True) | Q(case_type__in=list(ALWAYS_SENSITIVE_TYPES))


def _is_team_leader(actor) -> bool:
    return "team_leader" in actor.role_codes


def _focal_point_q(actor) -> Q | None:
    if not getattr(actor, "sensitive_access", False):
        return None
    named = FocalPoint.objects.filter(unit=OuterRef("unit"), case_type=OuterRef("case_type"), user=actor)
    return Q(Exists(named))


def _sensitive_allowed_q(actor) -> Q:
    allowed = Q(pk__in=Case.caseworkers.through.objects.filter(user_id=actor.pk).values("case_id"))
    if _is_team_leader(actor) and actor.team_ids:
        allowed |= Q(team_id__in=actor.team_ids)
    focal = _focal_point_q(actor)
    if focal is not None:
        allowed |= focal
    return allowed


# The actions a named approver holds on the case their pending approval names them for.
NAMED_APPROVER_ACTIONS = ("cases.view", "cases.approve")


def _named_approver_q(actor) -> Q:
    waiting = CaseApproval.approvers.through.objects.filter(
        user_id=actor.pk, caseapproval__status=CaseApproval.Status.PENDING
    )
    return Q(pk__in=waiting.values("caseapproval__case_id"))


def visible_cases(queryset: QuerySet[Case], *, actor, action: str = "cases.view") -> QuerySet[Case]:
    """``queryset`` narrowed to the cases the actor may ``action``."""
    if not has_permission(actor, action):
        return queryset.none()
    in_scope = scope_filter(queryset, actor=actor, action=action)
    visible = in_scope.filter(~SENSITIVE | _sensitive_allowed_q(actor))
    focal = _focal_point_q(actor)
    extra = _named_approver_q(actor) if action in NAMED_APPROVER_ACTIONS else None
    if focal is not None and action == "cases.view":
        # Focal points also see (only see) the sensitive cases of their unit and type outside
        # their scope; working on them still needs the actor's own right on the case.
        extra = (SENSITIVE & focal) | extra if extra is not None else SENSITIVE & focal
    if extra is None:
        return visible
    return queryset.filter(Q(pk__in=visible.values("pk")) | extra)


def may_see_case(actor, case: Case) -> bool:
    if not case.is_sensitive:
        return True
    if actor.pk in {u.pk for u in case.caseworkers.all()}:
        return True
    if case.approvals.filter(status=CaseApproval.Status.PENDING, approvers=actor).exists():
        return True
    if _is_team_leader(actor) and case.team_id in actor.team_ids:
        return True
    return bool(
        getattr(actor, "sensitive_access", False)
        and FocalPoint.objects.filter(unit_id=case.unit_id, case_type=case.case_type, user=actor).exists()
    )


def may_read_notes(actor, case: Case) -> bool:
    """Case notes are for the people working the case: its caseworkers and the team leader (and,
    on a sensitive case, its focal points). Others who may see the case (M&E, unit officers,
    the data-protection officer) see everything but the notes."""
    for action in ("cases.manage", "cases.approve"):
        if (
            has_permission(actor, action)
            and visible_cases(Case.objects.filter(pk=case.pk), actor=actor, action=action).exists()
        ):
            return True
    return case.is_sensitive and may_see_case(actor, case)


def case_check_reference(actor, case: Case, *, action: str = "cases.manage") -> None:
    """The rule of every write elsewhere that names a case (an assessment, a referral, a ticket
    link): a case the actor may not see is a 404, so nobody learns it exists; one they see but may
    not ``action`` is a 403."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from django.utils.translation import gettext as _

    one = Case.objects.filter(pk=case.pk)
    if not visible_cases(one, actor=actor).exists():
        raise Http404
    if action != "cases.view" and not visible_cases(one, actor=actor, action=action).exists():
        raise PermissionDenied(_("You may not work on this case."))
