"""Where the current request came from, for audit events written deep inside services."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    channel: str = "cli"  # web, api, cli, job
    ip_address: str | None = None
    user_agent: str = ""
    request_id: str = ""


_origin: contextvars.ContextVar[Origin] = contextvars.ContextVar("sanad_origin", default=Origin())  # noqa: B039 — Origin is frozen


def current_origin() -> Origin:
    return _origin.get()


@contextmanager
def origin(value: Origin) -> Iterator[Origin]:
    token = _origin.set(value)
    try:
        yield value
    finally:
        _origin.reset(token)
