"""App registration: what a programme module gives the rest of Sanad, declared on its AppConfig.

Every Sanad app's ``apps.py`` subclasses ``SanadAppConfig`` and declares, as class attributes::

    class DtmConfig(SanadAppConfig):
        name = "sanad.dtm"
        job_kinds = (
            JobKind("dtm.import_round", "sanad.dtm.services.jobs.round_import_job",
                    label=_("DTM round import")),
        )
        periodic_jobs = (
            PeriodicJob("dtm.flows_close", "sanad.dtm.services.flows.flows_close",
                        schedule=crontab(minute="0", hour="2")),
        )
        work_providers = ("sanad.dtm.providers.events_to_verify",)
        timeline_providers = ("sanad.dtm.providers.person_entries",)
        person_sections = (
            PersonSection("dtm", "dtm/includes/person_section.html",
                          "sanad.dtm.providers.person_section", order=40),
        )
        demo_seeder = DemoSeeder("sanad.dtm.demo.demo_seed_dtm", after=("registry",))

- ``job_kinds``: long work run by a Huey consumer for a ``Job`` row (``sanad.core.jobs``).
- ``periodic_jobs``: work run on a schedule (Huey ``crontab``), with no ``Job`` row.
- ``work_providers``: ``fn(actor) -> Iterable[WorkItem]`` for "My work" (``sanad.core.work``).
- ``timeline_providers``: ``fn(actor, person) -> Iterable[TimelineEntry]`` for the person page's
  timeline (``sanad.registry.timeline``).
- ``person_sections``: a card on the person page: ``context(actor, person)`` returns the dict the
  template reads as ``section`` (with ``person`` also in reach), or ``None`` to show nothing;
  sections appear by ``order`` (``sanad.registry.sections``).
- ``demo_seeder``: ``run(report=)`` seeds the app's demo data, idempotently, after the seeders of
  the apps (labels) in ``after`` (``sanad.core.services.demo``).

Functions are named by dotted path (resolved when used, so ``apps.py`` imports no models) or
given as callables. Declarations are read where they are used, in ``INSTALLED_APPS`` order; this
module imports nothing of Sanad, so models and every other module may read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


def resolve(target: str | Callable) -> Callable:
    """The function a declaration names (a dotted path) or holds (a callable)."""
    return import_string(target) if isinstance(target, str) else target


@dataclass(frozen=True)
class JobKind:
    """A kind of job: ``run(job) -> dict | None`` does the work (``job_start``/``job_progress``
    as it goes); ``label`` (a lazy translation) names the kind on pages, never ``kind`` itself."""

    kind: str
    run: str | Callable
    label: Any


@dataclass(frozen=True)
class PeriodicJob:
    """Work on a schedule: ``run()`` is called with no argument, in the channel ``job``, at each
    time ``schedule`` (a Huey ``crontab``) accepts. It must be idempotent: several consumers may
    run the same tick."""

    name: str
    run: str | Callable
    schedule: Callable


@dataclass(frozen=True)
class PersonSection:
    name: str
    template: str
    context: str | Callable
    order: int = 100


@dataclass(frozen=True)
class DemoSeeder:
    run: str | Callable
    after: tuple[str, ...] = ()


class SanadAppConfig(AppConfig):
    """The base of every Sanad app's config: see the module's docstring for what it declares."""

    job_kinds: tuple[JobKind, ...] = ()
    periodic_jobs: tuple[PeriodicJob, ...] = ()
    work_providers: tuple[str | Callable, ...] = ()
    timeline_providers: tuple[str | Callable, ...] = ()
    person_sections: tuple[PersonSection, ...] = ()
    demo_seeder: DemoSeeder | None = None

    # Django picks the AppConfig subclass an ``apps.py`` defines; the base, imported there, must not
    # count as a candidate (``default = False``), while every subclass does.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def ready(self) -> None:
        # Huey finds periodic work by registered tasks: create one per declared periodic job.
        from sanad.core.jobs import periodic_tasks_register

        periodic_tasks_register(self.periodic_jobs)
        # Providers are loaded now, so a misspelt path fails at start-up and what their modules
        # register on import (deadline policies, supervisor rules) is there in every process.
        for target in (
            *self.work_providers,
            *self.timeline_providers,
            *(section.context for section in self.person_sections),
        ):
            resolve(target)


def sanad_apps() -> Iterator[SanadAppConfig]:
    """Sanad's apps, in ``INSTALLED_APPS`` order."""
    for config in apps.get_app_configs():
        if isinstance(config, SanadAppConfig):
            yield config


def declared(attribute: str) -> Iterator[Any]:
    """Every app's declarations of one kind (``"job_kinds"``, …), in ``INSTALLED_APPS`` order."""
    for config in sanad_apps():
        yield from getattr(config, attribute)


def job_kind_get(kind: str) -> JobKind | None:
    return next(
        (declared_kind for declared_kind in declared("job_kinds") if declared_kind.kind == kind), None
    )


def demo_seeders() -> list[DemoSeeder]:
    """The declared demo seeders, each after the seeders of the apps it names in ``after``;
    otherwise in ``INSTALLED_APPS`` order."""
    pending = {config.label: config.demo_seeder for config in sanad_apps() if config.demo_seeder}
    for seeder in pending.values():
        for label in seeder.after:
            apps.get_app_config(label)  # a misspelt app label fails here, not silently
    ordered: list[DemoSeeder] = []
    while pending:
        label = next(
            (label for label, seeder in pending.items() if not set(seeder.after) & pending.keys()), None
        )
        if label is None:
            raise ValueError(f"These demo seeders wait for each other: {sorted(pending)}")
        ordered.append(pending.pop(label))
    return ordered
