"""Small helpers shared by the gazetteer's views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from sanad.core.errors import DomainError

PAGE_SIZE = 50


def attach_errors(form: forms.Form, exc: ValidationError | DomainError) -> None:
    """Put a service's errors on the form: field errors on their fields, the rest on top."""
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)
