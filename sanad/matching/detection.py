"""Batch duplicate detection over the registry: read in chunks, run the Splink core, store pairs.

``duplicate_detection_start(*, actor)`` creates the job (page "Find duplicates");
``duplicate_detection_run(...)`` does the work, for the job and for ``sanad find_duplicates``.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record
from sanad.core.errors import DomainError
from sanad.core.exports import Column, Table, csv_write
from sanad.core.jobs import job_enqueue
from sanad.core.models import Job
from sanad.core.permissions import has_permission
from sanad.core.scoping import scope_filter
from sanad.core.services.jobs import job_create, job_progress, job_start
from sanad.matching import conf
from sanad.matching.comparisons import AGREEMENT_LEVELS
from sanad.matching.models import DuplicatePair, LinkageModel
from sanad.matching.realtime import record_for_person
from sanad.registry.models import Person

CHUNK = 5000
JOB_KIND = "matching.find_duplicates"
EXPORT_COLUMNS = ("external_id_a", "external_id_b", "match_weight", "match_probability", "band")


def min_records_to_train() -> int:
    return int(getattr(settings, "SANAD_LINKAGE_MIN_TRAIN", 2000))


def duplicate_detection_start(*, actor) -> Job:
    """Start the batch run as a background job; returns the job to follow."""
    if not has_permission(actor, "duplicates.run"):
        raise DomainError(_("You may not run duplicate detection."), code="forbidden")
    running = Job.objects.filter(kind=JOB_KIND, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).first()
    if running is not None:
        return running
    with transaction.atomic():
        job = job_create(actor=actor, kind=JOB_KIND, label=str(_("Find duplicate records")))
        return job_enqueue(job)


def duplicate_detection_job(job: Job) -> dict:
    return duplicate_detection_run(actor=job.created_by, job=job)


def _people(actor):
    people = Person.objects.filter(status=Person.Status.ACTIVE)
    if actor is not None:
        people = scope_filter(people, actor=actor, action="duplicates.run")
    return people


def _read_records(people, report: Callable[[int, str], None], labels: dict):
    """Linkage records of ``people``, one at a time (read in chunks); fills ``labels``."""
    last, done = 0, 0
    while True:
        chunk = list(
            people.filter(pk__gt=last)
            .order_by("pk")
            .select_related("admin_unit__parent")
            .prefetch_related("phones", "documents")[:CHUNK]
        )
        if not chunk:
            break
        for person in chunk:
            labels[person.pk] = (person.external_id or person.reference, str(person.uuid))
            yield record_for_person(person)
        last = chunk[-1].pk
        done += len(chunk)
        report(done, _("Read %(count)s records") % {"count": done})


def duplicate_detection_run(*, actor=None, job: Job | None = None, export=None, progress=None) -> dict:
    """Run the batch linkage over the actor's scope (``actor=None``: the whole registry).

    Stores ``DuplicatePair`` rows (open pairs updated; decided pairs never touched or proposed
    again), saves the trained parameters as the active ``LinkageModel`` and, with ``export`` (a
    text stream), writes the pairs as CSV. ``progress(message)`` receives progress lines.
    """
    from sanad.matching.linkage import find_duplicate_pairs, records_table

    say = progress or (lambda message: None)
    people = _people(actor)
    total = people.count()
    steps = total + 6
    if job is not None:
        job_start(job, total=steps)

    def report(done: int, message: str) -> None:
        say(message)
        if job is not None:
            job_progress(job, min(done, total), message)

    labels: dict[int, tuple[str, str]] = {}
    # A pyarrow table built chunk by chunk: the records never sit in memory as dicts.
    records = records_table(_read_records(people, report, labels))
    ids = set(labels)
    decided_different = {
        (a, b)
        for a, b in DuplicatePair.objects.filter(status=DuplicatePair.Status.DIFFERENT_PEOPLE).values_list(
            "person_a_id", "person_b_id"
        )
        if a in ids and b in ids
    }
    active = LinkageModel.objects.filter(is_active=True).first()
    train = records.num_rows >= min_records_to_train()

    def linkage_progress(step: int, steps_total: int, message: str) -> None:
        report(total, _("Linkage: %(step)s") % {"step": message})
        if job is not None:
            job_progress(job, total + step, _("Linkage: %(step)s") % {"step": message})

    result = find_duplicate_pairs(
        records,
        upper=conf.upper_threshold(),
        lower=conf.lower_threshold(),
        cluster_at=conf.cluster_threshold(),
        backend=conf.linkage_backend(),
        train=train,
        parameters=active.parameters if active else None,
        exclude_pairs=decided_different,
        progress=linkage_progress,
    )
    say(_("Storing %(count)s pairs") % {"count": len(result.pairs)})
    created, updated, superseded = _store_pairs(result, job, run_ids=ids)
    if train:
        LinkageModel.objects.filter(is_active=True).update(is_active=False)
        LinkageModel.objects.create(
            parameters=result.parameters,
            splink_model=result.splink_model,
            record_count=records.num_rows,
            job=job,
        )
    summary = {
        "records": records.num_rows,
        "pairs": len(result.pairs),
        "duplicate": sum(1 for p in result.pairs if p["band"] == "duplicate"),
        "review": sum(1 for p in result.pairs if p["band"] == "review"),
        "created": created,
        "updated": updated,
        "superseded": superseded,
        "trained": train,
        "warnings": result.warnings[:10],
    }
    if export is not None:
        # Through core.exports: the external ids are what partners typed, never run as formulas.
        csv_write(
            export,
            Table(
                columns=[Column(name) for name in EXPORT_COLUMNS],
                rows=(
                    [
                        labels[pair["unique_id_l"]][0],
                        labels[pair["unique_id_r"]][0],
                        f"{pair['match_weight']:.3f}",
                        f"{pair['match_probability']:.6f}",
                        pair["band"],
                    ]
                    for pair in result.pairs
                ),
            ),
        )
    audit_record(actor=actor, action="matching.detection.run", obj=job, changes={"result": [None, summary]})
    summary["summary"] = (
        _("%(records)s records compared: %(duplicate)s likely duplicates, %(review)s pairs to review.")
        % summary
    )
    return summary


@transaction.atomic
def _store_pairs(result, job: Job | None, run_ids: set[int] = frozenset()) -> tuple[int, int, int]:
    """Create new pairs, update open ones (a superseded pair found again reopens), and close as
    ``superseded`` the open batch pairs of two people of this run (both active) it no longer
    finds. Decided pairs and realtime ones are never touched."""
    existing = {}
    pairs = result.pairs
    wanted = {(p["unique_id_l"], p["unique_id_r"]) for p in pairs}
    a_ids = {a for a, _b in wanted}
    for pair in DuplicatePair.objects.filter(person_a_id__in=a_ids).only(
        "pk", "person_a_id", "person_b_id", "status"
    ):
        key = (pair.person_a_id, pair.person_b_id)
        if key in wanted:
            existing[key] = pair
    to_create, to_update = [], []
    for p in pairs:
        key = (p["unique_id_l"], p["unique_id_r"])
        reasons = [code for code in p["levels"].values() if code in AGREEMENT_LEVELS]
        cluster = result.clusters.get(p["unique_id_l"], "") if p["band"] == "duplicate" else ""
        values = {
            "match_weight": p["match_weight"],
            "match_probability": p["match_probability"],
            "band": p["band"],
            "features": p["levels"],
            "reasons": reasons,
            "cluster": cluster,
            "job": job,
        }
        pair = existing.get(key)
        if pair is None:
            to_create.append(
                DuplicatePair(
                    person_a_id=key[0], person_b_id=key[1], source=DuplicatePair.Source.BATCH, **values
                )
            )
        elif pair.status in (DuplicatePair.Status.OPEN, DuplicatePair.Status.SUPERSEDED):
            pair.status = DuplicatePair.Status.OPEN
            for name, value in values.items():
                setattr(pair, name, value)
            to_update.append(pair)
    DuplicatePair.objects.bulk_create(to_create, batch_size=2000)
    DuplicatePair.objects.bulk_update(
        to_update,
        ["match_weight", "match_probability", "band", "features", "reasons", "cluster", "job", "status"],
        batch_size=2000,
    )
    stale = [
        pk
        for pk, a, b in DuplicatePair.objects.filter(
            status=DuplicatePair.Status.OPEN,
            source=DuplicatePair.Source.BATCH,
            person_a__status=Person.Status.ACTIVE,
            person_b__status=Person.Status.ACTIVE,
        ).values_list("pk", "person_a_id", "person_b_id")
        if a in run_ids and b in run_ids and (a, b) not in wanted
    ]
    for start in range(0, len(stale), 2000):
        DuplicatePair.objects.filter(pk__in=stale[start : start + 2000]).update(
            status=DuplicatePair.Status.SUPERSEDED, job=job, updated_at=timezone.now()
        )
    return len(to_create), len(to_update), len(stale)


def export_text() -> io.StringIO:
    return io.StringIO()
