"""Template filters of referrals."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def flag_labels(flags) -> str:
    """The shared snapshot keeps vulnerability flags by code; the form names each in the page
    language (a flag no longer defined keeps its code)."""
    from sanad.registry.models import VulnerabilityFlag

    labels = dict(VulnerabilityFlag.choices)
    return ", ".join(str(labels.get(flag, flag)) for flag in flags or [])
