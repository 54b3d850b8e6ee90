"""Template filters of assessments."""

from __future__ import annotations

from django import template

from sanad.assessments.presentation import score_text

register = template.Library()


@register.filter
def score(value) -> str:
    """A score without trailing zeros: 18, 3.5 (stored with two decimals)."""
    return score_text(value)
