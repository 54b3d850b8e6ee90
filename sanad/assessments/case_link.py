"""The case an assessment is filed under.

Cases own the link between the two apps: the cases app imports assessments (a case page lists its
assessments, a case is opened from a screening) and, when it starts, registers here how the case an
assessment names is found and checked (``cases/apps.py``). Assessments never import cases
(``core/tests/test_import_graph.py`` parses the imports).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class CaseLink:
    # get(actor=, uuid=) -> the case the actor may see (read not logged); Http404 otherwise.
    get: Callable[..., Any]
    # check(actor=, case=) -> None: Http404 when the actor may not see the case, PermissionDenied
    # when they see it but may not work on it.
    check: Callable[..., None]


_registered: list[CaseLink] = []


def case_link_register(link: CaseLink) -> None:
    _registered[:] = [link]


def _link() -> CaseLink:
    if not _registered:
        raise ImproperlyConfigured("The cases app registers the case link when it starts (cases/apps.py).")
    return _registered[0]


def case_for(*, actor, uuid):
    """The case with ``uuid`` that the actor may see; 404 otherwise."""
    return _link().get(actor=actor, uuid=uuid)


def case_check(*, actor, case) -> None:
    """The actor may file an assessment under ``case``: 404 unseen, 403 seen but not worked on."""
    _link().check(actor=actor, case=case)
