"""The person page's timeline, filled by every module that does something with a person.

A module declares its providers on its app config (``timeline_providers`` of ``SanadAppConfig``):
a function ``(actor, person) -> Iterable[TimelineEntry]`` that returns only what the actor may
see. Cases, services, assistance, referrals and tickets add theirs::

    class CasesConfig(SanadAppConfig):
        timeline_providers = ("sanad.cases.providers.case_entries",)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sanad.core.bidi import isolate
from sanad.core.registration import declared, resolve


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    title: str
    detail: str = ""
    kind: str = "other"  # registration, consent, flag, edit, case, service, …
    url: str = ""
    who: str = ""


def _at_start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def person_timeline(*, actor, person, limit: int = 100) -> list[TimelineEntry]:
    """Every provider's entries for ``person``, newest first."""
    entries: list[TimelineEntry] = []
    for provider in declared("timeline_providers"):
        entries.extend(resolve(provider)(actor, person))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


# What an edit changed, named as the person page names it (the audit trail keeps the field keys).
_RECORD_PARTS = {
    "phones": _lazy("Phones"),
    "documents": _lazy("Documents"),
    "flags": _lazy("Vulnerabilities"),
}


def _changed_fields(changes) -> str:
    from sanad.registry.models import Person

    labels = []
    for name in sorted(changes):
        if name in _RECORD_PARTS:
            labels.append(str(_RECORD_PARTS[name]))
            continue
        try:
            labels.append(str(Person._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a field since removed: its key is all the trail knows
            labels.append(isolate(name))
    return ("، " if (get_language() or "").startswith("ar") else ", ").join(labels)


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def registry_entries(actor, person) -> Iterable[TimelineEntry]:
    """Registrations, consent given and withdrawn, flags set, and edits from the audit trail."""
    for registration in person.registrations.all():
        place = registration.site or registration.admin_unit
        detail = " · ".join(
            [registration.get_channel_display()] + [isolate(x) for x in (registration.team, place) if x]
        )
        if registration.note:
            detail = f"{detail} — {isolate(registration.note)}"
        yield TimelineEntry(
            registration.created_at,
            _("Registered"),
            detail,
            "registration",
            who=_who(registration.registered_by),
        )
    for consent in person.consents.all():
        given_by = _("given by %(name)s") % {"name": isolate(consent.given_by)} if consent.given_by else ""
        yield TimelineEntry(
            _at_start_of(consent.given_on),
            _("Consent given: %(purpose)s") % {"purpose": consent.get_purpose_display()},
            given_by,
            "consent",
            who=_who(consent.recorded_by),
        )
        if consent.withdrawn_on:
            yield TimelineEntry(
                _at_start_of(consent.withdrawn_on),
                _("Consent withdrawn: %(purpose)s") % {"purpose": consent.get_purpose_display()},
                "",
                "consent",
                who=_who(consent.withdrawn_by),
            )
    for flag in person.flags.all():
        yield TimelineEntry(
            flag.set_at, _("Flag set: %(flag)s") % {"flag": flag.get_flag_display()}, "", "flag"
        )
    from sanad.registry.selectors import person_edit_events

    for event in person_edit_events(actor=actor, person=person):
        fields = _changed_fields(event.changes)
        yield TimelineEntry(event.at, _("Record edited"), fields, "edit", who=event.actor_username)
