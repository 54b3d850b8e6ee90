"""Name normalisation for search and record linkage (Arabic script and Latin spellings).

Names are stored as entered; everything here derives *comparison keys* from them. One name
("Mohamed", "Muhammad", "محمد", "Mamadou") becomes one key, whatever the script or spelling.

How a name part becomes keys
----------------------------
1. **Clean**: Unicode NFKC, case-folded; Arabic diacritics (tashkeel), tatweel and Quranic marks
   removed; Arabic letter variants unified (``normalize_arabic``: أ إ آ ٱ → ا, ؤ → و, ئ → ي,
   ة → ه, ى → ي, Persian/Urdu ی ک گ …); Latin accents removed; apostrophes (Sa'id, ʿAli)
   dropped; hyphens and dots separate words; digits are not name letters.
2. **Tokens and particles**: ``bin/ben/ibn/bint/ould/wad`` (بن ابن بنت ولد ود) are ignored as
   name parts; the article ``al-/el-/ul-`` (ال, also sun-letter forms ``ar-``, ``as-``…) is
   dropped; ``Abd`` compounds become one token (``Abd al-Rahman`` = ``Abdelrahman`` =
   ``Abdulrahman`` = ``Abderrahmane`` = ``عبد الرحمن``); ``Abu`` / ``Umm`` are joined to the
   next word; ``… ad-Din`` compounds (``Nour El Din`` = ``Noureddine`` = ``نور الدين``) are one
   token; Ethiopian compound prefixes (``Gebre``, ``Wolde``, ``Haile``, ``Tekle`` …) are joined.
3. **Key of a token**: Arabic script is transliterated to Latin letters; Latin spellings are
   folded by rules (sh/ch/sch → one letter, kh, gh = g = j = dj, q = k, ph = f, v = w, x = h as in
   Somali, dh = d, doubled letters once), then reduced to a *skeleton*: the consonants, a
   leading ``a`` if the name starts with a vowel (or ʿayn / hamza), a trailing ``a`` if it ends
   in a vowel (or a final h / ة), and ``w`` / ``y`` only where a vowel follows them. Short
   vowels are not written in Arabic script, so a script-independent key cannot use them.
4. **Curated equivalences** (``sanad.names.aliases``): the skeleton merges too little for
   irregular equivalents (Mamadou = Muhammad, Boubacar = Abu Bakr, Osman = Uthman) and too much
   for a few frequent different names that share consonants (Hassan ≠ Hussein, Said ≠ Saad,
   Omar ≠ Ammar, Mahmoud ≠ Muhammad). The table maps known spellings in both scripts to a
   canonical label (``muhammad``, ``husayn``); a label is never a possible skeleton.

What counts as the same name: spellings and transliterations of one name, and the regional
forms of one name (Mamadou, Muhammadu, Mahamat and Md. are Muhammad; Abdoulaye and Abdullahi
are Abdullah; Ousmane is Uthman; Fatoumata and Fatime are Fatima). Names that are related but
distinct (Hassan / Hussein, Ahmed / Muhammad / Mahmoud / Hamid, Amin / Amina, Yusuf / Joseph,
Eyob / Ayoub, Haile / Hailu) stay different.

Public API (keys are ``str`` of at most 60 characters):

    normalize_arabic(text) -> str                 # cleaned Arabic-script text (display-neutral)
    name_tokens(text) -> list[str]                # folded tokens after particles and compounds
    name_keys(text) -> list[str]                  # the key of each token, in order
    name_key(text) -> str                         # the key of one name part (tokens joined by " ")
    name_fold(text) -> str                        # vowelled Latin folding, for Jaro-Winkler
    name_skeleton(text) -> str                    # consonant skeleton, no curated names, g = q
    name_spelling(text) -> str                    # vowelled folding without curated names
    is_curated(key) -> bool                       # key is a curated label (Hassan, Hussein…)
    query_keys(text) -> list[str]                 # keys to look up for a search text
    person_name_keys(*, given, father, …, other_names) -> set[tuple[part, key]]  # NameKey rows
    full_name_keys(parts) -> list[str]            # ordered, de-duplicated keys of a full name
    jaro_winkler(a, b) -> float
    name_part_similarity(a, b) -> float           # 0..1 (1.0 when the keys agree)
    name_part_level(a, b) -> str                  # "exact" | "key" | "jw92" | "jw85" | "none"
    token_set_overlap(keys_a, keys_b) -> float    # |A ∩ B| / min(|A|, |B|)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from sanad.names.aliases import ALIAS_GROUPS

PARTS = ("given", "father", "grandfather", "family")
KEY_MAX_LENGTH = 60
# Text-level results are memoised for a whole batch (1M people × 4 parts repeat many names);
# intermediate steps keep a smaller cache so memory stays bounded (~a few hundred MB at most).
_CACHE = 1 << 20
_SMALL_CACHE = 1 << 16

# ---------------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------------
# Tashkeel, Quranic annotation marks, superscript alef, tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Alef forms → ا, hamza seats → و / ي, ة → ه, ى → ي, Persian/Urdu letters → Arabic ones.
_ARABIC_LETTERS = str.maketrans(
    "أإآٱٲٳؤئةۃىیېےکڪگہھۀپچژڤٹڈڑں",
    "ااااااويههييييكككهههبجزفتدرن",
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_APOSTROPHES = re.compile("['`´’‘ʼʻʿʾ′]")
_LATIN_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th"}
)
_NOT_LETTER = re.compile(r"[\W\d_]+")
_ARABIC_CHAR = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def _is_arabic(token: str) -> bool:
    return not token.isascii() and bool(_ARABIC_CHAR.search(token))


def normalize_arabic(text: str) -> str:
    """Arabic-script text with diacritics/tatweel removed and letter variants unified."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text or ""))
    return text.translate(_ARABIC_LETTERS).translate(_DIGITS)


