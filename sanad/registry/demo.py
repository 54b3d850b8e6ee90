"""Demo people: ~30 people in 10 households across the demo sites, names in both scripts, and two
repeat registrations under another spelling (so the demo shows duplicate detection).

Idempotent: households and people carry ``demo-…`` external ids and are created only once.
"""

from __future__ import annotations

from sanad.core.models import User
from sanad.geo.models import Site
from sanad.registry.models import Household, Person, Registration
from sanad.registry.services import household_register, person_register

# (given, father, family, given_ar, father_ar, family_ar, sex, birth year, nationality, phone, relationship)
HOUSEHOLDS = [
    [
        ("Mohamed", "Ibrahim", "Adam", "محمد", "إبراهيم", "آدم", "M", 1988, "SDN", "0912345001", "head"),
        ("Amna", "Osman", "Adam", "آمنة", "عثمان", "آدم", "F", 1992, "SDN", "", "spouse"),
        ("Yousif", "Mohamed", "Adam", "يوسف", "محمد", "آدم", "M", 2015, "SDN", "", "child"),
    ],
    [
        ("Abdelrahman", "Ali", "Hassan", "عبد الرحمن", "علي", "حسن", "M", 1990, "SDN", "0912345002", "head"),
        ("Fatima", "Ahmed", "Hassan", "فاطمة", "أحمد", "حسن", "F", 1995, "SDN", "", "spouse"),
    ],
    [
        ("Aisha", "Musa", "Abubakar", "عائشة", "موسى", "أبوبكر", "F", 1985, "NGA", "0923456003", "head"),
        ("Ibrahim", "Musa", "Abubakar", "إبراهيم", "موسى", "أبوبكر", "M", 2010, "NGA", "", "child"),
        ("Hauwa", "Musa", "Abubakar", "حواء", "موسى", "أبوبكر", "F", 2013, "NGA", "", "child"),
    ],
    [
        ("Tesfay", "Gebre", "Haile", "تسفاي", "جبري", "هايلي", "M", 1993, "ERI", "0913456004", "head"),
        ("Selam", "Tekle", "Haile", "سلام", "تكلي", "هايلي", "F", 1996, "ERI", "", "spouse"),
        ("Daniel", "Tesfay", "Haile", "دانيال", "تسفاي", "هايلي", "M", 2019, "ERI", "", "child"),
    ],
    [
        (
            "Abdullahi",
            "Hassan",
            "Warsame",
            "عبد الله",
            "حسن",
            "ورسمي",
            "M",
            1987,
            "SOM",
            "0924567005",
            "head",
        ),
        ("Hodan", "Ali", "Warsame", "هودان", "علي", "ورسمي", "F", 1991, "SOM", "", "spouse"),
        ("Ayaan", "Abdullahi", "Warsame", "أيان", "عبد الله", "ورسمي", "F", 2016, "SOM", "", "child"),
    ],
    [
        ("Rahim", "Karim", "Uddin", "رحيم", "كريم", "الدين", "M", 1994, "BGD", "0915678006", "head"),
        ("Shamim", "Karim", "Uddin", "شميم", "كريم", "الدين", "M", 1998, "BGD", "", "sibling"),
    ],
    [
        ("Mahamat", "Abakar", "Saleh", "محمد", "أبكر", "صالح", "M", 1989, "TCD", "0926789007", "head"),
        ("Hawa", "Idriss", "Saleh", "حواء", "إدريس", "صالح", "F", 1994, "TCD", "", "spouse"),
        ("Zakaria", "Mahamat", "Saleh", "زكريا", "محمد", "صالح", "M", 2014, "TCD", "", "child"),
        ("Khadija", "Mahamat", "Saleh", "خديجة", "محمد", "صالح", "F", 2018, "TCD", "", "child"),
    ],
    [
        ("Ahmed", "Mahmoud", "El-Sayed", "أحمد", "محمود", "السيد", "M", 1983, "EGY", "0917890008", "head"),
        ("Mona", "Hassan", "El-Sayed", "منى", "حسن", "السيد", "F", 1987, "EGY", "", "spouse"),
        ("Omar", "Ahmed", "El-Sayed", "عمر", "أحمد", "السيد", "M", 2011, "EGY", "", "child"),
    ],
    [
        ("Khaled", "Omar", "Al-Hamwi", "خالد", "عمر", "الحموي", "M", 1980, "SYR", "0928901009", "head"),
        ("Rania", "Yasser", "Al-Hamwi", "رانيا", "ياسر", "الحموي", "F", 1984, "SYR", "", "spouse"),
        ("Layla", "Khaled", "Al-Hamwi", "ليلى", "خالد", "الحموي", "F", 2012, "SYR", "", "child"),
    ],
    [
        ("Moussa", "Issa", "Diallo", "موسى", "عيسى", "ديالو", "M", 1997, "NER", "0919012010", "head"),
        ("Aminata", "Issa", "Diallo", "أميناتا", "عيسى", "ديالو", "F", 2001, "NER", "", "sibling"),
    ],
]

