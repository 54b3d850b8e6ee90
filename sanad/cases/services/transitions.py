"""Pieces shared by the case services: permission and visibility checks, the transition table,
the status history and the audited state of a case."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.cases.access import visible_cases
from sanad.cases.models import ACTIVE_STATUSES, Case, CaseStatus, CaseStatusChange
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission

S = CaseStatus
# transition -> (statuses it may start from, status it leads to). ``None`` target: computed.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "open": (frozenset(), S.OPENED),
    "start_assessment": (frozenset({S.OPENED, S.REOPENED}), S.ASSESSMENT),
    "start_planning": (
        frozenset({S.OPENED, S.ASSESSMENT, S.REOPENED, S.IMPLEMENTATION, S.PLANNING}),
        S.PLANNING,
    ),
    "start_implementation": (frozenset({S.PLANNING}), S.IMPLEMENTATION),
    "request_closure": (ACTIVE_STATUSES - {S.CLOSURE_REQUESTED}, S.CLOSURE_REQUESTED),
    "close": (ACTIVE_STATUSES, S.CLOSED),
    "reject_closure": (frozenset({S.CLOSURE_REQUESTED}), None),
    "reopen": (frozenset({S.CLOSED}), S.REOPENED),
}

CASE_AUDITED = (
    "status",
    "case_type",
    "risk_level",
    "sensitive",
    "opened_from",
    "unit",
    "team",
    "owner",
    "agency",
    "closure_reason",
    "closed_at",
    "reopened_count",
)


def require(actor, action: str, message: str) -> None:
    if not has_permission(actor, action):
        raise DomainError(message, code="forbidden")


def require_case(actor, case: Case, action: str) -> None:
    """The actor may ``action`` this very case (scope and sensitivity), else a domain error."""
    if not visible_cases(Case.objects.filter(pk=case.pk), actor=actor, action=action).exists():
        raise DomainError(_("You may not do this on this case."), code="forbidden")


def require_active(case: Case) -> None:
    if case.status not in ACTIVE_STATUSES:
        raise DomainError(_("This case is closed. Reopen it first."), code="case_closed")


def illegal(case: Case, transition: str) -> DomainError:
    return DomainError(
        _("A case that is “%(status)s” cannot go through “%(transition)s”.")
        % {"status": case.get_status_display(), "transition": TRANSITION_LABELS.get(transition, transition)},
        code="illegal_transition",
    )


TRANSITION_LABELS = {
    "start_assessment": _("start the assessment"),
    "start_planning": _("start the case plan"),
    "start_implementation": _("start services and follow-ups"),
    "request_closure": _("request closure"),
    "close": _("close"),
    "reject_closure": _("reject the closure"),
    "reopen": _("reopen"),
}


def transition(
    *, actor, case: Case, name: str, reason: str = "", to_status: str | None = None
) -> CaseStatusChange:
    """Move ``case`` through ``name`` (refusing illegal moves) and write its status history row.
    The caller saves the case and records the audit event."""
    sources, target = TRANSITIONS[name]
    if name != "open" and case.status not in sources:
        raise illegal(case, name)
    target = to_status or target
    previous = case.status if name != "open" else ""
    case.status = target
    return CaseStatusChange.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        transition=name,
        from_status=previous,
        to_status=target,
        reason=(reason or "")[:300],
    )