def _clean_latin(token: str) -> str:
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFKD", token.translate(_LATIN_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Tokens, particles and compounds
# ---------------------------------------------------------------------------------------------
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PARTICLES = _words("bin ben ibn ebn bint binti bent ould wuld wad walad ag بن ابن بنت ولد ود")
_ARTICLES = _words("al el ul il ال")
# Sun-letter assimilated articles: "ar-Rashid", "as-Sayed", "en-Nour", "ech-Cheikh".
_SUN_ARTICLES = {
    article: article.lstrip("aeiou")[0]
    for article in _words("ar er ur as es us ad ed ud at et ut an en un az ez uz ash esh ech ach ath")
}
_ABD_ALWAYS = _words(
    "abd abdel abdal abdul abdoul abdool abdol abdil abdur abder abdar abdir abdor abdu abdou abdo abdi"
)
_ABD_ARABIC = "عبد"
_ABD_IF_FOLLOWED = _words("abdu abdou abdo abdi")
_ABU = _words("abu abou abo ابو")
_UMM = _words("umm um oum omm ام")
_DIN = _words("din deen dine eddine eddin uddin uddeen addin eldin aldin eldine aldeen ddin ddine الدين")
_ETHIOPIC_PREFIXES = _words("gebre ghebre gabre wolde welde walde haile hayle tekle tecle habte kidane fikre")
_ARABIC_NAME_WITH_AL = _words("الياس اليسع الفت الهام اليزابيث الله")
# Divine names that follow Abd-; used to read "Abdou Karim" as one name and "Abdelatif" right.
_DIVINE = _words(
    """rahman rahmane rahim rahime karim kareem karime aziz latif latef lateef kadir kader qadir
    qader majid majeed madjid hamid hameed hamide salam salem salaam wahab wahhab razak razzak
    razzaq malik malek jalil djalil nasir naser nasser halim hakim ghani hadi rashid rachid wahid
    basit baset jabbar fattah mutalib muttalib samad samed rauf raouf qayyum kayoum muhsin mohsen
    mumin hafiz hafid khaliq khalek bari wadud sattar ghaffar ghafour ghafur hay hai nur noor nour
    shakur shakour moneim monem munim aal ali ala"""
)
_FRENCH_OU = re.compile(r"(?:^|(?<=[aeiou]))ou(?=[aeiy])")
_ABD_ALLAH = re.compile(r"^abd[aeiouy]*l+ah?[iu]?$")
_ABD_GLUED = re.compile(r"^abd(?:ou|[aeiou])?(l?)(.+)$")
_DIN_GLUED = re.compile(r"^(.{3,}?)(?:[aeiou]?l|[aeiou])?d{1,2}(?:i|ee|ii|e)ne?$")
_AL_GLUED = re.compile(r"^(?:al|el)([^aeiouy].{3,})$")


