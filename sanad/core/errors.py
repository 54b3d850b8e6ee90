"""Errors services raise. Views attach them to forms; the API maps them to one JSON shape."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the operation (not a field error)."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class Forbidden(DomainError):
    """A rule refusing this actor the operation (a missing right, four eyes, a conflict of
    interest): a 403 like any missing right, whatever its code."""

    code = "forbidden"
