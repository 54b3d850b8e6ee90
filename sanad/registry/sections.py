"""The person page's sections from other modules (assessments, cases, referrals, …).

Each module declares its sections on its app config (``person_sections`` of ``SanadAppConfig``);
the page shows, in their declared order, those whose context function gives something for the
signed-in user. The registry names no other module's template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sanad.core.registration import declared, resolve


@dataclass(frozen=True)
class ShownSection:
    name: str
    template: str
    context: dict[str, Any]


def person_sections(*, actor, person) -> list[ShownSection]:
    """The sections to show ``actor`` on ``person``'s page, in their declared order."""
    shown = []
    for section in sorted(declared("person_sections"), key=lambda section: section.order):
        context = resolve(section.context)(actor, person)
        if context is not None:
            shown.append(ShownSection(section.name, section.template, context))
    return shown
