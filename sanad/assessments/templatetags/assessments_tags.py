"""The assessments section of the person page (included by registry/person_detail.html)."""

from __future__ import annotations

from django import template

from sanad.assessments.presentation import score_text
from sanad.assessments.selectors import assessments_for_person, safety_alerts_open_for_assessments
from sanad.core.permissions import has_permission

register = template.Library()


@register.inclusion_tag("assessments/includes/person_assessments.html", takes_context=True)
def person_assessments(context, person) -> dict:
    request = context.get("request")
    actor = getattr(request, "user", None)
    if actor is None or not has_permission(actor, "assessments.view"):
        return {"show": False}
    assessments = assessments_for_person(actor=actor, person=person)
    with_alert = [a.pk for a in assessments if a.safety_alert]
    alerts = list(safety_alerts_open_for_assessments(assessment_ids=with_alert)) if with_alert else []
    return {
        "show": True,
        "person": person,
        "assessments": assessments,
        "open_alerts": alerts,
        "can_record": has_permission(actor, "assessments.record") and person.status == "active",
    }


@register.filter
def score(value) -> str:
    """A score without trailing zeros: 18, 3.5 (stored with two decimals)."""
    return score_text(value)
