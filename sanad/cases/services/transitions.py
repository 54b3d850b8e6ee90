"""Pieces shared by the case services: permission and visibility checks and the audited state of
a case. The transitions are declared in ``cases/workflow.py``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sanad.cases.access import visible_cases
from sanad.cases.models import ACTIVE_STATUSES, Case
from sanad.cases.workflow import CASE_WORKFLOW
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission

CASE_AUDITED = CASE_WORKFLOW.audited_fields


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
    return CASE_WORKFLOW.not_allowed(case, CASE_WORKFLOW[transition])
