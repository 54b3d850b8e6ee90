"""Small helpers shared by the assistance views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission

PAGE_SIZE = 50


def attach_errors(form: forms.Form, exc: ValidationError | DomainError) -> None:
    """A service's errors on the form: field errors on their fields, the rest on top."""
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def error_message(request, exc: ValidationError | DomainError) -> None:
    messages.error(request, exc.message if isinstance(exc, DomainError) else " ".join(exc.messages))


def require(user, *actions: str) -> None:
    """403 unless the user holds at least one of ``actions``."""
    if not any(has_permission(user, action) for action in actions):
        raise PermissionDenied


def positive_int(value, default: int = 0) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default
