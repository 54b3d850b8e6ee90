"""Latency of the real-time duplicate check (``sanad.matching.realtime.find_candidates``).

Generates N synthetic people straight into the database (bulk_create, with their name keys and
phones; households of 1–6 sharing family name, father's name and phone), then times 1,000 checks
— repeats re-spelt, household relatives, and new people — and prints p50 / p95 / max.

    # PostgreSQL (the target: p95 < 100 ms at 1M people)
    createdb -h 127.0.0.1 -U postgres sanad_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanad_bench SANAD_TESTING=1 \
        .venv/bin/python bench/realtime_check.py --people 100000
    # 1M: --people 1000000 (about 10 minutes to generate on 2 cores; --keep reuses the rows)

    # SQLite (embedded default)
    SANAD_TESTING=1 .venv/bin/python bench/realtime_check.py --people 20000

``--keep`` skips generation when the database already holds the benchmark's people.
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
from django.db import connection, transaction  # noqa: E402

GIVEN_M = [
    "Mohamed",
    "Muhammad",
    "Mohammed",
    "Ahmed",
    "Ali",
    "Omar",
    "Ibrahim",
    "Abdelrahman",
    "Abdulrahman",
    "Yusuf",
    "Youssef",
    "Musa",
    "Adam",
    "Issa",
    "Hassan",
    "Hussein",
    "Khalid",
    "Salem",
    "Tesfaye",
    "Abebe",
    "Yonas",
    "Habib",
    "Kamal",
    "Suleiman",
    "Rashid",
    "Mamadou",
    "Ousmane",
    "Abdou",
    "Idris",
    "Osman",
    "Bashir",
    "Tariq",
    "Faisal",
    "Hamza",
    "Bilal",
    "Saeed",
    "Rahim",
    "Karim",
    "Jamal",
    "Nasser",
    "Anwar",
    "Hafiz",
    "Shafiq",
    "Rafiq",
    "Sani",
]
GIVEN_F = [
    "Fatima",
    "Aisha",
    "Mariam",
    "Amina",
    "Zainab",
    "Halima",
    "Khadija",
    "Hawa",
    "Binta",
    "Nasra",
    "Asha",
    "Hodan",
    "Saba",
    "Selam",
    "Rukhsana",
    "Nasreen",
    "Salma",
    "Huda",
    "Rania",
    "Mona",
    "Samira",
    "Layla",
    "Nour",
    "Hana",
    "Sara",
    "Rahma",
    "Zahra",
    "Safiya",
    "Aminata",
    "Kadiatou",
]
FAMILY = [
    "Abdullah",
    "Osman",
    "Bashir",
    "Diallo",
    "Traore",
    "Haile",
    "Tesfaye",
    "Idris",
    "Rahman",
    "Hossain",
    "Jama",
    "Farah",
    "Warsame",
    "Kebede",
    "Sow",
    "Camara",
    "Mahmoud",
    "Saleh",
    "Elmi",
    "Ahmed",
    "Gebremedhin",
    "Tekle",
    "Bello",
    "Musa",
    "Sani",
    "Yusuf",
    "Barry",
    "Keita",
    "Kone",
    "Coulibaly",
    "Mohamud",
    "Hassan",
    "Ali",
    "Omar",
    "Ibrahim",
    "Suleiman",
    "Haroun",
    "Khalifa",
    "Mansour",
    "Zidan",
    "Abubakar",
    "Garba",
    "Danjuma",
    "Uddin",
    "Miah",
    "Begum",
    "Akter",
    "Sheikh",
    "Chowdhury",
    "Islam",
    "Sarkar",
    "Mondal",
]
NATIONALITIES = ("SDN", "TCD", "NGA", "NER", "ERI", "ETH", "SOM", "BGD", "EGY", "SYR", "MLI", "GHA")
SWAPS = (("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("a", "e"), ("y", "i"), ("mm", "m"))


def respell(name: str, rng: random.Random) -> str:
    for old, new in rng.sample(SWAPS, len(SWAPS)):
        if old in name[1:]:
            return name[0] + name[1:].replace(old, new, 1)
    return name + "h"


def generate(count: int, actor, rng: random.Random) -> None:
    from sanad.names.keys import person_name_keys
    from sanad.registry.models import DatePrecision, NameKey, Person, Phone

    batch, made = 5000, 0
    started = time.perf_counter()
    while made < count:
        people, phones_for = [], []
        while len(people) < min(batch, count - made):
            family, father = rng.choice(FAMILY), rng.choice(GIVEN_M)
            phone = f"+2189{rng.randrange(10**8):08d}"
            for _ in range(rng.randint(1, 6)):
                sex = rng.choice("MF")
                year = rng.randint(1950, 2020)
                exact = rng.random() < 0.5
                index = made + len(people)
                people.append(
                    Person(
                        reference=f"BENCH-{index:08d}",
                        given_name=rng.choice(GIVEN_M if sex == "M" else GIVEN_F),
                        father_name=father,
                        grandfather_name=rng.choice(GIVEN_M),
                        family_name=family,
                        sex=sex,
                        date_of_birth=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                        if exact
                        else f"{year}-01-01",
                        date_of_birth_precision=DatePrecision.EXACT if exact else DatePrecision.YEAR,
                        nationality=rng.choice(NATIONALITIES),
                        agency=actor.agency,
                        created_by=actor,
                    )
                )
                phones_for.append(phone)
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=2000)
            keys, phones = [], []
            for person, phone in zip(people, phones_for, strict=True):
                for part, key in person_name_keys(
                    given=person.given_name,
                    father=person.father_name,
                    grandfather=person.grandfather_name,
                    family=person.family_name,
                ):
                    keys.append(NameKey(person_id=person.pk, part=part, key=key[:60]))
                phones.append(Phone(person_id=person.pk, number=phone, as_typed=phone, is_primary=True))
            NameKey.objects.bulk_create(keys, batch_size=5000, ignore_conflicts=True)
            Phone.objects.bulk_create(phones, batch_size=5000, ignore_conflicts=True)
        made += len(people)
        rate = made / (time.perf_counter() - started)
        print(f"  {made:,} people ({rate:,.0f}/s)", flush=True)
    if connection.vendor == "postgresql":
        # VACUUM as well as ANALYZE: index-only scans need the visibility map, and without it the
        # first measurement after a bulk load is about three times slower (measured at 1M:
        # p95 202 ms before, 72 ms after) — not what a registry in service sees.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def probes(count: int, rng: random.Random) -> list[dict]:
    from sanad.registry.models import Person

    sample_ids = list(
        Person.objects.filter(reference__startswith="BENCH-")
        .order_by("?")
        .values_list("pk", flat=True)[:count]
    )
    people = Person.objects.filter(pk__in=sample_ids).prefetch_related("phones")
    out = []
    for person in people:
        kind = rng.random()
        probe = {
            "given_name": person.given_name,
            "father_name": person.father_name,
            "family_name": person.family_name,
            "sex": person.sex,
            "date_of_birth": person.date_of_birth,
            "date_of_birth_precision": person.date_of_birth_precision,
            "nationality": person.nationality,
            "phones": [p.number for p in person.phones.all()],
        }
        if kind < 0.4:  # a repeat registration, re-spelt
            probe["given_name"] = respell(person.given_name, rng)
            probe["family_name"] = respell(person.family_name, rng)
        elif kind < 0.7:  # a relative: same father, family name and phone
            probe["given_name"] = rng.choice(GIVEN_M + GIVEN_F)
        else:  # somebody new
            probe["given_name"] = rng.choice(GIVEN_M + GIVEN_F)
            probe["family_name"] = rng.choice(FAMILY)
            probe["father_name"] = rng.choice(GIVEN_M)
            probe["phones"] = [f"+2189{rng.randrange(10**8):08d}"]
        out.append(probe)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="reuse the people already generated")
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    call_command("migrate", verbosity=0)
    from sanad.core.models import Agency, Role, User
    from sanad.matching.realtime import find_candidates
    from sanad.registry.models import Person

    agency, _ = Agency.objects.get_or_create(code="bench", defaults={"name_en": "Benchmark agency"})
    role, _ = Role.objects.get_or_create(code="data_protection_officer")
    actor, created = User.objects.get_or_create(username="bench-realtime", defaults={"agency": agency})
    if created:
        actor.roles.add(role)

    existing = Person.objects.filter(reference__startswith="BENCH-").count()
    if not (args.keep and existing >= args.people):
        if existing:
            print(f"{existing:,} benchmark people exist; generating {args.people - existing:,} more")
        generate(max(0, args.people - existing), actor, rng)
    total = Person.objects.count()
    checks = probes(args.checks, rng)
    find_candidates(actor=actor, **checks[0])  # warm-up
    timings, found, flagged = [], 0, 0
    for probe in checks:
        started = time.perf_counter()
        candidates = find_candidates(actor=actor, **probe)
        timings.append((time.perf_counter() - started) * 1000)
        found += bool(candidates)
        flagged += any(c.band == "duplicate" for c in candidates)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"database={connection.vendor} people={total:,} checks={len(timings)} "
        f"p50={statistics.median(timings):.1f} ms p95={p95:.1f} ms max={timings[-1]:.1f} ms "
        f"(with candidates: {found}, flagged duplicate: {flagged})"
    )


if __name__ == "__main__":
    main()