# Registered again elsewhere under another spelling (before the real-time check existed).
REPEATS = [
    # (external id, data)
    (
        "demo-repeat-1",
        {
            "given_name": "Muhammad",
            "father_name": "Ibraheem",
            "family_name": "Adam",
            "sex": "M",
            "date_of_birth": "1988",
            "date_of_birth_precision": "year",
            "nationality": "SDN",
            "phones": ["0912345001"],
        },
    ),
    (
        "demo-repeat-2",
        {
            "given_name_ar": "عبدالرحمن",
            "father_name_ar": "على",
            "family_name_ar": "حسن",
            "sex": "M",
            "date_of_birth": "1991",
            "date_of_birth_precision": "estimated",
            "nationality": "SDN",
        },
    ),
]


def _member(row) -> dict:
    given, father, family, given_ar, father_ar, family_ar, sex, year, nationality, phone, relationship = row
    return {
        "given_name": given,
        "father_name": father,
        "family_name": family,
        "given_name_ar": given_ar,
        "father_name_ar": father_ar,
        "family_name_ar": family_ar,
        "sex": sex,
        "date_of_birth": str(year),
        "date_of_birth_precision": "year",
        "nationality": nationality,
        "phones": [phone] if phone else [],
        "relationship": relationship,
        "consents": [{"purpose": "registration"}],
        "flags": ["single_caregiver"] if relationship == "head" and sex == "F" else [],
    }


def demo_seed_people(*, report=None, registrar_usernames=("caseworker", "team_leader")) -> int:
    """Create the demo people once; returns how many people were created."""
    registrars = [u for u in (User.objects.filter(username=n).first() for n in registrar_usernames) if u]
    if not registrars:
        return 0
    sites = list(Site.objects.filter(is_active=True).order_by("name_en")[:7])
    created = 0
    for index, rows in enumerate(HOUSEHOLDS):
        external_id = f"demo-hh-{index + 1:02d}"
        if Household.objects.filter(external_id=external_id).exists():
            continue
        site = sites[index % len(sites)] if sites else None
        household_register(
            actor=registrars[index % len(registrars)],
            members=[_member(row) for row in rows],
            registration_channel=Registration.Channel.MOBILE_TEAM,
            site=site,
            admin_unit=site.admin_unit if site else None,
            external_id=external_id,
        )
        created += len(rows)
    for index, (external_id, data) in enumerate(REPEATS):
        if Person.objects.filter(external_id=external_id).exists():
            continue
        site = sites[(index + 3) % len(sites)] if sites else None
        person_register(
            actor=registrars[-1],
            data={
                **data,
                "external_id": external_id,
                "site": site,
                "admin_unit": site.admin_unit if site else None,
            },
            registration_channel=Registration.Channel.OFFICE,
            site=site,
        )
        created += 1
    if report is not None:
        for _ in range(created):
            report.count("people")
    return created
