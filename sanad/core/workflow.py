"""Declared workflows: the states of a record, the transitions between them, who may make each,
and one service step that makes a transition with its history row and its audit event.

A workflow is declared once per model, next to the app's services (``<app>/workflow.py``)::

    CASE_WORKFLOW = Workflow(
        model=Case,
        audit_prefix="cases.case",                 # audit action: "cases.case.<transition>"
        transitions=[
            Transition("start_assessment", _("start the assessment"),
                       sources={"opened", "reopened"}, target="assessment", action="cases.manage"),
            Transition("reopen", _("reopen"), sources={"closed"}, target="reopened",
                       action="cases.manage", reason_required=_("Say why the case is reopened.")),
        ],
        history=_write_status_change,              # the app's history model (one row a transition)
        audited_fields=CASE_AUDITED,               # diffed into the audit event
    )

and each service that changes the state is one call::

    @transaction.atomic
    def case_reopen(*, actor, case, reason):
        return CASE_WORKFLOW.run(case, "reopen", actor=actor, reason=reason, apply=_clear_closure)

``run`` checks, in this order and inside one transaction, that the actor holds the transition's
``action`` in ``core.permissions.MATRIX`` on this very record (else ``TransitionForbidden``: the
domain "forbidden" error, 403 on the API), locks the record, checks the record's state is one the
transition starts from (else ``TransitionNotAllowed``: 409 on the API, the message on the page),
optionally that the record was not changed since the caller read it (``expected_version``, else
``StaleRecord``: 409), that a required reason is given (else a field error); then calls ``apply``
(the transition's own checks and field changes), moves the state, saves, writes the history row,
calls ``then`` (side records; may return more audit changes), the workflow's listeners (e.g. a
deadline starting or stopping) and records the audit event with the diff of ``audited_fields``.
Any error rolls the whole step back: a refused transition writes nothing.

Pages show only the buttons the user may use: ``workflow.allowed(record, user)`` lists the
transitions that start from the record's state and that the user may make on it
(``allowed_names`` gives their names).

A transition that follows from another action (a case plan approved moves the case to
"implementation") is made with ``workflow.move``, which checks the state and writes the history row;
the calling service has checked the right and records its own audit event.

Recipe for a new app (returns, health):
1. Give the model a ``status`` field with ``TextChoices`` and a history model (record, at, actor,
   transition, from/to state, reason).
2. Declare ``<APP>_WORKFLOW = Workflow(...)`` in ``<app>/workflow.py``: one ``Transition`` per
   button, with the ``MATRIX`` action it needs and, where the matrix is not enough (only the
   receiving side, only the named approver), a ``guard``.
3. Write one ``<entity>_<verb>`` service per transition calling ``run``; views and API endpoints
   resolve the record with the scoped selector (404 out of scope) and call the service.
4. Build the page's buttons from ``allowed_names(record, user)``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission


class TransitionForbidden(DomainError):
    """The actor may not make this transition on this record (403)."""

    code = "forbidden"


class TransitionNotAllowed(DomainError):
    """The record's state does not allow this transition (409)."""

    code = "invalid_transition"


class StaleRecord(DomainError):
    """Somebody else changed the record since the caller read it (409)."""

    code = "stale"


@dataclass(frozen=True)
class Transition:
    """One move of a workflow.

    ``sources``: the states it starts from (empty: only the record's creation, see ``Workflow.start``).
    ``target``: the state it leads to; a function of the record when it depends on it; ``None``
    when it keeps the state (a step recorded in the history) or the caller gives ``to_state``.
    ``action``: the ``MATRIX`` action the actor must hold on the record; ``None`` for a transition
    only Sanad makes (a job expiring a record), never offered to a user (``run(authorised=True)``).
    ``guard(actor, record) -> bool``: who may, where the matrix and scope do not tell it alone (the
    receiving side of a referral); when given it decides, so it checks the matrix right too.
    ``reason_required``: the message of the field error when no reason is given.
    ``refused``: the message when the state does not allow it (``%(status)s`` is the state's label).
    ``history_name``/``audit_name``: the name written to the history / the audit action, when it
    is not ``name``.
    """

    name: str
    label: Any
    sources: frozenset[str] | set[str] | tuple[str, ...]
    target: str | Callable[[models.Model], str] | None
    action: str | None
    guard: Callable[[Any, models.Model], bool] | None = None
    reason_required: Any = None
    reason_field: str = "reason"
    refused: Any = None
    forbidden: Any = None
    history_name: str | None = None
    audit_name: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))

    def target_for(self, record: models.Model, current: str) -> str:
        if self.target is None:
            return current
        return self.target(record) if callable(self.target) else self.target


