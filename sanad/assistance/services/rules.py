"""The reference rules of the assistance writes, shared by the page, the API and any other caller:
a record the actor may not see is a 404 (nobody learns it exists); one they see but may not act on
is a 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sanad.core.scoping import scope_filter


def require_scope(*, actor, obj, action: str, view_action: str, message: str) -> None:
    """``obj`` is one the actor may ``action``: 404 when they may not even ``view_action`` it, 403
    (with ``message``) when they see it but may not act on it."""
    one = type(obj).objects.filter(pk=obj.pk)
    if scope_filter(one, actor=actor, action=action).exists():
        return
    if scope_filter(one, actor=actor, action=view_action).exists():
        raise PermissionDenied(message)
    raise Http404


def require_recipient(*, actor, person, household) -> None:
    """The person and household of a receipt: records the actor may see (else 404)."""
    for record in (person, household):
        if record is not None:
            one = type(record).objects.filter(pk=record.pk)
            if not scope_filter(one, actor=actor, action="persons.view").exists():
                raise Http404
