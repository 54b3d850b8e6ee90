"""The ticket workflow, declared once: new → assigned → in progress ⇄ waiting → resolved → closed;
reopen. The services in ``feedback/services/workflow.py`` make these transitions; pages show the
buttons ``TICKET_WORKFLOW.allowed_names(ticket, user)`` lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanad.core.workflow import Transition, Workflow
from sanad.feedback.models import Status, Ticket, TicketEvent
from sanad.feedback.services.ticket_audit import AUDITED_FIELDS, redacted

S = Status


def ticket_event_write(ticket: Ticket, *, transition, actor, from_state, to_state, reason, at) -> TicketEvent:
    """One line of the ticket's history."""
    return TicketEvent.objects.create(
        ticket=ticket,
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        action=transition,
        from_status=from_state,
        to_status=to_state,
        note=reason,
    )


def _may_work(actor, ticket: Ticket, action: str) -> bool:
    from sanad.feedback.selectors import ticket_visible_to

    return ticket_visible_to(actor=actor, ticket=ticket, action=action)


WORKING = (S.NEW, S.ASSIGNED, S.IN_PROGRESS, S.WAITING)

TICKET_WORKFLOW = Workflow(
    model=Ticket,
    audit_prefix="feedback.ticket",
    audited_fields=AUDITED_FIELDS,
    history=ticket_event_write,
    in_scope=_may_work,
    redact=redacted,
    audit_repr=lambda ticket: ticket.reference,
    forbidden=_("You may not work on this ticket."),
    transitions=[
        Transition(
            "assign",
            _("Assign"),
            WORKING,
            lambda ticket: S.ASSIGNED if ticket.status == S.NEW else ticket.status,
            "tickets.manage",
            refused=_("A ticket that is “%(status)s” cannot be assigned: reopen it first."),
        ),
        Transition(
            "start",
            _("Start work"),
            (S.NEW, S.ASSIGNED),
            S.IN_PROGRESS,
            "tickets.manage",
            refused=_("A ticket that is “%(status)s” cannot be started."),
        ),
        Transition(
            "resume",
            _("Resume work"),
            (S.WAITING,),
            S.IN_PROGRESS,
            "tickets.manage",
            refused=_("A ticket that is “%(status)s” cannot be started."),
        ),
        Transition(
            "wait",
            _("Waiting for…"),
            (S.IN_PROGRESS,),
            S.WAITING,
            "tickets.manage",
            reason_required=_("Say what the ticket is waiting for."),
            refused=_("A ticket that is “%(status)s” cannot be put on hold."),
        ),
        Transition(
            "resolve",
            _("Resolve"),
            (S.IN_PROGRESS, S.WAITING),
            S.RESOLVED,
            "tickets.manage",
            refused=_("A ticket that is “%(status)s” cannot be resolved: start it first."),
        ),
        # Closing the loop with the person: recorded in the history, the status stays resolved.
        Transition(
            "communicate_outcome",
            _("Record the outcome"),
            (S.RESOLVED,),
            None,
            "tickets.manage",
            refused=_("The outcome can be recorded only on a resolved ticket; this one is “%(status)s”."),
        ),
        Transition(
            "close",
            _("Close the ticket"),
            (S.RESOLVED,),
            S.CLOSED,
            "tickets.manage",
            refused=_("A ticket that is “%(status)s” cannot be closed: resolve it first."),
        ),
        Transition(
            "reopen",
            _("Reopen"),
            (S.RESOLVED, S.CLOSED),
            lambda ticket: S.IN_PROGRESS if ticket.assigned_to_id else S.NEW,
            "tickets.manage",
            reason_required=_("Say why the ticket is reopened."),
            refused=_("A ticket that is “%(status)s” is still open: there is nothing to reopen."),
        ),
    ],
)
