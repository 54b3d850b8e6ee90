"""Latency of the registry's one search box (``sanad.registry.selectors.person_search``).

Reuses the real-time check's generator (``bench/realtime_check.py``: N synthetic people with
name keys and phones, households sharing family name and phone), then times searches by
re-spelt names, full names, phones and references as an agency-scoped caseworker, and prints
p50 / p95 / max per kind.

    createdb -h 127.0.0.1 -U postgres sanad_bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanad_bench_search SANAD_TESTING=1 \
        .venv/bin/python bench/registry_search.py --people 200000
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.realtime_check import generate, respell  # noqa: E402  (sets up Django)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    from sanad.core.models import Agency, Role, User
    from sanad.registry.models import Person
    from sanad.registry.selectors import person_search

    agency, _ = Agency.objects.get_or_create(code="bench", defaults={"name_en": "Benchmark agency"})
    owner, created = User.objects.get_or_create(username="bench-realtime", defaults={"agency": agency})
    if created:
        owner.roles.add(Role.objects.get_or_create(code="data_protection_officer")[0])
    actor, created = User.objects.get_or_create(username="bench-search", defaults={"agency": agency})
    if created:
        actor.roles.add(Role.objects.get_or_create(code="caseworker")[0])
    existing = Person.objects.filter(reference__startswith="BENCH-").count()
    if existing < args.people:
        generate(args.people - existing, owner, rng)
    total = Person.objects.count()
    ids = list(
        Person.objects.filter(reference__startswith="BENCH-")
        .order_by("?")
        .values_list("pk", flat=True)[: args.searches]
    )
    sample = list(Person.objects.filter(pk__in=ids).prefetch_related("phones"))
    queries = {
        "re-spelt given + family": [f"{respell(p.given_name, rng)} {p.family_name}" for p in sample],
        "full name (3 parts)": [f"{p.given_name} {p.father_name} {p.family_name}" for p in sample],
        "one common name": [p.given_name for p in sample],
        "phone as typed": ["0" + p.phones.all()[0].number[4:] for p in sample],
        "reference": [p.reference for p in sample],
    }
    person_search(actor=actor, text="warm up")
    for kind, texts in queries.items():
        timings = []
        for text in texts:
            started = time.perf_counter()
            person_search(actor=actor, text=text, limit=20)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        print(
            f"database={connection.vendor} people={total:,} {kind:<26} n={len(timings)} "
            f"p50={statistics.median(timings):.1f} ms p95={p95:.1f} ms max={timings[-1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