def _split(text: str) -> list[str]:
    # Marks (tashkeel, accents, hamza above/below) are removed before splitting: they are not
    # word characters, and a name must not fall apart at them.
    text = (text or "").casefold()
    if text.isascii():
        text = text.replace("'", "").replace("`", "")
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text))
    return [t for t in _NOT_LETTER.split(text) if t]


def _fold_latin(token: str) -> str:
    token = _clean_latin(token)
    token = _NOT_LETTER.sub("", token)
    if not token.isascii():
        return token
    if _ABD_ALLAH.match(token):
        return "abdallah"
    if token.startswith("abd") and len(token) > 5 and token not in _ABD_ALWAYS:
        match = _ABD_GLUED.match(token)
        if match:
            rest = match.group(2)
            # "Abdelatif": the l of the article is also the first letter of Latif.
            if match.group(1) and "l" + rest in _DIVINE:
                rest = "l" + rest
            if len(rest) > 1 and rest[0] == rest[1]:
                rest = rest[1:]
            if len(rest) >= 3:
                return "abd" + rest
    din = _DIN_GLUED.match(token)
    if din and token not in _DIN:
        return din.group(1) + "din"
    al = _AL_GLUED.match(token)
    if al:
        return al.group(1)
    return token


def _fold_arabic(token: str) -> str:
    raw = _ARABIC_MARKS.sub("", token)
    token = normalize_arabic(raw)
    if token in ("الله", "لله", "اله"):
        return "الله"
    if token.startswith("عبد") and len(token) > 3:
        rest = token[3:]
        if rest in ("الله", "لله", "اله"):
            return "عبدالله"
        if rest.startswith("ال") and len(rest) > 3:
            return "عبد" + rest[2:]
        return token
    if token.endswith("الدين") and len(token) > 6:
        return token[:-5] + "دين"
    if raw.startswith("ال") and len(token) > 3 and token not in _ARABIC_NAME_WITH_AL:
        return token[2:]
    return token


@lru_cache(maxsize=_SMALL_CACHE)
def _fold_token(token: str) -> str:
    if _is_arabic(token):
        return _fold_arabic(token)
    token = _fold_latin(token)
    if "ou" in token:
        # French-style spelling: "ou" before a vowel at the start of a name or after a vowel
        # is the consonant w (Oualid = Walid, Haoua = Hawa, Ouattara); not after a consonant,
        # where it is a long u (Mouaz, Fouad, Louay).
        token = _FRENCH_OU.sub("w", token)
    return token


def _glue(a: str, b: str) -> str:
    if _is_arabic(a) != _is_arabic(b):
        a, b = _translit(a) if _is_arabic(a) else a, _translit(b) if _is_arabic(b) else b
    return a + b


