"""The referrals section of the person page (to include from registry/person_detail.html with
``{% include "referrals/includes/person_section.html" %}``)."""

from __future__ import annotations

from django import template

from sanad.core.permissions import has_permission
from sanad.referrals.selectors import ReferralFilters, referral_list

register = template.Library()


@register.inclusion_tag("referrals/includes/person_referrals.html", takes_context=True)
def person_referrals(context, person) -> dict:
    request = context.get("request")
    actor = getattr(request, "user", None)
    if actor is None or not has_permission(actor, "referrals.view"):
        return {"show": False}
    referrals = list(referral_list(actor=actor, filters=ReferralFilters(box="sent", person=person))[:20])
    return {
        "show": True,
        "person": person,
        "referrals": referrals,
        "can_refer": has_permission(actor, "referrals.create") and person.status == "active",
    }


@register.filter
def flag_labels(flags) -> str:
    """The shared snapshot keeps vulnerability flags by code; the form names each in the page
    language (a flag no longer defined keeps its code)."""
    from sanad.registry.models import VulnerabilityFlag

    labels = dict(VulnerabilityFlag.choices)
    return ", ".join(str(labels.get(flag, flag)) for flag in flags or [])
