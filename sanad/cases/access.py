"""Who may see a case: the one rule of ``sanad.core.scoping`` (scope, then sensitivity).

``Case.sensitivity`` (``sanad.cases.models.case``) declares it: a sensitive case (GBV, VoT, child
protection, or flagged sensitive) is visible only to

* the caseworkers assigned to it (owner included),
* the team leader of the case's team (the caseworkers' supervisor), and
* the focal points named for the case's unit and type (``core.FocalPoint``) who hold
  ``sensitive_access`` — who also see it outside their team scope, provided they may view cases
  at all; they work on it only within their own rights.

A pending approval also names its approvers (``cases.services.approvals``): while it waits, they
see the case and may decide it ("cases.view" and "cases.approve") whatever their scope, sensitive
or not — the request was routed to them because nobody closer could decide.

Everyone else does not see it at all: not in lists, counts, the person's timeline, My work or the
API, and its page answers 404. This module keeps the case-specific questions built on that rule.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sanad.cases.models import Case
from sanad.cases.models.case import NAMED_APPROVER_ACTIONS, SENSITIVE_CASES
from sanad.core.permissions import has_permission
from sanad.core.scoping import scope_filter

SENSITIVE = SENSITIVE_CASES

__all__ = ["NAMED_APPROVER_ACTIONS", "SENSITIVE", "case_check_reference", "may_read_notes", "visible_cases"]


def visible_cases(queryset: QuerySet[Case], *, actor, action: str = "cases.view") -> QuerySet[Case]:
    """``queryset`` narrowed to the cases the actor may ``action``."""
    return scope_filter(queryset, actor=actor, action=action)


def _may_read_sensitive(actor, case: Case) -> bool:
    """Whether the actor is one of the sensitive case's readers (whatever their scope)."""
    rule = Case.sensitivity
    condition = rule.readers(actor, "cases.view")
    beyond = rule.beyond_scope(actor, "cases.view")
    if beyond is not None:
        condition |= beyond
    return Case.objects.filter(condition, pk=case.pk).exists()


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
    return case.is_sensitive and _may_read_sensitive(actor, case)


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
