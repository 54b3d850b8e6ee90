"""Synthetic Libya-like person registry with known truth, for the duplicate-detection benchmark.

Writes the import-template columns plus ``true_person_id`` (the truth; a linkage run must never
see it)::

    external_id, given_name, father_name, grandfather_name, family_name, name_ar, sex,
    date_of_birth, nationality, phone, admin_pcode, site, population_group, household_id,
    relationship, true_person_id

What the data is like (all rates are per record and seeded, so a size and a seed always give
the same file):

- Households share a family name, a phone and a baladiya (P-codes from the gazetteer, weighted
  towards the places migrants are registered); children carry the head's given name as their
  father's name and the head's father's name as their grandfather's; brothers share three of
  four name parts. Household members are *not* duplicates of each other.
- Origins: Libyan, Egyptian, Sudanese, Chadian, Syrian, Nigerien/Nigerian/Malian (Hausa and
  Sahel), Eritrean/Ethiopian (Tigrinya/Amharic), Somali and Bangladeshi, each with its own name
  pools (``bench/name_pools.py``) and naming custom (patronymic chains where there is no family
  name).
- Each record is typed by a registrar with a style: Latin only, Latin plus Arabic, or Arabic
  only (common for Arabic names), sometimes Arabic script typed straight into the Latin-named
  columns. Every record picks its own transliteration of each name, its own Arabic spelling
  (hamza, ta marbuta, alef maqsura, ``عبد ال`` joined or not) and its own capitalisation.
- Many dates of birth are known only by year (typed ``YYYY``, or ``YYYY-01-01`` by some
  registrars).
- A share of the records (``--repeat-share``, default 0.20) are repeat registrations of people
  already in the file: whole households re-registered elsewhere, or one person alone, with
  typos, dropped or swapped name parts, year of birth off by one, new phones and moves.

    .venv/bin/python bench/registry_generator.py --size 100000 --out /tmp/registry-100k.csv
    .venv/bin/python bench/registry_generator.py --size 1000000 --out /tmp/registry-1m.parquet
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import name_pools as np_  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# 2: larger Hausa/Sahel, Tigrinya/Amharic, Somali and Bangladeshi pools (20-22 male names before,
# far fewer than real registries show; figures of version 1 are reproducible at commit 466da0e).
GENERATOR_VERSION = 2
BALADIYA_CSV = ROOT / "sanad" / "geo" / "data" / "libya" / "lby_admin3_baladiya.csv"

COLUMNS = (
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
    "true_person_id",
)

Name = tuple[tuple[str, ...], str]  # (Latin spellings, Arabic form or "")

P = np_.parse_pool
ARAB_M = P(np_.ARAB_MALE)
ARAB_F = P(np_.ARAB_FEMALE)


@dataclass(frozen=True)
class Origin:
    nationalities: tuple[tuple[str, float], ...]
    male: list[Name]
    female: list[Name]
    family: list[Name] | None  # None: patronymic, the "family name" is an ancestor's name
    arabic_native: bool  # registrars often type these names in Arabic script only
    year_only_share: float
    population_groups: tuple[tuple[str, float], ...]
    weight: float


# Values of the import template (docs/import-template.md).
MIGRANT = (("migrant", 0.85), ("refugee", 0.15))
REFUGEE = (("migrant", 0.45), ("refugee", 0.55))

ORIGINS = (
    Origin(
        (("LBY", 1.0),),
        ARAB_M,
        ARAB_F,
        P(np_.LIBYAN_FAMILY),
        True,
        0.15,
        (("host_community", 0.55), ("idp", 0.3), ("returnee", 0.15)),
        0.10,
    ),
    Origin(
        (("EGY", 1.0),),
        ARAB_M + P(np_.EGYPTIAN_MALE),
        ARAB_F,
        P(np_.EGYPTIAN_FAMILY) + ARAB_M[:20],
        True,
        0.35,
        MIGRANT,
        0.15,
    ),
    Origin((("SDN", 1.0),), ARAB_M + P(np_.SUDANESE_MALE) * 2, ARAB_F, None, True, 0.55, REFUGEE, 0.18),
    Origin((("TCD", 1.0),), P(np_.CHADIAN_MALE) * 2 + ARAB_M, ARAB_F, None, True, 0.6, MIGRANT, 0.10),
    Origin(
        (("SYR", 1.0),),
        ARAB_M + P(np_.SYRIAN_MALE) * 2,
        ARAB_F,
        P(np_.SYRIAN_FAMILY),
        True,
        0.2,
        REFUGEE,
        0.04,
    ),
    Origin(
        (("NER", 0.62), ("NGA", 0.25), ("MLI", 0.13)),
        P(np_.HAUSA_MALE),
        P(np_.HAUSA_FEMALE),
        P(np_.SAHEL_FAMILY) + P(np_.HAUSA_MALE),
        False,
        0.65,
        MIGRANT,
        0.24,
    ),
    Origin(
        (("ERI", 0.7), ("ETH", 0.3)),
        P(np_.TIGRINYA_MALE),
        P(np_.TIGRINYA_FEMALE),
        None,
        False,
        0.5,
        REFUGEE,
        0.09,
    ),
    Origin((("SOM", 1.0),), P(np_.SOMALI_MALE), P(np_.SOMALI_FEMALE), None, False, 0.6, REFUGEE, 0.05),
    Origin(
        (("BGD", 1.0),),
        P(np_.BANGLA_MALE),
        P(np_.BANGLA_FEMALE),
        P(np_.BANGLA_FAMILY),
        False,
        0.3,
        MIGRANT,
        0.05,
    ),
)

NEIGHBOUR_NATIONALITY = {"SDN": "TCD", "TCD": "SDN", "NER": "NGA", "NGA": "NER", "ERI": "ETH", "ETH": "ERI"}

# Where migrants are registered: the big coastal cities and the southern transit towns.
HOTSPOTS = (
    "Tripoli",
    "Misrata",
    "Benghazi",
    "Sebha",
    "Alkufra",
    "Zwara",
    "Ejdabia",
    "Azzawya",
    "Sabratha",
    "Tobruk",
    "Janzour",
    "Tajoura",
    "Ubari",
    "Algatroun",
    "Bani Waleed",
    "Abusliem",
    "Ain Zara",
    "Ghat",
    "Murzuq",
    "Sirt",
)

RELATIONSHIPS_CHILD = {"M": "son", "F": "daughter"}


def load_pcodes() -> tuple[list[str], list[float]]:
    pcodes, weights = [], []
    with BALADIYA_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            pcodes.append(row["ADM3_Pcode"])
            weights.append(30.0 if row["ADM3_Name_en"].strip() in HOTSPOTS else 1.0)
    return pcodes, weights


# --- spelling noise ---------------------------------------------------------------------------

_VOWEL_SWAP = {"a": "e", "e": "a", "i": "e", "o": "u", "u": "o", "y": "i"}
_AR_SWAP = {"ه": "ة", "ة": "ه", "ح": "خ", "خ": "ح", "س": "ص", "ص": "س", "ي": "ى", "د": "ذ", "ت": "ط"}
_AR_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.3:  # deletion
        return text[:i] + text[i + 1 :]
    if kind < 0.5:  # doubled letter
        return text[:i] + text[i] + text[i:]
    if kind < 0.75:  # transposition
        return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]
    c = text[i]
    swap = _AR_SWAP.get(c) or _VOWEL_SWAP.get(c.lower())
    if swap is None:
        return text[:i] + text[i + 1 :]
    return text[:i] + swap + text[i + 1 :]


def arabic_spelling(rng: random.Random, text: str) -> str:
    """How one registrar types an Arabic name: hamza, ta marbuta, alef maqsura, spacing."""
    r = rng.random()
    if r < 0.4:
        text = text.translate(_AR_HAMZA)
    if rng.random() < 0.2:
        text = text.replace("ة", "ه")
    if rng.random() < 0.2:
        text = text.replace("ى", "ي")
    if rng.random() < 0.35:
        text = text.replace("عبد ال", "عبدال").replace("أبو ب", "ابوب")
    if rng.random() < 0.02:
        text = text[:1] + "\u064e" + text[1:]  # a fatha typed on the first letter
    if rng.random() < 0.01 and len(text) > 3:
        text = text[:2] + "\u0640" + text[2:]  # tatweel
    return text


def latin_spelling(rng: random.Random, spellings: tuple[str, ...]) -> str:
    text = spellings[0] if rng.random() < 0.45 else rng.choice(spellings)
    r = rng.random()
    if r < 0.08 and ("-" in text or " " in text):
        text = text.replace("-", " ") if "-" in text else text.replace(" ", "")
    return text


# --- people and households --------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    pid: int
    origin: int
    sex: str
    given: Name
    father: Name
    grandfather: Name
    family: Name | None
    birth: tuple[int, int, int]
    year_only: bool  # the person knows only the year
    nationality: str
    phone: str  # own phone, "" if they use the household's
    relationship: str


@dataclass(slots=True)
class Household:
    members: list[Person]
    phone: str
    pcode: str
    site: str
    population_group: str


def weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    r = rng.random() * sum(w for _, w in pairs)
    for value, w in pairs:
        r -= w
        if r <= 0:
            return value
    return pairs[-1][0]


def libyan_phone(rng: random.Random) -> str:
    return f"09{rng.choice('1245')}{rng.randrange(10**7):07d}"


def phone_as_typed(rng: random.Random, phone: str) -> str:
    if not phone:
        return ""
    r = rng.random()
    if r < 0.6:
        return phone
    local = phone[1:]
    if r < 0.8:
        return "+218" + local
    if r < 0.88:
        return "218" + local
    if r < 0.94:
        return "00218" + local
    return f"{phone[:3]} {phone[3:6]} {phone[6:]}"


class Generator:
    def __init__(self, *, seed: int, repeat_share: float, year: int = 2026):
        self.rng = random.Random(seed)
        self.repeat_share = repeat_share
        self.year = year
        self.pcodes, self.pcode_weights = load_pcodes()
        self.pcode_cum = _cumulative(self.pcode_weights)
        self.origin_cum = _cumulative([o.weight for o in ORIGINS])
        self.households: list[Household] = []
        self.next_pid = 0
        self.next_record = 0
        self.next_household = 0
        self.repeats = 0

    # truth

    def _pcode(self) -> str:
        return self.rng.choices(self.pcodes, cum_weights=self.pcode_cum)[0]

    def _person(self, origin_idx: int, sex: str, **kw) -> Person:
        rng, origin = self.rng, ORIGINS[origin_idx]
        self.next_pid += 1
        age = kw.pop("age")
        taken = kw.pop("taken", ())
        pool = origin.male if sex == "M" else origin.female
        given = rng.choice(pool)
        for _ in range(10):  # brothers and sisters do not share a given name
            if (given[1] or given[0][0]) not in taken:
                break
            given = rng.choice(pool)
        birth = (self.year - age, rng.randint(1, 12), rng.randint(1, 28))
        return Person(
            pid=self.next_pid,
            origin=origin_idx,
            sex=sex,
            given=given,
            birth=birth,
            year_only=rng.random() < origin.year_only_share,
            phone=kw.pop("phone", ""),
            **kw,
        )

    def new_household(self) -> Household:
        rng = self.rng
        oi = rng.choices(range(len(ORIGINS)), cum_weights=self.origin_cum)[0]
        origin = ORIGINS[oi]
        nationality = weighted(rng, origin.nationalities)

        def family_name() -> Name:
            return rng.choice(origin.family) if origin.family else rng.choice(origin.male)

        head_sex = "M" if rng.random() < 0.8 else "F"
        head_age = rng.randint(20, 62)
        family = family_name()
        head_father, head_grandfather = rng.choice(origin.male), rng.choice(origin.male)
        head = self._person(
            oi,
            head_sex,
            age=head_age,
            father=head_father,
            grandfather=head_grandfather,
            family=family,
            nationality=nationality,
            relationship="head",
        )
        members = [head]
        r = rng.random()
        size = 1 if r < 0.45 else 2 if r < 0.57 else 3 if r < 0.69 else 4 if r < 0.81 else rng.randint(5, 9)
        if size > 1 and head_sex == "M" and rng.random() < 0.75:
            members.append(
                self._person(
                    oi,
                    "F",
                    age=max(16, head_age - rng.randint(0, 10)),
                    father=rng.choice(origin.male),
                    grandfather=rng.choice(origin.male),
                    family=family_name(),
                    nationality=nationality,
                    relationship="spouse",
                    phone=libyan_phone(rng) if rng.random() < 0.2 else "",
                )
            )
        while len(members) < size:
            sex = "M" if rng.random() < 0.5 else "F"
            taken = {m.given[1] or m.given[0][0] for m in members}
            if rng.random() < 0.12:  # a brother or sister of the head: same father, grandfather, family
                members.append(
                    self._person(
                        oi,
                        sex,
                        age=max(1, head_age + rng.randint(-8, 8)),
                        father=head_father,
                        grandfather=head_grandfather,
                        family=family,
                        nationality=nationality,
                        relationship="brother" if sex == "M" else "sister",
                        taken=taken,
                        phone=libyan_phone(rng) if rng.random() < 0.3 else "",
                    )
                )
                continue
            child_father = head if head_sex == "M" else None
            members.append(
                self._person(
                    oi,
                    sex,
                    age=rng.randint(0, max(0, head_age - 18)),
                    father=child_father.given if child_father else rng.choice(origin.male),
                    grandfather=head_father if child_father else rng.choice(origin.male),
                    family=family if child_father else family_name(),
                    nationality=nationality,
                    relationship=RELATIONSHIPS_CHILD[sex],
                    taken=taken,
                )
            )
        pcode = self._pcode()
        phone = libyan_phone(rng) if rng.random() < 0.9 else ""
        # A site is still drawn, so the seeded sequence (and every figure measured on it) stays
        # the same, but left empty: invented site names would fail the import's site check.
        if rng.random() < 0.3:
            rng.randint(1, 3)
        household = Household(
            members=members,
            phone=phone,
            pcode=pcode,
            site="",
            population_group=weighted(rng, origin.population_groups),
        )
        self.households.append(household)
        return household

    # records

    def _dob(self, person: Person, repeat: bool) -> str:
        rng = self.rng
        y, m, d = person.birth
        r = rng.random()
        if r < 0.03:
            return ""
        if r < (0.15 if repeat else 0.07):
            y += rng.choice((-1, 1))
        # Registrars cannot type a date after the registration (the importer refuses it): the
        # youngest children are registered with last year's date. Draws are unchanged, so the
        # seeded sequence stays the same.
        y = min(y, self.year - 1)
        if person.year_only or rng.random() < 0.08:
            return f"{y}-01-01" if rng.random() < 0.12 else str(y)
        if rng.random() < 0.04 and d <= 12:
            m, d = d, m
        return f"{y:04d}-{m:02d}-{d:02d}"

    def record(
        self, person: Person, household: Household, household_id: str, phone: str, pcode: str, repeat: bool
    ) -> tuple[str, ...]:
        rng = self.rng
        origin = ORIGINS[person.origin]
        parts: list[Name | None] = [person.given, person.father, person.grandfather, person.family]
        noise = 2.0 if repeat else 1.0
        if rng.random() < 0.08 * noise:
            parts[2] = None  # grandfather not asked
        if rng.random() < 0.04 * noise:
            parts[3] = None
        if rng.random() < 0.015 * noise:
            parts[1] = None
        r = rng.random()
        if r < 0.015 * noise:
            parts[0], parts[3] = parts[3], parts[0]
        elif r < 0.035 * noise:
            parts[1], parts[2] = parts[2], parts[1]

        r = rng.random()
        arabic_share = 0.35 if origin.arabic_native else 0.1
        has_all_ar = all(p is None or p[1] for p in parts)
        if has_all_ar and r < arabic_share:
            style = "arabic_in_latin_columns" if rng.random() < 0.12 else "arabic"
        elif r < arabic_share + (0.3 if origin.arabic_native else 0.15) and has_all_ar:
            style = "both"
        else:
            style = "latin"

        latin = ["", "", "", ""]
        name_ar = ""
        if style in ("latin", "both"):
            upper = rng.random() < 0.15
            for i, p in enumerate(parts):
                if p is not None:
                    text = latin_spelling(rng, p[0])
                    latin[i] = text.upper() if upper else text
        if style != "latin":
            ar = [arabic_spelling(rng, p[1]) if p is not None else "" for p in parts]
            if style == "arabic_in_latin_columns":
                latin = ar
            else:
                name_ar = " ".join(a for a in ar if a)
        if rng.random() < 0.10 * noise:
            filled = [i for i, t in enumerate(latin) if t]
            if filled and (not name_ar or rng.random() < 0.6):
                i = rng.choice(filled)
                latin[i] = typo(rng, latin[i])
            elif name_ar:
                name_ar = typo(rng, name_ar)

        sex = person.sex if rng.random() > 0.005 * noise else ("F" if person.sex == "M" else "M")
        nationality = person.nationality
        if rng.random() < 0.02 * noise:
            nationality = NEIGHBOUR_NATIONALITY.get(nationality, nationality)
        if rng.random() < 0.05:
            nationality = ""
        self.next_record += 1
        return (
            f"R{self.next_record:07d}",
            latin[0],
            latin[1],
            latin[2],
            latin[3],
            name_ar,
            sex,
            self._dob(person, repeat),
            nationality,
            phone_as_typed(rng, person.phone or phone),
            pcode,
            household.site if pcode == household.pcode else "",
            household.population_group,
            household_id,
            person.relationship,
            f"P{person.pid:07d}",
        )

    def _household_id(self) -> str:
        self.next_household += 1
        return f"H{self.next_household:07d}"

    def rows(self, size: int):
        rng = self.rng
        while self.next_record < size:
            # Keeps the share of repeat records on target whatever the household sizes drawn.
            behind = self.repeats < self.repeat_share * self.next_record
            if len(self.households) > 20 and behind and rng.random() < 0.5:
                household = rng.choice(self.households)
                if rng.random() < 0.6:  # the household registers again, elsewhere or at another visit
                    members = [m for m in household.members if rng.random() < 0.9] or household.members[:1]
                else:  # one person alone
                    members = [rng.choice(household.members)]
                if rng.random() < 0.55:
                    phone = household.phone
                else:
                    phone = libyan_phone(rng) if rng.random() < 0.8 else ""
                pcode = household.pcode if rng.random() < 0.6 else self._pcode()
                household_id = self._household_id()
                for person in members:
                    if self.next_record >= size:
                        return
                    self.repeats += 1
                    yield self.record(person, household, household_id, phone, pcode, repeat=True)
            else:
                household = self.new_household()
                household_id = self._household_id()
                for person in household.members:
                    if self.next_record >= size:
                        return
                    yield self.record(
                        person, household, household_id, household.phone, household.pcode, repeat=False
                    )


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def write(path: Path, *, size: int, seed: int = 20261121, repeat_share: float = 0.2) -> dict:
    """Write ``size`` records to ``path`` (.csv or .parquet); returns a short summary."""
    started = time.perf_counter()
    generator = Generator(seed=seed, repeat_share=repeat_share)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(c, pa.string()) for c in COLUMNS])

        def table(rows: list[tuple]) -> pa.Table:
            return pa.Table.from_arrays([pa.array(c) for c in zip(*rows, strict=True)], schema=schema)

        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            batch: list[tuple] = []
            for row in generator.rows(size):
                batch.append(row)
                if len(batch) == 100_000:
                    writer.write_table(table(batch))
                    batch = []
            if batch:
                writer.write_table(table(batch))
    else:
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(COLUMNS)
            out.writerows(generator.rows(size))
    return {
        "records": generator.next_record,
        "people": generator.next_pid,
        "households": len(generator.households),
        "repeat_records": generator.repeats,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--repeat-share", type=float, default=0.2)
    parser.add_argument("--out", type=Path, required=True, help="output file, .csv or .parquet")
    args = parser.parse_args(argv)
    summary = write(args.out, size=args.size, seed=args.seed, repeat_share=args.repeat_share)
    print(", ".join(f"{k}: {v}" for k, v in summary.items()))


if __name__ == "__main__":
    main()