@lru_cache(maxsize=_SMALL_CACHE)
def _tokens(text: str) -> tuple[str, ...]:
    original = _split(text)
    # Particles are recognised on a cleaned form (no accents, unified Arabic letters).
    raw = [normalize_arabic(t) if _is_arabic(t) else _clean_latin(t) for t in original]
    n = len(raw)
    out: list[str] = []
    i = 0
    while i < n:
        token = raw[i]
        has_next = i + 1 < n
        if n > 1 and token in _PARTICLES:
            i += 1
            continue
        if has_next and token in _ARTICLES:
            i += 1
            continue
        sun = _SUN_ARTICLES.get(token)
        if has_next and sun and raw[i + 1].startswith(sun):
            i += 1
            continue
        if token in _DIN and out:
            out[-1] = _glue(out[-1], "دين" if _is_arabic(token) else "din")
            i += 1
            continue
        if has_next and (token in _ABD_ALWAYS or token == _ABD_ARABIC):
            j = i + 1
            had_article = raw[j] in _ARTICLES or raw[j] in _SUN_ARTICLES
            if had_article and j + 1 < n:
                j += 1
            nxt = raw[j]
            if token not in _ABD_IF_FOLLOWED or had_article or _fold_token(nxt) in _DIVINE:
                if nxt in ("الله", "لله", "اله") or (not _is_arabic(nxt) and _ABD_ALLAH.match("abd" + nxt)):
                    out.append("عبدالله" if _is_arabic(nxt) else "abdallah")
                else:
                    base = "عبد" if _is_arabic(token) else "abd"
                    out.append(_glue(base, _fold_token(nxt)))
                i = j + 1
                continue
        if has_next and (token in _ABU or token in _UMM or token in _ETHIOPIC_PREFIXES):
            j = i + 1
            if raw[j] in _ARTICLES and j + 1 < n:
                j += 1
            first = _fold_token(token)
            if token in _ETHIOPIC_PREFIXES:
                first = _fold_latin(_ETHIOPIC_CANON.get(token, token))
            out.append(_glue(first, _fold_token(raw[j])))
            i = j + 1
            continue
        folded = _fold_token(original[i])
        if folded:
            out.append(folded)
        i += 1
    return tuple(out)


_ETHIOPIC_CANON = {
    "ghebre": "gebre",
    "gabre": "gebre",
    "welde": "wolde",
    "walde": "wolde",
    "hayle": "haile",
    "tecle": "tekle",
}


def name_tokens(text: str) -> list[str]:
    """Folded tokens of a name part, after particles, articles and compounds."""
    return list(_tokens(text or ""))


# ---------------------------------------------------------------------------------------------
# Transliteration and skeleton
# ---------------------------------------------------------------------------------------------
_TRANSLIT = dict(
    pair.split(":")
    for pair in _words(
        "ا:a ب:b ت:t ث:th ج:j ح:h خ:kh د:d ذ:dh ر:r ز:z س:s ش:sh ص:s ض:d ط:t ظ:z ع:' غ:gh ف:f ق:q "
        "ك:k ل:l م:m ن:n ه:h و:w ي:y ء:'"
    )
)


@lru_cache(maxsize=_SMALL_CACHE)
def _translit(token: str) -> str:
    """Arabic script → Latin letters (no short vowels, which Arabic script does not write)."""
    token = normalize_arabic(token)
    out = []
    last = len(token) - 1
    for index, char in enumerate(token):
        if char in "وي":
            # A waw / ya is a consonant at the start or before a long vowel, otherwise a vowel.
            nxt = token[index + 1] if index < last else ""
            if index == 0 or nxt in "اوي":
                out.append("w" if char == "و" else "y")
            else:
                out.append("u" if char == "و" else "i")
        elif char == "ه" and index == last and index > 0:
            out.append("a")
        else:
            out.append(_TRANSLIT.get(char, char if char.isalpha() and char.isascii() else ""))
    return "".join(out)


