"""Countries by their ISO 3166-1 alpha-3 code, named in English, Arabic and French.

The names are the display names of the Unicode CLDR (through Babel): "South Korea", not ISO's
sortable "Korea, Republic of". Two codes of ICAO Doc 9303 that are not countries are added for a
person's nationality: XXA (stateless) and XXX (unknown). Used for nationality, country of birth
and the issuing country of documents. ``country_resolve`` turns what a user typed — a name in any
of the three languages, a common variant, a demonym or the code — into the code; the page, the
API and the importer all use it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from babel import Locale
from babel.core import get_global
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LANGUAGES = ("en", "ar", "fr")

# The ISO 3166-1 alpha-3 codes of every country and territory (ISO 3166 Maintenance Agency).
ISO_ALPHA3: tuple[str, ...] = (
    "ABW",
    "AFG",
    "AGO",
    "AIA",
    "ALA",
    "ALB",
    "AND",
    "ARE",
    "ARG",
    "ARM",
    "ASM",
    "ATA",
    "ATF",
    "ATG",
    "AUS",
    "AUT",
    "AZE",
    "BDI",
    "BEL",
    "BEN",
    "BES",
    "BFA",
    "BGD",
    "BGR",
    "BHR",
    "BHS",
    "BIH",
    "BLM",
    "BLR",
    "BLZ",
    "BMU",
    "BOL",
    "BRA",
    "BRB",
    "BRN",
    "BTN",
    "BVT",
    "BWA",
    "CAF",
    "CAN",
    "CCK",
    "CHE",
    "CHL",
    "CHN",
    "CIV",
    "CMR",
    "COD",
    "COG",
    "COK",
    "COL",
    "COM",
    "CPV",
    "CRI",
    "CUB",
    "CUW",
    "CXR",
    "CYM",
    "CYP",
    "CZE",
    "DEU",
    "DJI",
    "DMA",
    "DNK",
    "DOM",
    "DZA",
    "ECU",
    "EGY",
    "ERI",
    "ESH",
    "ESP",
    "EST",
    "ETH",
    "FIN",
    "FJI",
    "FLK",
    "FRA",
    "FRO",
    "FSM",
    "GAB",
    "GBR",
    "GEO",
    "GGY",
    "GHA",
    "GIB",
    "GIN",
    "GLP",
    "GMB",
    "GNB",
    "GNQ",
    "GRC",
    "GRD",
    "GRL",
    "GTM",
    "GUF",
    "GUM",
    "GUY",
    "HKG",
    "HMD",
    "HND",
    "HRV",
    "HTI",
    "HUN",
    "IDN",
    "IMN",
    "IND",
    "IOT",
    "IRL",
    "IRN",
    "IRQ",
    "ISL",
    "ISR",
    "ITA",
    "JAM",
    "JEY",
    "JOR",
    "JPN",
    "KAZ",
    "KEN",
    "KGZ",
    "KHM",
    "KIR",
    "KNA",
    "KOR",
    "KWT",
    "LAO",
    "LBN",
    "LBR",
    "LBY",
    "LCA",
    "LIE",
    "LKA",
    "LSO",
    "LTU",
    "LUX",
    "LVA",
    "MAC",
    "MAF",
    "MAR",
    "MCO",
    "MDA",
    "MDG",
    "MDV",
    "MEX",
    "MHL",
    "MKD",
    "MLI",
    "MLT",
    "MMR",
    "MNE",
    "MNG",
    "MNP",
    "MOZ",
    "MRT",
    "MSR",
    "MTQ",
    "MUS",
    "MWI",
    "MYS",
    "MYT",
    "NAM",
    "NCL",
    "NER",
    "NFK",
    "NGA",
    "NIC",
    "NIU",
    "NLD",
    "NOR",
    "NPL",
    "NRU",
    "NZL",
    "OMN",
    "PAK",
    "PAN",
    "PCN",
    "PER",
    "PHL",
    "PLW",
    "PNG",
    "POL",
    "PRI",
    "PRK",
    "PRT",
    "PRY",
    "PSE",
    "PYF",
    "QAT",
    "REU",
    "ROU",
    "RUS",
    "RWA",
    "SAU",
    "SDN",
    "SEN",
    "SGP",
    "SGS",
    "SHN",
    "SJM",
    "SLB",
    "SLE",
    "SLV",
    "SMR",
    "SOM",
    "SPM",
    "SRB",
    "SSD",
    "STP",
    "SUR",
    "SVK",
    "SVN",
    "SWE",
    "SWZ",
    "SXM",
    "SYC",
    "SYR",
    "TCA",
    "TCD",
    "TGO",
    "THA",
    "TJK",
    "TKL",
    "TKM",
    "TLS",
    "TON",
    "TTO",
    "TUN",
    "TUR",
    "TUV",
    "TWN",
    "TZA",
    "UGA",
    "UKR",
    "UMI",
    "URY",
    "USA",
    "UZB",
    "VAT",
    "VCT",
    "VEN",
    "VGB",
    "VIR",
    "VNM",
    "VUT",
    "WLF",
    "WSM",
    "YEM",
    "ZAF",
    "ZMB",
    "ZWE",
)

# Not countries: the codes of ICAO Doc 9303 (part 3) for a stateless person and for a person
# of unspecified nationality, as machine-readable travel documents write them. CLDR has no name
# for the first, and names XX "Unknown Region" rather than an unknown nationality.
NOT_COUNTRY_NAMES: dict[str, tuple[str, str, str]] = {
    "XXA": ("Stateless", "عديم الجنسية", "Apatride"),
    "XXX": ("Unknown nationality", "جنسية غير معروفة", "Nationalité inconnue"),
}


def _cldr_names() -> dict[str, tuple[str, str, str]]:
    """code → (English, Arabic, French) display names from CLDR; CLDR keys territories by their
    alpha-2 code, and its territory aliases map each alpha-3 code to it."""
    alpha2 = get_global("territory_aliases")
    territories = [Locale.parse(language).territories for language in LANGUAGES]
    names = {}
    for code in ISO_ALPHA3:
        key = alpha2[code][0]
        english = territories[0][key]
        names[code] = tuple(found.get(key) or english for found in territories)
    return names


# code: (English, Arabic, French)
COUNTRIES: dict[str, tuple[str, str, str]] = {**_cldr_names(), **NOT_COUNTRY_NAMES}


def country_name(code: str, language: str | None = None) -> str:
    """The name of ``code`` in ``language`` (default: the active language); the code if unknown."""
    names = COUNTRIES.get((code or "").upper())
    if names is None:
        return code or ""
    language = (language or get_language() or "en")[:2]
    index = {"ar": 1, "fr": 2}.get(language, 0)
    return names[index] or names[0]


# Nationalities that are not countries (ICAO Doc 9303): valid for a person's nationality, not as
# a country of origin, route or residence.
NOT_COUNTRIES = frozenset({"XXA", "XXX"})


def country_choices(language: str | None = None, *, nationalities: bool = False) -> list[tuple[str, str]]:
    """(code, name) pairs sorted by the name in ``language`` (accents ignored: Émirats sorts with
    E); with ``nationalities``, "stateless" and "unknown nationality" too."""
    return sorted(
        (
            (code, country_name(code, language))
            for code in COUNTRIES
            if nationalities or code not in NOT_COUNTRIES
        ),
        key=lambda pair: _strip_marks(pair[1]).casefold(),
    )


def is_country(code: str) -> bool:
    """An ISO 3166 alpha-3 code of a country (not "stateless" or "unknown")."""
    code = (code or "").upper()
    return code in COUNTRIES and code not in NOT_COUNTRIES


# The ISO 3166 English short names where CLDR's display name differs: data sets and other
# systems write them ("Russian Federation", "Congo" for Congo - Brazzaville).
ISO_NAMES: dict[str, tuple[str, ...]] = {
    "ATG": ("Antigua and Barbuda",),
    "BES": ("Bonaire, Sint Eustatius and Saba",),
    "BIH": ("Bosnia and Herzegovina",),
    "BLM": ("Saint Barthélemy",),
    "BRN": ("Brunei Darussalam",),
    "CIV": ("Côte d'Ivoire",),
    "COD": ("Congo, The Democratic Republic of the",),
    "COG": ("Congo",),
    "CPV": ("Cabo Verde",),
    "FLK": ("Falkland Islands (Malvinas)",),
    "FSM": ("Micronesia, Federated States of",),
    "HKG": ("Hong Kong",),
    "HMD": ("Heard Island and McDonald Islands",),
    "KNA": ("Saint Kitts and Nevis",),
    "LCA": ("Saint Lucia",),
    "MAC": ("Macao",),
    "MAF": ("Saint Martin (French part)",),
    "MMR": ("Myanmar",),
    "PCN": ("Pitcairn",),
    "PSE": ("Palestine, State of",),
    "RUS": ("Russian Federation",),
    "SGS": ("South Georgia and the South Sandwich Islands",),
    "SHN": ("Saint Helena, Ascension and Tristan da Cunha",),
    "SJM": ("Svalbard and Jan Mayen",),
    "SPM": ("Saint Pierre and Miquelon",),
    "STP": ("Sao Tome and Principe",),
    "SXM": ("Sint Maarten (Dutch part)",),
    "TCA": ("Turks and Caicos Islands",),
    "TTO": ("Trinidad and Tobago",),
    "UMI": ("United States Minor Outlying Islands",),
    "VAT": ("Holy See (Vatican City State)",),
    "VCT": ("Saint Vincent and the Grenadines",),
    "VGB": ("Virgin Islands, British",),
    "VIR": ("Virgin Islands, U.S.",),
    "WLF": ("Wallis and Futuna",),
}


# Other names people type: everyday short names, former names, demonyms (masculine and
# feminine), in English, Arabic and French. Official names need not be repeated here.
ALIASES: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghan", "أفغاني", "Afghan", "Afghane"),
    "BGD": ("Bangladeshi", "بنغلاديش", "بنجلاديش", "بنغالي", "Bangladais", "Bangladaise"),
    "BEN": ("Beninese", "بنيني", "Béninois", "Béninoise"),
    "BFA": ("Burkinabe", "بوركينا فاسو", "بوركيني", "Burkinabè"),
    "BOL": ("بوليفيا",),
    "CAF": ("Central African", "جمهورية أفريقيا الوسطى", "أفريقيا الوسطى", "Centrafrique", "Centrafricain"),
    "CIV": ("Ivory Coast", "Ivorian", "كوت ديفوار", "إيفواري", "Ivoirien", "Ivoirienne"),
    "CMR": ("Cameroonian", "كاميروني", "Camerounais", "Camerounaise"),
    "COD": (
        "DR Congo",
        "DRC",
        "Democratic Republic of the Congo",
        "Congo-Kinshasa",
        "الكونغو الديمقراطية",
        "جمهورية الكونغو الديمقراطية",
        "RD Congo",
        "RDC",
    ),
    "COG": ("Republic of the Congo", "Congo-Brazzaville", "Congolese", "Congolais"),
    "CPV": ("Cape Verde", "Cap Vert", "Cap-Vert"),
    "CZE": ("Czech Republic",),
    "DZA": ("Algerian", "جزائري", "Algérien", "Algérienne"),
    "EGY": ("Egyptian", "مصري", "Égyptien", "Égyptienne"),
    "ERI": ("Eritrean", "إرتريا", "إريتري", "إرتيري", "Érythréen", "Érythréenne"),
    "ETH": ("Ethiopian", "أثيوبيا", "إثيوبي", "Éthiopien", "Éthiopienne"),
    "GBR": ("UK", "Great Britain", "Britain", "British", "بريطانيا", "Grande-Bretagne"),
    "GHA": ("Ghanaian", "غاني", "Ghanéen", "Ghanéenne"),
    "GIN": ("Guinean", "Guinea-Conakry", "غيني", "Guinéen", "Guinéenne"),
    "GMB": ("Gambian", "غامبي", "Gambien", "Gambienne"),
    "GNB": ("Bissau-Guinean",),
    "HUN": ("المجر", "هنغاريا"),
    "IND": ("Indian", "هندي", "Indien", "Indienne"),
    "IRN": ("Iranian", "إيران", "إيراني", "Iran", "Iranien", "Iranienne"),
    "IRQ": ("Iraqi", "عراقي", "Irakien", "Irakienne"),
    "JOR": ("Jordanian", "أردني", "Jordanien", "Jordanienne"),
    "KOR": ("Korea, Republic of", "كوريا الجنوبية", "Corée du Sud"),
    "LAO": ("Lao", "لاوس"),
    "LBN": ("Lebanese", "لبناني", "Libanais", "Libanaise"),
    "LBR": ("Liberian", "ليبيري", "Libérien", "Libérienne"),
    "LBY": ("Libyan", "ليبي", "Libyen", "Libyenne"),
    "MAR": ("Moroccan", "مغربي", "Marocain", "Marocaine"),
    "MDA": ("Moldova", "مولدوفا"),
    "MKD": ("Macedonia", "مقدونيا"),
    "MLI": ("Malian", "مالي", "Malien", "Malienne"),
    "MMR": ("Burma", "بورما", "Myanmar"),
    "MRT": ("Mauritanian", "موريتاني", "Mauritanien", "Mauritanienne"),
    "NER": ("Nigerien", "Nigérien", "Nigérienne"),
    "NGA": ("Nigerian", "Nigérian", "Nigériane"),
    "PAK": ("Pakistani", "باكستاني", "Pakistanais", "Pakistanaise"),
    "PRK": ("Korea, North", "كوريا الشمالية", "Corée du Nord"),
    "PSE": ("Palestine", "Palestinian", "فلسطين", "فلسطيني", "Palestinien", "Palestinienne", "Gaza"),
    "RUS": ("Russia", "روسيا", "Russie"),
    "SAU": ("Saudi", "السعودية", "المملكة العربية السعودية", "سعودي", "Arabie Saoudite"),
    "SDN": ("Sudanese", "سوداني", "Soudanais", "Soudanaise"),
    "SEN": ("Senegalese", "سنغالي", "Sénégalais", "Sénégalaise"),
    "SLE": ("Sierra Leonean", "سيراليوني", "Sierra-Léonais", "Sierra-Léonaise"),
    "SOM": ("Somali", "صومالي", "Somalien", "Somalienne"),
    "SSD": ("South Sudanese", "جنوب سوداني", "Sud-Soudanais", "Sud-Soudanaise"),
    "SWZ": ("Swaziland",),
    "SYR": ("Syrian Arab Republic", "Syrian", "سوريا", "سورية", "سوري", "Syrie", "Syrien", "Syrienne"),
    "TCD": ("Chadian", "تشادي", "Tchadien", "Tchadienne"),
    "TGO": ("Togolese", "توغولي", "Togolais", "Togolaise"),
    "TUN": ("Tunisian", "تونسي", "Tunisien", "Tunisienne"),
    "TUR": ("Turkey", "Turkish", "تركي", "Turquie", "Turc", "Turque"),
    "TZA": ("تنزانيا", "Tanzanie"),
    "USA": ("United States of America", "US", "America", "الولايات المتحدة الأمريكية", "أمريكا"),
    "VEN": ("فنزويلا", "Venezuela"),
    "VNM": ("Viet Nam", "فيتنام"),
    "YEM": ("Yemeni", "يمني", "Yéménite"),
    "XXA": ("Stateless person", "عديم جنسية", "بدون جنسية", "بدون", "apatride"),
    "XXX": (
        "Unknown",
        "Not known",
        "Unspecified",
        "غير معروف",
        "غير معروفة",
        "مجهول",
        "مجهولة",
        "Inconnu",
        "Inconnue",
        "Non précisée",
    ),
}

_ARABIC_LETTERS = str.maketrans({"ة": "ه", "ى": "ي", "ـ": None, "ٱ": "ا"})
_NOT_WORD = re.compile(r"[^\w]+")
_ARABIC = re.compile("[\u0600-\u06ff]")


def _strip_marks(text: str) -> str:
    """Without accents, Arabic short vowels, shadda and the hamza carried by alef / waw / yeh."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def country_fold(text: str) -> str:
    """The form of a country name that lookups compare: case, accents, Arabic diacritics, alef
    with or without hamza, taa marbuta / haa, alef maqsura / yeh, punctuation and the Arabic
    article (الصومال = صومال) do not matter."""
    text = _strip_marks(str(text or "")).casefold().translate(_ARABIC_LETTERS)
    text = text.replace("ئ", "ي").replace("ؤ", "و").replace("ء", "")
    words = [w for w in _NOT_WORD.sub(" ", text).replace("_", " ").split() if w]
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words)


