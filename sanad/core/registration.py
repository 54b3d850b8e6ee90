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

- ``job_kinds``: long work run by a Huey consumer for a ``Job`` row (``sanad.core.jobs``).
- ``periodic_jobs``: work run on a schedule (Huey ``crontab``), with no ``Job`` row.

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


class SanadAppConfig(AppConfig):
    """The base of every Sanad app's config: see the module's docstring for what it declares."""

    job_kinds: tuple[JobKind, ...] = ()
    periodic_jobs: tuple[PeriodicJob, ...] = ()

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
