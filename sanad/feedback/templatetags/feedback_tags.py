"""Time left before a ticket's deadline, for the queue and the ticket page."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return _("%(n)s min") % {"n": max(minutes, 1)}
    hours = minutes // 60
    if hours < 48:
        return (
            _("%(h)s h %(m)s min") % {"h": hours, "m": minutes % 60}
            if hours < 10
            else _("%(h)s h") % {"h": hours}
        )
    return _("%(d)s days") % {"d": hours // 24}


@register.inclusion_tag("feedback/includes/time_left.html")
def time_left(due):
    if due is None:
        return {"due": None}
    seconds = (due - timezone.now()).total_seconds()
    return {"due": due, "overdue": seconds < 0, "text": _span(abs(seconds))}