@functools.cache
def _index() -> dict[str, str]:
    """Folded name → code. Official names first, then aliases; a name two codes would share
    (e.g. "Congo" before a comma) resolves to neither, except where an official name decides."""
    index: dict[str, str] = {}
    for code, names in COUNTRIES.items():
        for name in names:
            index.setdefault(country_fold(name), code)
    for code, names in [*ISO_NAMES.items(), *ALIASES.items()]:
        for name in names:
            folded = country_fold(name)
            index.setdefault(folded, code)
            if folded.endswith("ي") and _ARABIC.search(folded):
                index.setdefault(folded + "ه", code)  # the feminine demonym: سوداني → سودانية
    # "Iran, République islamique d'" → "Iran": the part before a comma, when only one code has it.
    heads: dict[str, set[str]] = {}
    for code, names in COUNTRIES.items():
        for name in names:
            if "،" in name or "," in name:
                heads.setdefault(country_fold(re.split("[,،]", name)[0]), set()).add(code)
    for head, codes in heads.items():
        if len(codes) == 1 and head:
            index.setdefault(head, next(iter(codes)))
    return index


def country_resolve(text: str) -> str | None:
    """The ISO 3166 alpha-3 code (or ICAO XXA / XXX) of a country typed as its code or as a name
    in English, Arabic or French; ``""`` for nothing typed, ``None`` when nothing matches."""
    text = " ".join(str(text or "").split())
    if not text:
        return ""
    if text.upper() in COUNTRIES:
        return text.upper()
    folded = country_fold(text)
    return _index().get(folded) or _compact_index().get(folded.replace(" ", ""))


@functools.cache
def _compact_index() -> dict[str, str]:
    """The same names without their spaces: published data sets write "BurkinaFaso",
    "SouthSudan", "CôtedIvoire" (DTM Libya's nationality sheet). A compact form two codes share
    resolves to neither."""
    compact: dict[str, str | None] = {}
    for folded, code in _index().items():
        key = folded.replace(" ", "")
        compact[key] = code if compact.get(key, code) == code else None
    return {key: code for key, code in compact.items() if code}


def country_unknown_message(text: str) -> str:
    """The error for a country that matches nothing, naming what was typed."""
    return _(
        "“%(value)s” is not a country we know. Type its name in English, Arabic or French "
        "(e.g. Sudan, السودان, Soudan) or its three-letter code (e.g. SDN)."
    ) % {"value": " ".join(str(text or "").split())}
