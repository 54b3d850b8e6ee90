"""Time the people import: N generated rows into an empty registry, then the same file again.

Generates a simple CSV in the import template's format (households sharing family name, phone
area and location; year-only dates of birth; Arabic names for a share of rows) and runs
``people_import`` on a throw-away database — SQLite, PostgreSQL, or both, each in its own
process. The realistic registry generator for duplicate detection is ``bench/registry_generator.py``.

    .venv/bin/python bench/import_people.py --rows 100000                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanad_bench_import \\
        .venv/bin/python bench/import_people.py --rows 100000 --database postgres
    .venv/bin/python bench/import_people.py --rows 100000 --database both      # both, side by side
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/sanad_bench_import"

GIVEN = [
    ("Mohamed", "محمد"),
    ("Ahmed", "أحمد"),
    ("Omar", "عمر"),
    ("Ali", "علي"),
    ("Hassan", "حسن"),
    ("Ibrahim", "إبراهيم"),
    ("Youssef", "يوسف"),
    ("Abdelrahman", "عبد الرحمن"),
    ("Moussa", "موسى"),
    ("Idris", "إدريس"),
    ("Adam", "آدم"),
    ("Chinedu", ""),
    ("Emeka", ""),
    ("Tesfaye", ""),
    ("Yonas", ""),
    ("Abdi", "عبدي"),
    ("Mamadou", ""),
    ("Ousmane", "عثمان"),
    ("Rahim", "رحيم"),
    ("Fatima", "فاطمة"),
    ("Aisha", "عائشة"),
    ("Mariam", "مريم"),
    ("Amina", "أمينة"),
    ("Halima", "حليمة"),
    ("Zainab", "زينب"),
    ("Hawa", "حواء"),
    ("Selam", ""),
    ("Blessing", ""),
    ("Nasrin", "نسرين"),
    ("Khadija", "خديجة"),
]
FAMILY = [
    ("Abdallah", "عبدالله"),
    ("Mahmoud", "محمود"),
    ("Suleiman", "سليمان"),
    ("Haroun", "هارون"),
    ("Okafor", ""),
    ("Okonkwo", ""),
    ("Tesfamariam", ""),
    ("Gebremedhin", ""),
    ("Diallo", "ديالو"),
    ("Traore", "تراوري"),
    ("Warsame", "وارسامي"),
    ("Hussein", "حسين"),
    ("Ali", "علي"),
    ("Uddin", "الدين"),
    ("Rahman", "رحمن"),
    ("Adam", "آدم"),
    ("Yahya", "يحيى"),
    ("Issa", "عيسى"),
    ("Bello", "بيلو"),
]
NATIONALITIES = ["SDN", "NGA", "EGY", "TCD", "NER", "ERI", "ETH", "SOM", "BGD", "SYR", "MLI", "GHA"]
GROUPS = ["migrant", "migrant", "migrant", "refugee", "idp", "returnee", "host_community"]
RELATIONS = ["spouse", "child", "child", "child", "sibling", "parent", "other_relative"]
HEADER = [
    "external_id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "name_ar",
    "sex",
    "date_of_birth",
    "nationality",
    "phone",
    "admin_pcode",
    "site",
    "population_group",
    "household_id",
    "relationship",
]


def generate(path: Path, rows: int, pcodes: list[str], sites: list[tuple[str, str]], seed: int = 7) -> None:
    """``rows`` rows: about 60 % in households of 2–6 sharing family name and location."""
    rng = random.Random(seed)
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        n = household = 0
        while n < rows:
            size = 1 if rng.random() < 0.4 else rng.randint(2, 6)
            size = min(size, rows - n)
            family = rng.choice(FAMILY)
            nationality = rng.choice(NATIONALITIES)
            site = rng.choice(sites) if rng.random() < 0.5 else None
            pcode = site[1] if site else rng.choice(pcodes)
            household += 1
            household_id = f"HH{household:07d}" if size > 1 else ""
            for member in range(size):
                n += 1
                given, given_ar = rng.choice(GIVEN)
                father, father_ar = rng.choice(GIVEN[:19])
                grandfather, grandfather_ar = rng.choice(GIVEN[:19])
                female = given_ar in {
                    "فاطمة",
                    "عائشة",
                    "مريم",
                    "أمينة",
                    "حليمة",
                    "زينب",
                    "حواء",
                    "نسرين",
                    "خديجة",
                }
                female = female or given in {"Selam", "Blessing"}
                year = rng.randint(1950, 2023)
                dob = (
                    str(year)
                    if rng.random() < 0.4
                    else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                )
                name_ar = ""
                if given_ar and family[1] and rng.random() < 0.5:
                    name_ar = " ".join(p for p in (given_ar, father_ar, grandfather_ar, family[1]) if p)
                writer.writerow(
                    [
                        f"EXT-{n:07d}",
                        given,
                        father,
                        grandfather if rng.random() < 0.6 else "",
                        family[0],
                        name_ar,
                        "F" if female else "M",
                        dob,
                        nationality,
                        f"09{rng.choice('1234')} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
                        if rng.random() < 0.8
                        else "",
                        pcode,
                        site[0] if site else "",
                        rng.choice(GROUPS),
                        household_id,
                        ("head" if member == 0 else rng.choice(RELATIONS)) if household_id else "",
                    ]
                )


def child(database_url: str, rows: int, workdir: Path) -> dict:
    """Runs in its own process: set up the database, generate, import twice, report."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "sanad.settings",
            "SANAD_VAR_DIR": str(workdir),
            "SECRET_KEY": "bench-" + "x" * 50,
            "DEBUG": "false",
            "DATABASE_URL": database_url,
        }
    )
    sys.path.insert(0, str(ROOT))
    if database_url.startswith("postgres"):
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from sanad.core.models import Agency, Role, Team, TeamMembership, Unit, User
    from sanad.geo.models import AdminUnit, Site
    from sanad.geo.services import gazetteer_load
    from sanad.registry.models import NameKey, Person
    from sanad.registry.services.importing import people_import

    gazetteer_load(actor=None)
    agency = Agency.objects.create(code="iom", name_en="IOM")
    unit = Unit.objects.create(agency=agency, code="mrrm", name_en="MRRM", kind="mrrm")
    team = Team.objects.create(agency=agency, unit=unit, code="tripoli-1", name="Tripoli 1")
    user = User.objects.create_user("im-officer", password="x" * 20, agency=agency)
    user.roles.add(Role.objects.get_or_create(code="me_officer")[0])
    user.units.add(unit)
    TeamMembership.objects.create(team=team, user=user, function="other")
    pcodes = list(AdminUnit.objects.filter(level=3).values_list("pcode", flat=True))
    places = []
    for index, pcode in enumerate(pcodes[:20]):
        site = Site.objects.create(
            site_type="shelter", name_en=f"Shelter {index}", admin_unit=AdminUnit.objects.get(pcode=pcode)
        )
        places.append((site.name_en, pcode))
    path = workdir / "people.csv"
    generate(path, rows, pcodes, places)
    size = path.stat().st_size

    timings = {}
    for label in ("first import", "same file again"):
        started = time.monotonic()
        with path.open("rb") as handle:
            report = people_import(actor=user, source=handle, file_name=path.name)
        timings[label] = {
            "seconds": round(time.monotonic() - started, 1),
            "created": report.created,
            "unchanged": report.unchanged,
            "errors": len(report.errors),
            "timings": report.timings,
            "first_errors": [e.line() for e in report.errors[:5]],
        }
    return {
        "database": connection.vendor,
        "rows": rows,
        "file_mb": round(size / 1e6, 1),
        "people": Person.objects.count(),
        "name_keys": NameKey.objects.count(),
        **timings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        workdir = Path(tempfile.mkdtemp(prefix="sanad-import-bench-"))
        print(json.dumps(child(args.child, args.rows, workdir)))
        return
    urls = []
    if args.database in ("sqlite", "both"):
        urls.append(f"sqlite:///{tempfile.mkdtemp(prefix='sanad-import-bench-')}/bench.sqlite3")
    if args.database in ("postgres", "both"):
        url = os.environ.get("DATABASE_URL", "")
        urls.append(url if url.startswith("postgres") else DEFAULT_PG)
    results = []
    for url in urls:
        output = subprocess.run(
            [sys.executable, __file__, "--rows", str(args.rows), "--child", url],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    print("| database | rows | file | first import | same file again | name keys |")
    print("|---|---|---|---|---|---|")
    for r in results:
        first, again = r["first import"], r["same file again"]
        print(
            f"| {r['database']} | {r['rows']:,} | {r['file_mb']} MB | {first['seconds']} s "
            f"({first['created']:,} created, {first['errors']} errors) | {again['seconds']} s "
            f"({again['unchanged']:,} unchanged) | {r['name_keys']:,} |"
        )
        print("   first import phases:", first["timings"])
        print("   same file again phases:", again["timings"])
        for error in first["first_errors"]:
            print("  ", error)


if __name__ == "__main__":
    main()
