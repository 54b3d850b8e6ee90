"""The comparison design shared by the batch linkage (Splink, SQL) and the real-time check (Python).

Django-free. Each comparison has ordered levels; a pair of records falls in the first level whose
condition holds. Every level has a stable code (``"given:exact"``) used as Splink's
``label_for_charts``, so the m/u probabilities Splink learns can be read back into
``parameters`` and the real-time check scores with exactly the same weights:

    match_weight = log2(λ / (1 − λ)) + Σ log2(m_level / u_level)      (null levels count 0)

Household members are not duplicates. Relatives share family name, phone, father's and
grandfather's names and location, so:

* family-name and phone agreement count only together with given-name agreement — a pair that
  shares the family name or the phone but not the given name falls in the comparison's ``else``
  level, like a pair that shares nothing;
* there is no location comparison at all;
* the EM training blocks (see ``linkage.TRAINING_RULES``) are not household-level.

Records are dicts (see ``prepare_record``) with the columns
``unique_id, given_key, father_key, grandfather_key, family_key, alias_keys, sex, dob, dob_year,
dob_precision, nationality, phone, document, household``.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from sanad.names.keys import is_curated
from sanad.names.keys import name_fold as _name_fold
from sanad.names.keys import name_key as _name_key
from sanad.names.keys import name_skeleton as _name_skeleton
from sanad.names.keys import name_spelling as _name_spelling

# Names repeat a lot across records: fold each distinct spelling once per process.
name_key = lru_cache(maxsize=262_144)(_name_key)
name_fold = lru_cache(maxsize=262_144)(_name_fold)
name_skeleton = lru_cache(maxsize=262_144)(_name_skeleton)
name_spelling = lru_cache(maxsize=262_144)(_name_spelling)

NAME_PARTS = ("given", "father", "grandfather", "family")
FUZZY_THRESHOLD = 0.88
# Jaro-Winkler on the vowelled folding (``names.name_fold``) of the given name: typos
# ("Ahsa" / "Aisha") and spellings whose consonant skeletons differ ("Amadou" / "Hamadou").
TYPO_THRESHOLD = 0.84
# The same on the spelling without curated names (Amadou / Hamadou: "ahmad" / "hamadou" folded).
SPELLING_THRESHOLD = 0.90
COLUMNS = (
    "unique_id",
    "given_key",
    "father_key",
    "grandfather_key",
    "family_key",
    "given_fold",
    "father_fold",
    "grandfather_fold",
    "family_fold",
    "given_skel",
    "father_skel",
    "grandfather_skel",
    "family_skel",
    "given_label",
    "given_spelling",
    "alias_keys",
    "sex",
    "dob",
    "dob_year",
    "dob_precision",
    "nationality",
    "phone",
    "document",
    "location",
    "household",
)


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------
def _digits_and_letters(value: str) -> str:
    return "".join(c for c in (value or "").upper() if c.isalnum())


def prepare_record(
    *,
    unique_id,
    given: str = "",
    father: str = "",
    grandfather: str = "",
    family: str = "",
    given_ar: str = "",
    father_ar: str = "",
    grandfather_ar: str = "",
    family_ar: str = "",
    other_names: Iterable[str] = (),
    sex: str = "",
    date_of_birth: datetime.date | str | None = None,
    date_of_birth_precision: str = "exact",
    nationality: str = "",
    phones: Iterable[str] = (),
    documents: Iterable[str] = (),
    location: str = "",
    household=None,
) -> dict:
    """One linkage record from a person's fields as entered (names in either or both scripts).

    Each name part's key is the folded key of the Latin spelling, or of the Arabic one when there
    is no Latin spelling; the other script's key and the other names used go to ``alias_keys``.
    """
    record: dict = {"unique_id": unique_id}
    aliases: set[str] = set()
    for part, latin, arabic in (
        ("given", given, given_ar),
        ("father", father, father_ar),
        ("grandfather", grandfather, grandfather_ar),
        ("family", family, family_ar),
    ):
        latin_key, arabic_key = name_key(latin or ""), name_key(arabic or "")
        key = latin_key or arabic_key
        record[f"{part}_key"] = key or None
        record[f"{part}_fold"] = name_fold(latin or "") or name_fold(arabic or "") or None
        record[f"{part}_skel"] = name_skeleton(latin or "") or name_skeleton(arabic or "") or None
        if latin_key and arabic_key and arabic_key != latin_key and part == "given":
            aliases.add(arabic_key)
    record["given_spelling"] = name_spelling(given or "") or name_spelling(given_ar or "") or None
    given_key = record["given_key"]
    record["given_label"] = given_key if given_key and is_curated(given_key) else None
    for other in other_names or ():
        key = name_key(other)
        if key:
            aliases.add(key)
        for token in str(other).split():
            token_key = name_key(token)
            if token_key:
                aliases.add(token_key)
    record["alias_keys"] = sorted(aliases)
    record["sex"] = sex if sex in ("M", "F") else None
    dob = date_of_birth
    if isinstance(dob, str) and dob:
        dob = datetime.date.fromisoformat(dob[:10]) if len(dob) >= 10 else None
        if dob is None and date_of_birth and str(date_of_birth)[:4].isdigit():
            record["dob"] = None
            record["dob_year"] = int(str(date_of_birth)[:4])
    if isinstance(dob, datetime.date):
        record["dob"] = dob.isoformat() if date_of_birth_precision == "exact" else None
        record["dob_year"] = dob.year
    else:
        record.setdefault("dob", None)
        record.setdefault("dob_year", None)
    record["dob_precision"] = date_of_birth_precision or "exact"
    record["nationality"] = (nationality or "").upper() or None
    phones = [p for p in (phones or ()) if p]
    record["phone"] = phones[0] if phones else None
    documents = [_digits_and_letters(d) for d in (documents or ()) if d]
    documents = [d for d in documents if d]
    record["document"] = documents[0] if documents else None
    record["location"] = location or None
    record["household"] = str(household) if household else None
    return record


# ---------------------------------------------------------------------------------------------
# String similarity (the same Jaro–Winkler as DuckDB's jaro_winkler_similarity)
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=262_144)
def jaro_winkler(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    window = max(0, max(len(a), len(b)) // 2 - 1)
    a_flags, b_flags = [False] * len(a), [False] * len(b)
    matches = 0
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not b_flags[j] and b[j] == char:
                a_flags[i] = b_flags[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    transpositions, k = 0, 0
    for i, char in enumerate(a):
        if a_flags[i]:
            while not b_flags[k]:
                k += 1
            if char != b[k]:
                transpositions += 1
            k += 1
    m = float(matches)
    jaro = (m / len(a) + m / len(b) + (m - transpositions / 2) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


# ---------------------------------------------------------------------------------------------
# Levels
# ---------------------------------------------------------------------------------------------
Record = dict


def _given_agrees(left: Record, right: Record) -> bool:
    lg, rg = left.get("given_key"), right.get("given_key")
    if not lg or not rg:
        return False
    if lg == rg or _given_fuzzy(left, right):
        return True
    return lg in (right.get("alias_keys") or ()) or rg in (left.get("alias_keys") or ())


def _given_fuzzy(left: Record, right: Record) -> bool:
    """Given-name keys alike and starting with the same letter: keys have no short vowels, so
    a consonant more at the start (Salma / Toslima, sisters) would otherwise look alike."""
    lg, rg = left["given_key"], right["given_key"]
    return lg[:1] == rg[:1] and jaro_winkler(lg, rg) >= FUZZY_THRESHOLD


GIVEN_FUZZY_SQL = (
    "(substr(given_key_l, 1, 1) = substr(given_key_r, 1, 1)"
    f" AND jaro_winkler_similarity(given_key_l, given_key_r) >= {FUZZY_THRESHOLD})"
)

# The same condition in SQL (DuckDB dialect; Splink translates the creators for Spark).
GIVEN_AGREES_SQL = (
    f"(given_key_l = given_key_r OR {GIVEN_FUZZY_SQL}"
    " OR array_contains(alias_keys_r, given_key_l) OR array_contains(alias_keys_l, given_key_r))"
)


def _given_differs(left: Record, right: Record) -> bool:
    return not _given_agrees(left, right)


GIVEN_DIFFERS_SQL = f"NOT coalesce({GIVEN_AGREES_SQL}, false)"


@dataclass(frozen=True)
class Level:
    code: str
    python: Callable[[Record, Record], bool]
    sql: str
    m: float
    u: float
    is_null: bool = False
    # Rare levels that EM's training blocks never see (a swap, a shifted part): keep the
    # documented m instead of letting EM drive it to zero (u is still estimated).
    fix_m: bool = False
    # A level gated on the given name's agreement outside a comparison made neutral without it
    # (the father's name shifted): random sampling would count the given name's rarity in its u
    # a second time, so the documented conditional u is kept.
    fix_u: bool = False


@dataclass(frozen=True)
class Comparison:
    name: str
    levels: tuple[Level, ...]

    def level_for(self, left: Record, right: Record) -> Level:
        for level in self.levels:
            if level.python(left, right):
                return level
        return self.levels[-1]


def _null(*columns: str) -> Callable[[Record, Record], bool]:
    return lambda left, right: any(not left.get(c) or not right.get(c) for c in columns)


def _null_sql(*columns: str) -> str:
    return " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)


def _eq(column: str) -> Callable[[Record, Record], bool]:
    return lambda left, right: left.get(column) == right.get(column)


def _fuzzy_sql(column: str) -> str:
    return f"jaro_winkler_similarity({column}_l, {column}_r) >= {FUZZY_THRESHOLD}"


def _part_fuzzy(part: str) -> Callable[[Record, Record], bool]:
    """Keys alike, or vowelled foldings alike ("Hassan" / "Hesan" fold apart by their keys)."""
    key, fold, skel = f"{part}_key", f"{part}_fold", f"{part}_skel"

    def condition(left: Record, right: Record) -> bool:
        if jaro_winkler(left[key], right[key]) >= FUZZY_THRESHOLD:
            return True
        if left.get(skel) and left.get(skel) == right.get(skel):
            return True
        lf, rf = left.get(fold), right.get(fold)
        return bool(lf and rf) and jaro_winkler(lf, rf) >= TYPO_THRESHOLD

    return condition


def _part_fuzzy_sql(part: str) -> str:
    return (
        f"({_fuzzy_sql(f'{part}_key')} OR {part}_skel_l = {part}_skel_r"
        f" OR jaro_winkler_similarity({part}_fold_l, {part}_fold_r) >= {TYPO_THRESHOLD})"
    )


def _else(left: Record, right: Record) -> bool:
    return True


def _middle_swapped(left: Record, right: Record) -> bool:
    """Father's and grandfather's names swapped by a registrar (they agree crosswise)."""
    lf, lg, rf, rg = (
        left.get("father_key"),
        left.get("grandfather_key"),
        right.get("father_key"),
        right.get("grandfather_key"),
    )
    return bool(lf and lg and rf and rg) and lf == rg and lg == rf and lf != lg


MIDDLE_SWAPPED_SQL = (
    "(father_key_l = grandfather_key_r AND grandfather_key_l = father_key_r"
    " AND father_key_l <> grandfather_key_l)"
)


def _father_shifted(left: Record, right: Record) -> bool:
    """One record lacks the father's name, so its grandfather's sits in the father's slot (an
    Arabic full name of three parts read as given, father, family), and the given names agree."""
    lf, rf = left.get("father_key"), right.get("father_key")
    lg, rg = left.get("grandfather_key"), right.get("grandfather_key")
    shifted = (lf and not lg and rg and lf == rg) or (rf and not rg and lg and rf == lg)
    return bool(shifted) and _given_agrees(left, right)


FATHER_SHIFTED_SQL = (
    "(((grandfather_key_l IS NULL AND father_key_l = grandfather_key_r)"
    " OR (grandfather_key_r IS NULL AND father_key_r = grandfather_key_l))"
    f" AND {GIVEN_AGREES_SQL})"
)


def _name_comparison(part: str, exact: tuple[float, float], fuzzy: tuple[float, float]) -> Comparison:
    column = f"{part}_key"
    swapped = (0.02, 0.001)
    shifted = (0.02, 0.002)
    levels = [
        Level(f"{part}:null", _null(column), _null_sql(column), 1, 1, is_null=True),
        Level(f"{part}:exact", _eq(column), f"{column}_l = {column}_r", *exact),
        Level(f"{part}:swapped", _middle_swapped, MIDDLE_SWAPPED_SQL, *swapped, fix_m=True),
        Level(f"{part}:fuzzy", _part_fuzzy(part), _part_fuzzy_sql(part), *fuzzy),
    ]
    if part == "father":
        levels.append(
            Level("father:shifted", _father_shifted, FATHER_SHIFTED_SQL, *shifted, fix_m=True, fix_u=True)
        )
    else:
        shifted = (0, 0)
    levels.append(
        Level(
            f"{part}:else",
            _else,
            "ELSE",
            1 - exact[0] - fuzzy[0] - swapped[0] - shifted[0],
            1 - exact[1] - fuzzy[1] - swapped[1] - shifted[1],
            # EM on the given name + year block reads a different grandfather's name as weak
            # evidence (m ≈ 0.5, namesakes dominate that block); a registrar gets it wrong far
            # less often, so the documented m is kept for the grandfather.
            fix_m=part == "grandfather",
        )
    )
    return Comparison(f"{part}_name", tuple(levels))


def _given_alias(left: Record, right: Record) -> bool:
    return left["given_key"] in (right.get("alias_keys") or ()) or right["given_key"] in (
        left.get("alias_keys") or ()
    )


def _crossed(left: Record, right: Record, part: str) -> bool:
    """The given name of one record is the other's ``part`` and vice versa (a registrar swap);
    one of the two crossings may be spelt differently if their skeletons agree."""
    column, skel = f"{part}_key", f"{part}_skel"
    if not (left.get(column) and right.get(column) and left.get("given_key") and right.get("given_key")):
        return False
    if left["given_key"] == right[column]:
        return left[column] == right["given_key"] or _same(left.get(skel), right.get("given_skel"))
    if left[column] == right["given_key"]:
        return _same(left.get("given_skel"), right.get(skel))
    return False


def _same(a, b) -> bool:
    return bool(a) and a == b


def _given_swapped(left: Record, right: Record) -> bool:
    return _crossed(left, right, "father") or _crossed(left, right, "family")


def _crossed_sql(part: str) -> str:
    return (
        f"((given_key_l = {part}_key_r AND ({part}_key_l = given_key_r OR {part}_skel_l = given_skel_r))"
        f" OR ({part}_key_l = given_key_r AND given_skel_l = {part}_skel_r))"
    )


def _given_typo(left: Record, right: Record) -> bool:
    """Given names spelt alike (Jaro-Winkler of their foldings), or with the same consonant
    skeleton unless both are curated names known to differ (Hassan / Hussein)."""
    lf, rf = left.get("given_fold"), right.get("given_fold")
    if lf and rf and jaro_winkler(lf, rf) >= TYPO_THRESHOLD:
        return True
    lp, rp = left.get("given_spelling"), right.get("given_spelling")
    if lp and rp and jaro_winkler(lp, rp) >= SPELLING_THRESHOLD:
        return True
    ls = left.get("given_skel")
    both_curated = left.get("given_label") and right.get("given_label")
    return bool(ls) and ls == right.get("given_skel") and not both_curated


GIVEN_TYPO_SQL = (
    f"(jaro_winkler_similarity(given_fold_l, given_fold_r) >= {TYPO_THRESHOLD}"
    f" OR jaro_winkler_similarity(given_spelling_l, given_spelling_r) >= {SPELLING_THRESHOLD}"
    " OR (given_skel_l = given_skel_r AND (given_label_l IS NULL OR given_label_r IS NULL)))"
)


GIVEN = Comparison(
    "given_name",
    (
        Level("given:null", _null("given_key"), _null_sql("given_key"), 1, 1, is_null=True),
        Level("given:exact", _eq("given_key"), "given_key_l = given_key_r", 0.80, 0.01),
        Level(
            "given:alias",
            _given_alias,
            "array_contains(alias_keys_r, given_key_l) OR array_contains(alias_keys_l, given_key_r)",
            0.05,
            0.002,
        ),
        # Given name swapped with the father's or the family name (the parts agree crosswise).
        Level(
            "given:swapped",
            _given_swapped,
            f"{_crossed_sql('father')} OR {_crossed_sql('family')}",
            0.03,
            0.0005,
            fix_m=True,
        ),
        Level("given:fuzzy", _given_fuzzy, GIVEN_FUZZY_SQL, 0.09, 0.01),
        Level(
            "given:typo",
            _given_typo,
            GIVEN_TYPO_SQL,
            0.04,
            0.01,
        ),
        Level("given:else", _else, "ELSE", 0.03, 0.9675),
    ),
)

FATHER = _name_comparison("father", (0.75, 0.02), (0.12, 0.01))
GRANDFATHER = _name_comparison("grandfather", (0.80, 0.02), (0.12, 0.01))

FAMILY = Comparison(
    "family_name",
    (
        Level("family:null", _null("family_key"), _null_sql("family_key"), 1, 1, is_null=True),
        Level(
            "family:exact",
            lambda left, right: left["family_key"] == right["family_key"] and _given_agrees(left, right),
            f"family_key_l = family_key_r AND {GIVEN_AGREES_SQL}",
            0.80,
            0.016,
        ),
        # Given and family name swapped by a registrar: the same evidence as agreement.
        Level(
            "family:swapped",
            lambda left, right: _crossed(left, right, "family"),
            _crossed_sql("family"),
            0.03,
            0.005,
            fix_m=True,
        ),
        Level(
            "family:fuzzy",
            lambda left, right: _part_fuzzy("family")(left, right) and _given_agrees(left, right),
            f"{_part_fuzzy_sql('family')} AND {GIVEN_AGREES_SQL}",
            0.09,
            0.0075,
        ),
        # One record lacks a middle part, so its family name sits where the other has the
        # grandfather's (an Arabic full name split into three parts instead of four).
        Level(
            "family:shifted",
            lambda left, right: _family_shifted(left, right) and _given_agrees(left, right),
            f"(family_key_l = grandfather_key_r OR grandfather_key_l = family_key_r) AND {GIVEN_AGREES_SQL}",
            0.04,
            0.02,
            fix_m=True,
        ),
        # Same family name with a near given name (a typo) or the same exact date of birth:
        # individual evidence, which relatives do not share (twins excepted).
        Level(
            "family:partial",
            lambda left, right: (
                left["family_key"] == right["family_key"]
                and (_given_typo(left, right) or _dob_exact(left, right))
            ),
            f"family_key_l = family_key_r AND ({GIVEN_TYPO_SQL} OR (dob_l IS NOT NULL AND dob_l = dob_r))",
            0.02,
            0.003,
        ),
        # Without the given name, the family name says nothing (relatives share it): neutral.
        Level("family:na", _given_differs, GIVEN_DIFFERS_SQL, 1, 1, is_null=True),
        Level("family:else", _else, "ELSE", 0.02, 0.9485),
    ),
)

PHONE = Comparison(
    "phone",
    (
        Level("phone:null", _null("phone"), _null_sql("phone"), 1, 1, is_null=True),
        Level(
            "phone:exact",
            lambda left, right: left["phone"] == right["phone"] and _given_agrees(left, right),
            f"phone_l = phone_r AND {GIVEN_AGREES_SQL}",
            0.55,
            0.00006,
        ),
        Level("phone:na", _given_differs, GIVEN_DIFFERS_SQL, 1, 1, is_null=True),
        Level("phone:else", _else, "ELSE", 0.45, 0.99994),
    ),
)

LOCATION = Comparison(
    "location",
    (
        Level("location:null", _null("location"), _null_sql("location"), 1, 1, is_null=True),
        Level(
            "location:exact",
            lambda left, right: left["location"] == right["location"] and _given_agrees(left, right),
            f"location_l = location_r AND {GIVEN_AGREES_SQL}",
            0.55,
            0.04,
        ),
        Level("location:na", _given_differs, GIVEN_DIFFERS_SQL, 1, 1, is_null=True),
        Level("location:else", _else, "ELSE", 0.45, 0.96),
    ),
)

DOCUMENT = Comparison(
    "document",
    (
        Level("document:null", _null("document"), _null_sql("document"), 1, 1, is_null=True),
        Level("document:exact", _eq("document"), "document_l = document_r", 0.60, 0.00001),
        Level("document:else", _else, "ELSE", 0.40, 0.99999),
    ),
)


def _dob_exact(left: Record, right: Record) -> bool:
    return bool(left.get("dob")) and left.get("dob") == right.get("dob")


def _family_shifted(left: Record, right: Record) -> bool:
    lf, rf = left.get("family_key"), right.get("family_key")
    return bool((lf and lf == right.get("grandfather_key")) or (rf and rf == left.get("grandfather_key")))


def _dob_typo(left: Record, right: Record) -> bool:
    """Exact dates with the same day and month, years one apart (a mistyped year)."""
    ld, rd = left.get("dob"), right.get("dob")
    return bool(ld and rd) and ld[5:] == rd[5:] and abs(int(ld[:4]) - int(rd[:4])) <= 1


DATE_OF_BIRTH = Comparison(
    "date_of_birth",
    (
        Level("dob:null", _null("dob_year"), _null_sql("dob_year"), 1, 1, is_null=True),
        Level("dob:exact", _dob_exact, "dob_l IS NOT NULL AND dob_l = dob_r", 0.50, 0.0003),
        Level(
            "dob:typo",
            _dob_typo,
            "dob_l IS NOT NULL AND dob_r IS NOT NULL AND substr(dob_l, 6) = substr(dob_r, 6)"
            " AND abs(dob_year_l - dob_year_r) <= 1",
            0.05,
            0.0003,
        ),
        # Both dates known to the day, same year but another day: a second person born that
        # year far more often than a mistyped date.
        Level(
            "dob:year_other_day",
            lambda left, right: (
                bool(left.get("dob") and right.get("dob")) and left["dob_year"] == right["dob_year"]
            ),
            "dob_l IS NOT NULL AND dob_r IS NOT NULL AND dob_year_l = dob_year_r",
            0.005,
            0.01,
            fix_m=True,
        ),
        Level("dob:year", _eq("dob_year"), "dob_year_l = dob_year_r", 0.26, 0.015),
        Level(
            "dob:year1",
            lambda left, right: abs(int(left["dob_year"]) - int(right["dob_year"])) <= 1,
            "abs(dob_year_l - dob_year_r) <= 1",
            0.08,
            0.05,
        ),
        Level(
            "dob:near",
            lambda left, right: abs(int(left["dob_year"]) - int(right["dob_year"])) <= 2,
            "abs(dob_year_l - dob_year_r) <= 2",
            0.05,
            0.05,
        ),
        Level("dob:else", _else, "ELSE", 0.04, 0.8744),
    ),
)

SEX = Comparison(
    "sex",
    (
        Level("sex:null", _null("sex"), _null_sql("sex"), 1, 1, is_null=True),
        Level("sex:exact", _eq("sex"), "sex_l = sex_r", 0.97, 0.5),
        # A mistyped sex happens (about one record in a hundred): EM would drive m to almost
        # zero from its training blocks and make one slip outweigh every name, so m is fixed.
        Level("sex:else", _else, "ELSE", 0.01, 0.5, fix_m=True),
    ),
)

NATIONALITY = Comparison(
    "nationality",
    (
        Level("nationality:null", _null("nationality"), _null_sql("nationality"), 1, 1, is_null=True),
        Level("nationality:exact", _eq("nationality"), "nationality_l = nationality_r", 0.95, 0.25),
        Level("nationality:else", _else, "ELSE", 0.05, 0.75),
    ),
)

COMPARISONS: tuple[Comparison, ...] = (
    GIVEN,
    FATHER,
    GRANDFATHER,
    FAMILY,
    DATE_OF_BIRTH,
    SEX,
    NATIONALITY,
    PHONE,
    LOCATION,
    DOCUMENT,
)

# λ: the probability that two records drawn at random are the same person (before evidence).
DEFAULT_PRIOR = 1e-6


# The version of the comparison design. Parameters trained under another design (other levels,
# other conditions) do not fit this one and are ignored: the documented defaults are used until
# the next batch run trains the model again. 2: conditional family/phone/location levels.
DESIGN = 2


def current_parameters(parameters: dict | None) -> dict | None:
    """``parameters`` if they were trained for this comparison design, else ``None``."""
    if parameters and parameters.get("design") == DESIGN:
        return parameters
    return None


def default_parameters() -> dict:
    """The documented starting weights, used until a batch run has trained a model."""
    return {
        "design": DESIGN,
        "prior": DEFAULT_PRIOR,
        "levels": {
            level.code: {"m": level.m, "u": level.u}
            for comparison in COMPARISONS
            for level in comparison.levels
            if not level.is_null
        },
    }


def _log2_ratio(m: float, u: float) -> float:
    m = min(max(float(m or 0), 1e-9), 1.0)
    u = min(max(float(u or 0), 1e-9), 1.0)
    return math.log2(m / u)


def level_weights(parameters: dict | None) -> tuple[float, dict[str, float]]:
    """(prior weight, {level code: weight}) for ``parameters`` (defaults fill any gap)."""
    merged = default_parameters()
    parameters = current_parameters(parameters)
    if parameters:
        merged["prior"] = parameters.get("prior") or merged["prior"]
        for code, values in (parameters.get("levels") or {}).items():
            if code in merged["levels"] and values.get("m") and values.get("u"):
                merged["levels"][code] = {"m": values["m"], "u": values["u"]}
    prior = min(max(float(merged["prior"]), 1e-12), 1 - 1e-12)
    weights = {code: _log2_ratio(v["m"], v["u"]) for code, v in merged["levels"].items()}
    return math.log2(prior / (1 - prior)), weights


def probability(match_weight: float) -> float:
    odds = 2.0 ** max(min(match_weight, 60.0), -60.0)
    return odds / (1 + odds)


@dataclass(frozen=True)
class Score:
    match_weight: float
    match_probability: float
    levels: dict[str, str]  # comparison name -> level code
    record_id: object = None  # unique_id of the right-hand record


def score_pair(left: Record, right: Record, weights: tuple[float, dict[str, float]]) -> Score:
    prior_weight, by_level = weights
    total = prior_weight
    levels = {}
    for comparison in COMPARISONS:
        level = comparison.level_for(left, right)
        levels[comparison.name] = level.code
        if not level.is_null:
            total += by_level.get(level.code, 0.0)
    return Score(total, probability(total), levels, right.get("unique_id"))


# Levels that are evidence for the same person (shown as reasons).
# Levels that are not agreement although they are not ``else`` (weight about zero or below).
_NOT_AGREEMENT = frozenset({"dob:year_other_day"})
AGREEMENT_LEVELS = frozenset(
    level.code
    for comparison in COMPARISONS
    for level in comparison.levels
    if not level.is_null and not level.code.endswith(":else") and level.code not in _NOT_AGREEMENT
)


def parameters_from_splink(model: dict) -> dict:
    """Sanad's compact parameters from a Splink settings dict (``save_model_to_json``)."""
    levels = {}
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            code = level.get("label_for_charts")
            if level.get("is_null_level") or code not in AGREEMENT_LEVELS | _ELSE_LEVELS:
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if isinstance(m, int | float) and isinstance(u, int | float):
                levels[code] = {"m": float(m), "u": float(u)}
    return {
        "design": DESIGN,
        "prior": float(model.get("probability_two_random_records_match") or DEFAULT_PRIOR),
        "levels": levels,
    }


_ELSE_LEVELS = frozenset(
    level.code for comparison in COMPARISONS for level in comparison.levels if level.code.endswith(":else")
)
