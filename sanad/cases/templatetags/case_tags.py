"""Template tags of case management (the "Cases" section of the person page)."""

from __future__ import annotations

from django import template

from sanad.cases.selectors import CaseFilters, case_list
from sanad.core.permissions import has_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def cases_for_person(context, person) -> dict:
    """The person's cases the signed-in user may see (sensitive ones only for those entitled),
    and whether they may open one or record a service outside a case."""
    request = context.get("request")
    actor = getattr(request, "user", None)
    if actor is None or not actor.is_authenticated:
        return {"cases": [], "can_view": False, "can_open": False, "can_record_service": False}
    can_view = has_permission(actor, "cases.view")
    cases = list(case_list(actor=actor, filters=CaseFilters(person=person))[:20]) if can_view else []
    return {
        "cases": cases,
        "can_view": can_view,
        "can_open": has_permission(actor, "cases.open"),
        "can_record_service": has_permission(actor, "services.record"),
    }
