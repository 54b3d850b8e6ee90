"""Small helpers shared by the registry's views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from sanad.core.errors import DomainError


def attach_errors(form: forms.Form, exc: ValidationError | DomainError) -> None:
    """Put a service's errors on the form: field errors on their fields, the rest on top."""
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            target = field if field in form.fields else None
            if field in ("phones",) and "phone" in form.fields:
                target = "phone"
            if field in ("documents",) and "document_number" in form.fields:
                target = "document_number"
            if field in ("consents",) and "consent_purposes" in form.fields:
                target = "consent_purposes"
            form.add_error(target, messages)
    elif exc.messages:
        form.add_error(None, exc.messages)
