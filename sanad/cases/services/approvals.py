"""Asking for an approval: who is named to decide.

A case plan or a closure that the unit wants approved names its approvers when it is requested:
the leaders of the case's team who may approve it; when there is none, the escalation chain of
``sanad.core.escalation`` (the unit's supervisors, then the agency's administrators, then the
system administrators). Never the requester (four eyes), and for a sensitive case, beyond the
team's own leader, only users with sensitive access. A named approver may open the case and decide
while the request waits, whatever their scope (``sanad.cases.access``), and finds it on My work.

Approvals requested before approvers were named (an installation upgraded past migration
``cases.0006``) are routed the same way by ``case_approvals_reroute``, run after every ``migrate``
(``sanad.cases.upgrade``) and by ``sanad reroute_pending``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sanad.cases.models import Case, CaseApproval
from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.escalation import TEAM_LEADERS, escalation_first
from sanad.core.models import User
from sanad.core.permissions import has_permission


def case_approvers(*, case: Case, requested_by) -> tuple[str, list[User]]:
    """The escalation level that answers for ``case`` and its users who may decide."""

    def qualifies(level: str, user: User) -> bool:
        if user.pk == requested_by.pk or not has_permission(user, "cases.approve"):
            return False
        if user.agency_id != case.agency_id and "system_admin" not in user.role_codes:
            return False
        return not (case.is_sensitive and level != TEAM_LEADERS and not user.sensitive_access)

    return escalation_first(
        agency_id=case.agency_id, unit_id=case.unit_id, team_id=case.team_id, qualifies=qualifies
    )


def approval_request(*, actor, case: Case, kind: str, plan=None, closure_reason: str = "") -> CaseApproval:
    """Create the pending approval with its named approvers; refused when nobody could decide."""
    level, approvers = case_approvers(case=case, requested_by=actor)
    if not approvers:
        raise DomainError(
            _("Nobody can approve this request: ask an administrator to name a team leader for the team."),
            code="no_approver",
        )
    approval = CaseApproval.objects.create(
        case=case,
        kind=kind,
        plan=plan,
        closure_reason=closure_reason,
        requested_by=actor,
        routed_to=level,
    )
    approval.approvers.set(approvers)
    return approval


@transaction.atomic
def case_approvals_reroute() -> tuple[list[CaseApproval], list[CaseApproval]]:
    """Name the approvers of every pending approval that has none (requested before approvers were
    named), exactly as ``approval_request`` would have; idempotent.

    Returns ``(routed, unrouted)``: ``unrouted`` are the approvals nobody anywhere may decide
    (they keep waiting, visible to whoever may approve the case in scope, until an administrator
    names a team leader and this runs again).
    """
    waiting = (
        CaseApproval.objects.select_for_update(of=("self",))
        .filter(status=CaseApproval.Status.PENDING, approvers__isnull=True)
        .select_related("case", "requested_by")
        .order_by("pk")
    )
    routed: list[CaseApproval] = []
    unrouted: list[CaseApproval] = []
    for approval in waiting:
        level, approvers = case_approvers(case=approval.case, requested_by=approval.requested_by)
        if not approvers:
            unrouted.append(approval)
            continue
        approval.routed_to = level
        approval.save(update_fields=["routed_to", "updated_at"])
        approval.approvers.set(approvers)
        audit_record(
            actor=None,
            action="cases.approval.reroute",
            obj=approval.case,
            changes={
                "approval": [None, approval.kind],
                "approvers": [None, sorted(user.username for user in approvers)],
                "routed_to": ["", level],
            },
        )
        routed.append(approval)
    return routed, unrouted
