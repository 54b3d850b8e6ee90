"""Registry latency at scale on PostgreSQL: the real-time duplicate check and the search box.

Two steps, each its own command:

``setup`` builds a registry once from ``bench/registry_generator.py``'s realistic file (Arabic
and Latin names in many spellings, households sharing family name, phone and place, 20 % repeat
registrations) through the real import path (``people_import``: COPY on PostgreSQL, name keys,
phones, households, registrations). Then it moves a quarter of the people to a second agency so
that scoping does real work, and gives a third of the people an identity document (passport or
national ID) straight in SQL, since the import template has no document column.

``measure`` times, as an agency-scoped caseworker (``persons.view`` = agency):

- ``find_candidates`` for 1,000 probes: re-spelt repeats of stored people (Latin re-spelling,
  Arabic script only, typo, dropped grandfather), household relatives, and new people;
- ``person_search`` for names in Latin and Arabic script, re-spelt names, one common name, phone
  as typed, document number and reference.

    createdb -h 127.0.0.1 -U postgres sanad_bench_1m
    .venv/bin/python bench/registry_generator.py --size 1000000 --out /tmp/bench-1m/registry-1m.csv
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanad_bench_1m SANAD_TESTING=1 \\
        .venv/bin/python bench/registry_latency.py setup /tmp/bench-1m/registry-1m.csv
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanad_bench_1m SANAD_TESTING=1 \\
        .venv/bin/python bench/registry_latency.py measure
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

IMPORTER = "bench-importer"
CASEWORKER = "bench-caseworker"


def _users():
    from sanad.core.models import Agency, Role, User

    agency, _ = Agency.objects.get_or_create(code="bench", defaults={"name_en": "Benchmark agency"})
    Agency.objects.get_or_create(code="bench-other", defaults={"name_en": "Other agency"})
    importer, created = User.objects.get_or_create(username=IMPORTER, defaults={"agency": agency})
    if created:
        importer.roles.add(Role.objects.get_or_create(code="me_officer")[0])
    caseworker, created = User.objects.get_or_create(username=CASEWORKER, defaults={"agency": agency})
    if created:
        caseworker.roles.add(Role.objects.get_or_create(code="caseworker")[0])
    return importer, caseworker


def setup(path: Path, chunk: int) -> None:
    from sanad.core.models import Agency
    from sanad.geo.models import AdminUnit
    from sanad.geo.services import gazetteer_load
    from sanad.registry.models import Person
    from sanad.registry.services.importing import people_import

    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.exists():
        gazetteer_load(actor=None)
    importer, _caseworker = _users()
    lines = path.read_text(encoding="utf-8").splitlines()
    # The generator's last column is the truth (``true_person_id``); the importer must not see it.
    if lines[0].endswith(",true_person_id"):
        lines = [line.rsplit(",", 1)[0] for line in lines]
    header, rows = lines[0] + "\n", [line + "\n" for line in lines[1:]]
    started = time.monotonic()
    # The generator keeps a household's rows together except for repeats; chunks only bound memory.
    for start in range(0, len(rows), chunk):
        body = (header + "".join(rows[start : start + chunk])).encode()
        t0 = time.monotonic()
        report = people_import(actor=importer, source=body, file_name="registry.csv")
        print(
            f"  rows {start + 1:,}–{min(start + chunk, len(rows)):,}: created {report.created:,}, "
            f"errors {len(report.errors)}, {time.monotonic() - t0:.0f} s",
            flush=True,
        )
        for error in report.errors[:3]:
            print("   ", error.line())
        if report.errors:
            raise SystemExit(1)
    print(f"import: {time.monotonic() - started:.0f} s, people {Person.objects.count():,}", flush=True)
    other = Agency.objects.get(code="bench-other")
    with connection.cursor() as cursor:
        # A quarter of the people (every household whole) belong to another agency.
        cursor.execute(
            "UPDATE registry_person SET agency_id = %s WHERE (coalesce(household_id, id) %% 4) = 0",
            [other.pk],
        )
        cursor.execute(
            "UPDATE registry_household SET agency_id = %s WHERE (id %% 4) = 0",
            [other.pk],
        )
        cursor.execute(
            """
            INSERT INTO registry_identitydocument
                (person_id, document_type, number, number_normalised, issuing_country, expiry_date)
            SELECT id,
                   CASE WHEN id % 2 = 0 THEN 'passport' ELSE 'national_id' END,
                   chr((65 + id % 26)::int) || lpad((id * 7919 % 100000000)::text, 8, '0'),
                   chr((65 + id % 26)::int) || lpad((id * 7919 % 100000000)::text, 8, '0'),
                   nationality, NULL
            FROM registry_person WHERE id % 3 = 0
            """
        )
        cursor.execute("ANALYZE")
    print(f"setup done: {time.monotonic() - started:.0f} s", flush=True)


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[int(q * (len(values) - 1))]


def _line(label: str, timings: list[float], extra: str = "") -> str:
    return (
        f"{label:<34} n={len(timings):>4} p50={statistics.median(timings):6.1f} ms "
        f"p95={_pct(timings, 0.95):6.1f} ms p99={_pct(timings, 0.99):6.1f} ms "
        f"max={max(timings):6.1f} ms {extra}"
    )


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def measure(checks: int, searches: int, seed: int) -> None:
    from bench.realtime_check import respell
    from sanad.matching.realtime import find_candidates
    from sanad.registry.models import Person
    from sanad.registry.selectors import person_search

    rng = random.Random(seed)
    _importer, actor = _users()
    total = Person.objects.count()
    # A seeded sample of the people the caseworker may see (the same sample on every run).
    visible_ids = rng.sample(
        list(Person.objects.filter(agency=actor.agency, status="active").values_list("pk", flat=True)),
        max(checks, searches),
    )
    sample = list(Person.objects.filter(pk__in=visible_ids).prefetch_related("phones", "documents"))
    rng.shuffle(sample)
    others = list(
        Person.objects.filter(pk__in=rng.sample(range(1, total + 1), 500)).values(
            "given_name", "father_name", "family_name", "given_name_ar", "family_name_ar"
        )
    )
    print(f"database={connection.vendor} people={total:,} actor={actor.username} (agency scope)")
    print(os.popen("uptime").read().strip())

    # --- real-time duplicate check --------------------------------------------------------
    kinds: dict[str, list[float]] = {}
    found = flagged = 0
    probes = []
    for person in sample[:checks]:
        probe = {
            "given_name": person.given_name,
            "father_name": person.father_name,
            "grandfather_name": person.grandfather_name,
            "family_name": person.family_name,
            "given_name_ar": person.given_name_ar,
            "father_name_ar": person.father_name_ar,
            "grandfather_name_ar": person.grandfather_name_ar,
            "family_name_ar": person.family_name_ar,
            "sex": person.sex,
            "date_of_birth": person.date_of_birth,
            "date_of_birth_precision": person.date_of_birth_precision,
            "nationality": person.nationality,
            "phones": [p.number for p in person.phones.all()],
        }
        roll = rng.random()
        if roll < 0.45:
            kind = "repeat, re-spelt"
            variant = rng.random()
            if variant < 0.5 and person.given_name:
                probe["given_name"] = respell(person.given_name, rng)
                probe["family_name"] = respell(person.family_name, rng) if person.family_name else ""
            elif variant < 0.7:
                probe["given_name"] = _typo(person.given_name, rng)
                probe["grandfather_name"] = ""
            elif variant < 0.85 and (person.given_name_ar or person.family_name_ar):
                kind = "repeat, Arabic only"
                for part in ("given_name", "father_name", "grandfather_name", "family_name"):
                    probe[part] = ""
            else:
                probe["phones"] = [f"+2189{rng.randrange(10**8):08d}"]
        elif roll < 0.7:
            kind = "household relative"
            other = rng.choice(others)
            probe["given_name"], probe["given_name_ar"] = other["given_name"], other["given_name_ar"]
        else:
            kind = "new person"
            other = rng.choice(others)
            probe.update(
                given_name=other["given_name"],
                given_name_ar=other["given_name_ar"],
                father_name=rng.choice(others)["father_name"],
                family_name=other["family_name"],
                family_name_ar=other["family_name_ar"],
                grandfather_name="",
                father_name_ar="",
                grandfather_name_ar="",
                phones=[f"+2189{rng.randrange(10**8):08d}"],
            )
        probes.append((kind, probe))
    find_candidates(actor=actor, **probes[0][1])  # warm-up
    every = []
    for kind, probe in probes:
        started = time.perf_counter()
        candidates = find_candidates(actor=actor, **probe)
        elapsed = (time.perf_counter() - started) * 1000
        every.append(elapsed)
        kinds.setdefault(kind, []).append(elapsed)
        found += bool(candidates)
        flagged += any(c.band == "duplicate" for c in candidates)
    print(_line("real-time check, all", every, f"(with candidates {found}, flagged {flagged})"))
    for kind, timings in kinds.items():
        print(_line(f"  {kind}", timings))

    # --- search ---------------------------------------------------------------------------
    people = sample[:searches]
    arabic = [p for p in sample if p.given_name_ar and p.family_name_ar][:searches]
    queries = {
        "name Latin (given father family)": [
            f"{p.given_name} {p.father_name} {p.family_name}" for p in people if p.given_name
        ],
        "name re-spelt (given family)": [
            f"{respell(p.given_name, rng)} {p.family_name}" for p in people if p.given_name
        ],
        "name Arabic (given father family)": [
            f"{p.given_name_ar} {p.father_name_ar} {p.family_name_ar}" for p in arabic
        ],
        "one common name": [p.given_name or p.given_name_ar for p in people],
        "phone as typed": ["0" + p.phones.all()[0].number[4:] for p in people if p.phones.all()],
        "document number": [p.documents.all()[0].number for p in sample if p.documents.all()][:searches],
        "reference": [p.reference for p in people],
    }
    person_search(actor=actor, text="warm up")
    for kind, texts in queries.items():
        timings, hits = [], 0
        for text in texts:
            started = time.perf_counter()
            result = person_search(actor=actor, text=text, limit=20)
            timings.append((time.perf_counter() - started) * 1000)
            hits += bool(result)
        print(_line(f"search: {kind}", timings, f"(with results {hits}/{len(texts)})"))
    print(os.popen("uptime").read().strip())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("setup")
    build.add_argument("file", type=Path)
    build.add_argument("--chunk", type=int, default=100_000)
    run = sub.add_parser("measure")
    run.add_argument("--checks", type=int, default=1000)
    run.add_argument("--searches", type=int, default=300)
    run.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if args.command == "setup":
        setup(args.file, args.chunk)
    else:
        measure(args.checks, args.searches, args.seed)


if __name__ == "__main__":
    main()
