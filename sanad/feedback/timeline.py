"""Helpline tickets on the person page's timeline — only those the actor may see (a sensitive
ticket appears only to its focal points)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sanad.core.bidi import isolate
from sanad.feedback.selectors import ticket_list
from sanad.registry.timeline import TimelineEntry


def ticket_entries(actor, person):
    tickets = ticket_list(actor=actor, data={"status": ""}, person=person)[:50]
    for ticket in tickets:
        yield TimelineEntry(
            ticket.received_at,
            _("Helpline ticket %(reference)s: %(category)s")
            % {"reference": isolate(ticket.reference), "category": ticket.get_category_display()},
            ticket.get_status_display(),
            "ticket",
            url=reverse("feedback:ticket_detail", args=[ticket.uuid]),
            who=(ticket.logged_by.get_full_name() or ticket.logged_by.username)
            if not ticket.is_sensitive
            else "",
        )
