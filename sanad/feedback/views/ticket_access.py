"""Small pieces shared by the helpline views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, reverse

from sanad.core.errors import DomainError
from sanad.feedback.selectors import may_use_tickets


class TicketAccessMixin:
    """Ticket pages open to users holding ``tickets.view`` and to every named focal point."""

    def dispatch(self, request, *args, **kwargs):
        if not may_use_tickets(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def attach_errors(form: forms.Form, exc: ValidationError | DomainError) -> None:
    """A service's errors on the form: field errors on their fields, the rest on top."""
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def url_if_exists(name: str, query: str = "") -> str:
    """The URL of ``name`` with ``query`` appended, or "" when that page does not exist (yet)."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url