# Plain replacements, in order (str.replace is much faster than a regex per rule).
_LATIN_REPLACEMENTS = (
    ("x", "h"),  # Somali orthography: Maxamed, Xasan
    ("tch", "C"),
    ("sch", "C"),
    ("ch", "C"),
    ("sh", "C"),
    ("ck", "k"),
)
_LATIN_REPLACEMENTS_AFTER_C = (
    ("c", "k"),
    ("kh", "X"),
    ("gh", "j"),
    ("dj", "j"),
    ("g", "j"),
    ("q", "k"),
    ("ph", "f"),
    ("dh", "d"),
    ("v", "w"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
_SILENT_E = re.compile(r"(?<=[^aeiouyhw'])e$")
_TRAILING = re.compile(r"[aeiouyhw']+$")
_LEADING = re.compile(r"^[aeiou']+")
_MEDIAL_SEMIVOWEL = re.compile(r"(?<=.)[wy](?![aeiou])")
_MEDIAL_VOWEL = re.compile(r"[aeiou']")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=_SMALL_CACHE)
def _phonetic(token: str) -> str:
    """A token as folded Latin letters with vowels (C = sh, X = kh)."""
    latin = _translit(token) if _is_arabic(token) else token
    if not latin.isascii():
        return latin
    for old, new in _LATIN_REPLACEMENTS:
        latin = latin.replace(old, new)
    if "c" in latin:
        latin = _SOFT_C.sub("s", latin)
    for old, new in _LATIN_REPLACEMENTS_AFTER_C:
        latin = latin.replace(old, new)
    return _DOUBLED.sub(r"\1", latin)


def _skeleton(token: str) -> str:
    word = _phonetic(token)
    if not word.isascii():
        return word[:KEY_MAX_LENGTH]
    if not _is_arabic(token):
        word = _SILENT_E.sub("", word)
    head = "a" if _LEADING.match(word) else ""
    word = _LEADING.sub("", word)
    tail = "a" if _TRAILING.search(word) else ""
    word = _TRAILING.sub("", word)
    if not word:
        # Only vowels and h / w / y (Hauwa, Awa, Aya): keep h / w / y as the consonants, or
        # every such name would share the key "a".
        core = _DOUBLED.sub(r"\1", re.sub(r"[aeiou']", "", _LEADING.sub("", _phonetic(token).lower())))
        if core:
            return (head + core + "a")[:KEY_MAX_LENGTH]
        return (head or tail or "")[:KEY_MAX_LENGTH] if (head or tail) else ""
    word = _MEDIAL_SEMIVOWEL.sub("", word)
    word = _DOUBLED.sub(r"\1", _MEDIAL_VOWEL.sub("", word))
    # C and X stand for sh and kh; written out, a key folds to itself.
    return (head + word.lower().replace("c", "sh").replace("x", "kh") + tail)[:KEY_MAX_LENGTH]


# ---------------------------------------------------------------------------------------------
# Curated equivalences
# ---------------------------------------------------------------------------------------------
def _build_alias_index() -> tuple[dict[str, str], dict[str, str]]:
    by_fold: dict[str, str] = {}
    skeleton_labels: dict[str, set[str]] = {}
    for label, spellings in ALIAS_GROUPS.items():
        # The label is a spelling too, so that a key folds to itself.
        for spelling in [*spellings.split(), label]:
            tokens = _tokens(spelling.replace("_", " "))
            if len(tokens) != 1:
                raise ValueError(f"alias spelling {spelling!r} is not one token: {tokens}")
            if by_fold.setdefault(tokens[0], label) != label:
                raise ValueError(f"alias spelling {spelling!r} is listed under two names")
            skeleton_labels.setdefault(_skeleton(tokens[0]), set()).add(label)
    # A skeleton stands for a label only when no other curated name shares it.
    by_skeleton = {skel: next(iter(labels)) for skel, labels in skeleton_labels.items() if len(labels) == 1}
    return by_fold, by_skeleton


_ALIAS_BY_FOLD, _ALIAS_BY_SKELETON = _build_alias_index()
_LABELS = frozenset(ALIAS_GROUPS)
KNOWN_DIFFERENT_MAX = 0.8


# Hausa and Fulani feminine forms of Arabic names end in -tu / -tou where Arabic has a ta
# marbuta: Safiyatu = Safiya = صفية, Halimatou = Halima, Hadizatou = Hadiza.
_FEMININE_TU = re.compile(r"^([a-z]{3,}a)(?:tou|tu)$")


def _without_feminine_tu(token: str) -> str:
    match = _FEMININE_TU.match(token) if token.isascii() and token not in _ALIAS_BY_FOLD else None
    return match.group(1) if match else token


@lru_cache(maxsize=_CACHE)
def _token_key(token: str) -> str:
    label = _ALIAS_BY_FOLD.get(token)
    if label:
        return label
    token = _without_feminine_tu(token)
    label = _ALIAS_BY_FOLD.get(token)
    if label:
        return label
    skeleton = _skeleton(token)
    return _ALIAS_BY_SKELETON.get(skeleton, skeleton)


# ---------------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=_CACHE)
def _keys(text: str) -> tuple[str, ...]:
    return tuple(k for k in (_token_key(t) for t in _tokens(text)) if k)


def name_keys(text: str) -> list[str]:
    """The key of each token of a name part, in order (empty tokens dropped)."""
    return list(_keys(text or ""))


def name_key(text: str) -> str:
    """The comparison key of one name part: its token keys joined by a space, ≤ 60 chars."""
    return " ".join(_keys(text or ""))[:KEY_MAX_LENGTH].strip()


@lru_cache(maxsize=_SMALL_CACHE)
def _fold_of_token(token: str) -> str:
    token = _without_feminine_tu(token)
    label = _ALIAS_BY_FOLD.get(token) or _ALIAS_BY_SKELETON.get(_skeleton(token))
    if label:
        return label
    return _phonetic(token).lower().replace("'", "")


_LATIN_G = re.compile(r"g(?!h)")


@lru_cache(maxsize=_SMALL_CACHE)
def _skeleton_of_token(token: str) -> str:
    if not _is_arabic(token):
        # Libyan and Sudanese spellings write ق as g (Sadig = الصادق, Magarief = المقريف):
        # in this reading g is the q/k consonant, not j.
        token = _LATIN_G.sub("q", token)
    skeleton = _skeleton(token)
    # و / ي between consonants are read as vowels in transliteration (عوض → "ud") but written
    # as w / y in Latin spellings (Awad, Awed): the skeleton keeps neither after its first letter.
    return skeleton[:1] + skeleton[1:].replace("w", "").replace("y", "") if len(skeleton) > 2 else skeleton


def name_skeleton(text: str) -> str:
    """The consonant skeleton of a name part *without* the curated equivalences, reading a Latin
    g as ق (the Libyan and Sudanese spelling) and without medial w / y. Two spellings with the
    same skeleton differ only in vowels, long-vowel letters (صلح / صلاح), w / y or g-for-q; a
    fuzzy level, not an exact one — different names share skeletons too (Hassan / Hussein)."""
    skeleton = " ".join(_skeleton_of_token(t) for t in _tokens(text or ""))[:KEY_MAX_LENGTH].strip()
    # A one-letter skeleton (Hawa → "a") says nothing: too many names share it.
    return skeleton if len(skeleton) > 1 else ""


def name_spelling(text: str) -> str:
    """A vowelled Latin folding of a name part *without* the curated equivalences (Amadou stays
    "amadou" where ``name_fold`` gives the label "ahmad"), for Jaro-Winkler on spellings."""
    return _spelling(text or "")[:KEY_MAX_LENGTH].strip()


def is_curated(key: str) -> bool:
    """Whether ``key`` is a curated name label (``sanad.names.aliases``) rather than a rule key."""
    return key in _LABELS


def name_fold(text: str) -> str:
    """A vowelled Latin folding of a name part (canonical label for curated names), for fuzzy
    string comparison (Jaro-Winkler). Arabic-script names fold without their short vowels."""
    return " ".join(_fold_of_token(t) for t in _tokens(text or ""))[:KEY_MAX_LENGTH].strip()


def query_keys(text: str) -> list[str]:
    """Keys to look up for a search text, in any script or spelling (one per name token)."""
    return list(dict.fromkeys(k[:KEY_MAX_LENGTH] for k in _keys(text or "")))


def person_name_keys(
    *,
    given: str = "",
    father: str = "",
    grandfather: str = "",
    family: str = "",
    given_ar: str = "",
    father_ar: str = "",
    grandfather_ar: str = "",
    family_ar: str = "",
    other_names: Iterable[str] = (),
) -> set[tuple[str, str]]:
    """(part, key) rows for ``NameKey``: one per token of each part, in both scripts."""
    keys: set[tuple[str, str]] = set()
    for part, latin, arabic in (
        ("given", given, given_ar),
        ("father", father, father_ar),
        ("grandfather", grandfather, grandfather_ar),
        ("family", family, family_ar),
    ):
        for value in (latin, arabic):
            for key in _keys(value or ""):
                keys.add((part, key[:KEY_MAX_LENGTH]))
    for value in other_names or ():
        for key in _keys(value or ""):
            keys.add(("other", key[:KEY_MAX_LENGTH]))
    return keys


def full_name_keys(parts: Iterable[str]) -> list[str]:
    """Ordered, de-duplicated token keys of a full name (given, father, grandfather, family…)."""
    return list(dict.fromkeys(k for part in parts for k in _keys(part or "")))


# ---------------------------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------------------------
def jaro_winkler(a: str, b: str, *, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity (0..1) of two strings."""
    if a == b:
        return 1.0 if a else 0.0
    len_a, len_b = len(a), len(b)
    if not len_a or not len_b:
        return 0.0
    window = max(max(len_a, len_b) // 2 - 1, 0)
    matched_b = [False] * len_b
    matches_a = []
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len_b, i + window + 1)):
            if not matched_b[j] and b[j] == char:
                matched_b[j] = True
                matches_a.append(char)
                break
    m = len(matches_a)
    if not m:
        return 0.0
    matches_b = [b[j] for j in range(len_b) if matched_b[j]]
    transpositions = sum(x != y for x, y in zip(matches_a, matches_b, strict=True)) / 2
    jaro = (m / len_a + m / len_b + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


def _spelling(text: str) -> str:
    return " ".join(_phonetic(t).lower().replace("'", "") for t in _tokens(text))


@lru_cache(maxsize=_CACHE)
def _similarity(a: str, b: str) -> float:
    key_a, key_b = _keys(a), _keys(b)
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 1.0
    similarity = max(
        jaro_winkler(name_fold(a), name_fold(b)),
        jaro_winkler(_spelling(a), _spelling(b)),
    )
    if len(key_a) == len(key_b) == 1 and key_a[0] in _LABELS and key_b[0] in _LABELS:
        # Two different curated names (Mahmoud / Muhammad): known to differ, below every
        # fuzzy level however alike they are spelt.
        similarity = min(similarity, KNOWN_DIFFERENT_MAX)
    return round(similarity, 6)


def name_part_similarity(a: str, b: str) -> float:
    """Similarity of two spellings of a name part: 1.0 when their keys agree (same name by
    transliteration rules or the curated table), else Jaro-Winkler of their ``name_fold``."""
    a, b = a or "", b or ""
    return _similarity(a, b) if a <= b else _similarity(b, a)


def name_part_level(a: str, b: str) -> str:
    """Comparison level of two name parts, best first: ``exact`` (same spelling up to case,
    accents and diacritics), ``key`` (equivalent spellings / aliases), ``jw92``, ``jw85``, ``none``
    (also when either is empty)."""
    tokens_a, tokens_b = _tokens(a or ""), _tokens(b or "")
    if not tokens_a or not tokens_b:
        return "none"
    if tokens_a == tokens_b:
        return "exact"
    similarity = name_part_similarity(a, b)
    if similarity >= 1.0:
        return "key"
    if similarity >= 0.92:
        return "jw92"
    if similarity >= 0.85:
        return "jw85"
    return "none"


def token_set_overlap(keys_a: Sequence[str] | Iterable[str], keys_b: Sequence[str] | Iterable[str]) -> float:
    """Share of the shorter name's keys found in the other (overlap coefficient, 0..1).

    Order-insensitive (swapped parts) and tolerant of dropped parts: ["muhammad", "ali"] vs
    ["ali", "hasan", "muhammad"] → 1.0. Empty on either side → 0.0."""
    set_a, set_b = set(keys_a), set(keys_b)
    if not set_a or not set_b:
        return 0.0
    return len(set_a & set_b) / min(len(set_a), len(set_b))