HistoryWriter = Callable[..., Any]


@dataclass
class Workflow:
    """The states and transitions of one model. See the module docstring."""

    model: type[models.Model]
    transitions: Iterable[Transition]
    history: HistoryWriter
    audit_prefix: str
    state_field: str = "status"
    audited_fields: tuple[str, ...] = ("status",)
    # ``in_scope(actor, record, action) -> bool``: the actor may ``action`` this record — the matrix
    # right and the record in scope, with the app's own narrowing (sensitive records, named
    # approvers). Default: ``has_permission`` and ``scope_filter``.
    in_scope: Callable[[Any, models.Model, str], bool] | None = None
    # The audit changes as recorded (e.g. redacting who-and-where of a sensitive record).
    redact: Callable[[models.Model, dict], dict] | None = None
    audit_repr: Callable[[models.Model], str] | None = None
    # ``refused(record, transition) -> str``, or a message with %(status)s, %(transition)s, %(target)s.
    refused: Any = gettext_lazy("A record that is “%(status)s” cannot go through “%(transition)s”.")
    refused_code: str = TransitionNotAllowed.code
    forbidden: Any = gettext_lazy("You may not do this on this record.")
    version_field: str = "updated_at"
    listeners: list[Callable[..., None]] = field(default_factory=list)

    def __post_init__(self):
        self.transitions = {t.name: t for t in self.transitions}

    # -- declaration --------------------------------------------------------------------------
    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    @property
    def states(self) -> dict[str, str]:
        """State value -> label, from the model field's choices."""
        return dict(self.model._meta.get_field(self.state_field).flatchoices)

    def state_of(self, record: models.Model) -> str:
        return getattr(record, self.state_field)

    def state_label(self, state: str) -> str:
        return str(self.states.get(state, state))

    def subscribe(self, listener: Callable[..., None]) -> Callable[..., None]:
        """Call ``listener(record=, transition=, from_state=, to_state=, actor=, at=)`` inside the
        transaction after each transition (``run`` and ``move``). Usable as a decorator."""
        self.listeners.append(listener)
        return listener

    # -- who may ------------------------------------------------------------------------------
    def may(self, actor, record: models.Model, transition: Transition, _scopes: dict | None = None) -> bool:
        """The actor holds the transition's right on this very record (state not considered)."""
        if actor is None or transition.action is None:
            return False
        if transition.guard is not None:
            return bool(transition.guard(actor, record))
        if _scopes is not None and transition.action in _scopes:
            return _scopes[transition.action]
        if self.in_scope is not None:
            allowed = bool(self.in_scope(actor, record, transition.action))
        elif not has_permission(actor, transition.action):
            allowed = False
        else:
            from sanad.core.scoping import scope_filter

            one = self.model._default_manager.filter(pk=record.pk)
            allowed = scope_filter(one, actor=actor, action=transition.action).exists()
        if _scopes is not None:
            _scopes[transition.action] = allowed
        return allowed

    def can_start_from(self, record: models.Model, transition: Transition) -> bool:
        return self.state_of(record) in transition.sources

    def allowed(self, record: models.Model, user) -> list[Transition]:
        """The transitions ``user`` may make on ``record`` now, in declaration order."""
        scopes: dict[str, bool] = {}  # one scope query per action
        return [
            t
            for t in self.transitions.values()
            if self.can_start_from(record, t) and self.may(user, record, t, scopes)
        ]

    def allowed_names(self, record: models.Model, user) -> set[str]:
        return {t.name for t in self.allowed(record, user)}

    # -- errors -------------------------------------------------------------------------------
    def not_allowed(self, record: models.Model, transition: Transition) -> TransitionNotAllowed:
        message = transition.refused or self.refused
        if not isinstance(message, str | Promise):
            text = message(record, transition)
        else:
            state = self.state_of(record)
            target = transition.target if isinstance(transition.target, str) else ""
            text = str(message) % {
                "status": self.state_label(state),
                "transition": str(transition.label),
                "target": self.state_label(target) if target else "",
            }
        return TransitionNotAllowed(text, code=self.refused_code)

    def check_permission(self, actor, record: models.Model, transition: Transition) -> None:
        if not self.may(actor, record, transition):
            raise TransitionForbidden(str(transition.forbidden or self.forbidden))

    # -- making a transition ------------------------------------------------------------------
    def move(
        self,
        record: models.Model,
        name: str,
        *,
        actor,
        reason: str = "",
        to_state: str | None = None,
        at: datetime.datetime | None = None,
        history: dict | None = None,
        creating: bool = False,
    ):
        """Check the state allows ``name``, set the new state on ``record`` (unsaved) and write the
        history row. For transitions that follow from another, already authorised action, and for
        the first state of a new record (``creating=True``). The caller saves and audits."""
        transition = self.transitions[name]
        from_state = "" if creating else self.state_of(record)
        if not creating and from_state not in transition.sources:
            raise self.not_allowed(record, transition)
        to_state = to_state or transition.target_for(record, from_state)
        setattr(record, self.state_field, to_state)
        at = at or timezone.now()
        row = self.history(
            record,
            transition=transition.history_name or transition.name,
            actor=actor,
            from_state=from_state,
            to_state=to_state,
            reason=reason,
            at=at,
            **(history or {}),
        )
        for listener in self.listeners:
            listener(
                record=record,
                transition=transition,
                from_state=from_state,
                to_state=to_state,
                actor=actor,
                at=at,
            )
        return row

    def audit_changes(self, record: models.Model, before: dict) -> dict:
        changes = diff(before, snapshot(record, self.audited_fields))
        return self.redact(record, changes) if self.redact else changes

    @transaction.atomic
    def run(
        self,
        record: models.Model,
        name: str,
        *,
        actor,
        reason: str = "",
        to_state: str | None = None,
        expected_version=None,
        apply: Callable[[models.Model, datetime.datetime], None] | None = None,
        then: Callable[[models.Model, Any], dict | None] | None = None,
        changes: dict | None = None,
        history: dict | None = None,
        audit_action: str | None = None,
        at: datetime.datetime | None = None,
        authorised: bool = False,
    ) -> models.Model:
        """Make the transition ``name`` on ``record`` as one step (see the module docstring) and
        return the record, reloaded under a lock and changed.

        ``apply(record, at)``: the transition's own checks and field changes, before the state
        moves. ``then(record, history_row) -> dict | None``: side records after the save, returning
        audit changes to add. ``changes``: audit changes to add. ``history``: more keyword
        arguments for the history writer. ``authorised``: the caller established the right another
        way (a partner's signed link, no account) and ``actor`` may be ``None``.
        """
        transition = self.transitions[name]
        if not authorised:
            self.check_permission(actor, record, transition)
        record.refresh_from_db(from_queryset=self.model._default_manager.select_for_update())
        if not self.can_start_from(record, transition):
            raise self.not_allowed(record, transition)
        if expected_version is not None and str(getattr(record, self.version_field)) != str(expected_version):
            raise StaleRecord(
                _("Somebody else changed this record since you opened it: reload the page and try again.")
            )
        reason = (reason or "").strip()
        if transition.reason_required and not reason:
            raise ValidationError({transition.reason_field: [str(transition.reason_required)]})
        at = at or timezone.now()
        before = snapshot(record, self.audited_fields)
        if apply is not None:
            apply(record, at)
        row = self.move(record, name, actor=actor, reason=reason, to_state=to_state, at=at, history=history)
        record.save()
        audited = self.audit_changes(record, before)
        if then is not None:
            audited.update(then(record, row) or {})
        audited.update(changes or {})
        audit_record(
            actor=actor,
            action=audit_action or f"{self.audit_prefix}.{transition.audit_name or transition.name}",
            obj=record,
            changes=audited,
            object_repr=self.audit_repr(record) if self.audit_repr else None,
        )
        return record
