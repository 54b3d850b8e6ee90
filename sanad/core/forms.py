"""Shared form pieces."""

from __future__ import annotations

import uuid

from django import forms

# Bootstrap classes of the widgets most forms declare by hand.
TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class IdempotentFormMixin(forms.Form):
    """A hidden key generated when the form is first shown; a re-submitted form reuses it, so the
    service returns the record the first submission created instead of creating a second."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
