"""ISO 3166-1 alpha-3 country codes with their names in English, Arabic and French.

Generated once from the Debian ``iso-codes`` data (names and their translations); used for
nationality, country of birth and the issuing country of documents. ``country_resolve`` turns
what a user typed — a name in any of the three languages, a common variant, a demonym or the
code — into the code; the page, the API and the importer all use it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from django.utils.translation import get_language
from django.utils.translation import gettext as _

# code: (English, Arabic, French)
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "ABW": ("Aruba", "أروبا", "Aruba"),
    "AFG": ("Afghanistan", "أفغانستان", "Afghanistan"),
    "AGO": ("Angola", "أنغولا", "Angola"),
    "AIA": ("Anguilla", "أنغويلا", "Anguilla"),
    "ALA": ("Åland Islands", "جزر آلاند", "Åland, Îles"),
    "ALB": ("Albania", "ألبانيا", "Albanie"),
    "AND": ("Andorra", "أندورا", "Andorre"),
    "ARE": ("United Arab Emirates", "الإمارات العربيّة المتحدّة", "Émirats arabes unis"),
    "ARG": ("Argentina", "الأرجنتين", "Argentine"),
    "ARM": ("Armenia", "أرمينيا", "Arménie"),
    "ASM": ("American Samoa", "صاموا الأمريكيّة", "Samoa américaines"),
    "ATA": ("Antarctica", "القطب الجنوبي", "Antarctique"),
    "ATF": ("French Southern Territories", "المقاطعات الفرنسيّة الجنوبيّة", "Terres australes françaises"),
    "ATG": ("Antigua and Barbuda", "أنتيغوا و باربودا", "Antigua-et-Barbuda"),
    "AUS": ("Australia", "أستراليا", "Australie"),
    "AUT": ("Austria", "النّمسا", "Autriche"),
    "AZE": ("Azerbaijan", "أذربيجان", "Azerbaïdjan"),
    "BDI": ("Burundi", "بوروندي", "Burundi"),
    "BEL": ("Belgium", "بلجيكا", "Belgique"),
    "BEN": ("Benin", "بنين", "Bénin"),
    "BES": (
        "Bonaire, Sint Eustatius and Saba",
        "بونير وسانت يوستاتيوس وسابا",
        "Bonaire, Saint-Eustache et Saba",
    ),
    "BFA": ("Burkina Faso", "بوركينا فاصو", "Burkina Faso"),
    "BGD": ("Bangladesh", "بنغلادش", "Bangladesh"),
    "BGR": ("Bulgaria", "بلغاريا", "Bulgarie"),
    "BHR": ("Bahrain", "البحرين", "Bahreïn"),
    "BHS": ("Bahamas", "جزر البهاما", "Bahamas"),
    "BIH": ("Bosnia and Herzegovina", "البوسنة و الهرسك", "Bosnie-Herzégovine"),
    "BLM": ("Saint Barthélemy", "سان بارتليمي", "Saint-Barthélemy"),
    "BLR": ("Belarus", "روسيا البيضاء", "Bélarus"),
    "BLZ": ("Belize", "بيليز", "Belize"),
    "BMU": ("Bermuda", "برمودا", "Bermudes"),
    "BOL": ("Bolivia", "جمهورية بوليفيا", "Bolivie, état plurinational de"),
    "BRA": ("Brazil", "البرازيل", "Brésil"),
    "BRB": ("Barbados", "بربادوس", "Barbade"),
    "BRN": ("Brunei Darussalam", "بروناي دار السّلام", "Brunéi Darussalam"),
    "BTN": ("Bhutan", "بوتان", "Bhoutan"),
    "BVT": ("Bouvet Island", "جزيرة بوفي", "île Bouvet"),
    "BWA": ("Botswana", "بوتسوانا", "Botswana"),
    "CAF": ("Central African Republic", "جمهورية إفريقيّا الوسطى", "République centrafricaine"),
    "CAN": ("Canada", "كندا", "Canada"),
    "CCK": ("Cocos (Keeling) Islands", "جزر الكوكوس", "Cocos (Keeling), Îles"),
    "CHE": ("Switzerland", "سويسرا", "Suisse"),
    "CHL": ("Chile", "تشيلي", "Chili"),
    "CHN": ("China", "الصّين", "Chine"),
    "CIV": ("Côte d'Ivoire", "ساحل العاج", "Côte d'Ivoire"),
    "CMR": ("Cameroon", "الكاميرون", "Cameroun"),
    "COD": (
        "Congo, The Democratic Republic of the",
        "الكونغو، جمهوريّة الكونغو الدّيموقراطيّة",
        "République démocratique du Congo",
    ),
    "COG": ("Congo", "الكونغو", "République du Congo"),
    "COK": ("Cook Islands", "جزر كوك", "îles Cook"),
    "COL": ("Colombia", "كولومبيا", "Colombie"),
    "COM": ("Comoros", "جزر القمر", "Comores"),
    "CPV": ("Cabo Verde", "الرأس الأخضر", "Cap-Vert"),
    "CRI": ("Costa Rica", "كوستاريكا", "Costa Rica"),
    "CUB": ("Cuba", "كوبا", "Cuba"),
    "CUW": ("Curaçao", "جزر كوراكاو", "Curaçao"),
    "CXR": ("Christmas Island", "جزر الكريسماس", "Christmas, Île"),
    "CYM": ("Cayman Islands", "جزر الكيمان", "îles Caïmans"),
    "CYP": ("Cyprus", "قبرص", "Chypre"),
    "CZE": ("Czechia", "التشيك", "Tchéquie"),
    "DEU": ("Germany", "ألمانيا", "Allemagne"),
    "DJI": ("Djibouti", "جيبوتي", "Djibouti"),
    "DMA": ("Dominica", "دومينيكا", "Dominique"),
    "DNK": ("Denmark", "الدّنمارك", "Danemark"),
    "DOM": ("Dominican Republic", "جمهوريّة الدّومينيكان", "République dominicaine"),
    "DZA": ("Algeria", "الجزائر", "Algérie"),
    "ECU": ("Ecuador", "الإكوادور", "Équateur"),
    "EGY": ("Egypt", "مصر", "Égypte"),
    "ERI": ("Eritrea", "إريتريا", "Érythrée"),
    "ESH": ("Western Sahara", "الصّحراء الغربيّة", "Sahara occidental"),
    "ESP": ("Spain", "إسبانيا", "Espagne"),
    "EST": ("Estonia", "إستونيا", "Estonie"),
    "ETH": ("Ethiopia", "إثيوبيا", "Éthiopie"),
    "FIN": ("Finland", "فنلندا", "Finlande"),
    "FJI": ("Fiji", "فيجي", "Fidji"),
    "FLK": ("Falkland Islands (Malvinas)", "جزر فولكلاند (مالفيناس)", "Malouines, Îles (Falkland)"),
    "FRA": ("France", "فرنسا", "France"),
    "FRO": ("Faroe Islands", "جزر الفارو", "îles Féroé"),
    "FSM": (
        "Micronesia, Federated States of",
        "ميكرونيزيا، ولايات ميكرونيزيا الموحّدة",
        "Micronésie, États fédérés de",
    ),
    "GAB": ("Gabon", "الغابون", "Gabon"),
    "GBR": ("United Kingdom", "المملكة المتّحدة", "Royaume-Uni"),
    "GEO": ("Georgia", "جورجيا", "Géorgie"),
    "GGY": ("Guernsey", "جزيرة جويرزني", "Guernesey"),
    "GHA": ("Ghana", "غانا", "Ghana"),
    "GIB": ("Gibraltar", "جبل طارق", "Gibraltar"),
    "GIN": ("Guinea", "غينيا", "Guinée"),
    "GLP": ("Guadeloupe", "جوادالوبّي", "Guadeloupe"),
    "GMB": ("Gambia", "غامبيا", "Gambie"),
    "GNB": ("Guinea-Bissau", "غينيا بيساو", "Guinée-Bissau"),
    "GNQ": ("Equatorial Guinea", "غينيا الاستوائيّة", "Guinée Équatoriale"),
    "GRC": ("Greece", "اليونان", "Grèce"),
    "GRD": ("Grenada", "غرينادا", "Grenade"),
    "GRL": ("Greenland", "غرينلاند", "Groënland"),
    "GTM": ("Guatemala", "غواتيمالا", "Guatemala"),
    "GUF": ("French Guiana", "غيانا الفرنسيّة", "Guyane française"),
    "GUM": ("Guam", "جوام", "Guam"),
    "GUY": ("Guyana", "غويانا", "Guyana"),
    "HKG": ("Hong Kong", "هونغ كونغ", "Hong Kong"),
    "HMD": ("Heard Island and McDonald Islands", "جزيرة هيرد وجزر مَكْدونالد", "îles Heard-et-MacDonald"),
    "HND": ("Honduras", "هندوراس", "Honduras"),
    "HRV": ("Croatia", "كرواتيا", "Croatie"),
    "HTI": ("Haiti", "هايتي", "Haïti"),
    "HUN": ("Hungary", "المجر (هنغاريا)", "Hongrie"),
    "IDN": ("Indonesia", "إندونيسيا", "Indonésie"),
    "IMN": ("Isle of Man", "آيزل أف مان", "Île de Man"),
    "IND": ("India", "الهند", "Inde"),
    "IOT": (
        "British Indian Ocean Territory",
        "مقاطعة المحيط الهندي البريطانيّة",
        "Territoire britannique de l'océan Indien",
    ),
    "IRL": ("Ireland", "أيرلندا", "Irlande"),
    "IRN": ("Iran", "إيران، الجمهوريّة الإسلاميّة الإيرانيّة", "Iran, République islamique d'"),
    "IRQ": ("Iraq", "العراق", "Irak"),
    "ISL": ("Iceland", "آيسلندا", "Islande"),
    "ISR": ("Israel", "إسرائيل", "Israël"),
    "ITA": ("Italy", "إيطاليا", "Italie"),
    "JAM": ("Jamaica", "جامايكا", "Jamaïque"),
    "JEY": ("Jersey", "جيرسي", "Jersey"),
    "JOR": ("Jordan", "الأردن", "Jordanie"),
    "JPN": ("Japan", "اليابان", "Japon"),
    "KAZ": ("Kazakhstan", "كازاخستان", "Kazakhstan"),
    "KEN": ("Kenya", "كينيا", "Kenya"),
    "KGZ": ("Kyrgyzstan", "قيرغزستان", "Kirghizistan"),
    "KHM": ("Cambodia", "كمبوديا", "Cambodge"),
    "KIR": ("Kiribati", "كيريباتي", "Kiribati"),
    "KNA": ("Saint Kitts and Nevis", "سانت كيتس و نيفس", "Saint-Christophe-et-Niévès"),
    "KOR": ("South Korea", "كوريا، جمهوريّة كوريا", "Corée, République de"),
    "KWT": ("Kuwait", "الكويت", "Koweït"),
    "LAO": ("Laos", "جمهوريّة لاو الدّيموقراطيّة الشّعبيّة", "Lao, République démocratique populaire"),
    "LBN": ("Lebanon", "لبنان", "Liban"),
    "LBR": ("Liberia", "ليبيريا", "Libéria"),
    "LBY": ("Libya", "ليبيا", "Libye"),
    "LCA": ("Saint Lucia", "سانت لوسيا", "Sainte-Lucie"),
    "LIE": ("Liechtenstein", "ليشتنشتاين", "Liechtenstein"),
    "LKA": ("Sri Lanka", "سريلانكا", "Sri Lanka"),
    "LSO": ("Lesotho", "ليسوتو", "Lesotho"),
    "LTU": ("Lithuania", "لثوانيا", "Lituanie"),
    "LUX": ("Luxembourg", "لوكسمبورغ", "Luxembourg"),
    "LVA": ("Latvia", "لاتفيا", "Lettonie"),
    "MAC": ("Macao", "مكّاو", "Macau"),
    "MAF": ("Saint Martin (French part)", "سانت مارتين (القطاع الفرنسي)", "Saint-Martin (partie française)"),
    "MAR": ("Morocco", "المغرب", "Maroc"),
    "MCO": ("Monaco", "موناكو", "Monaco"),
    "MDA": ("Moldova", "جمهورية مولدوفا", "Moldova, République de"),
    "MDG": ("Madagascar", "مدغشقر", "Madagascar"),
    "MDV": ("Maldives", "جزر المالديف", "Maldives"),
    "MEX": ("Mexico", "المكسيك", "Mexique"),
    "MHL": ("Marshall Islands", "جزر المارشال", "Îles Marshall"),
    "MKD": ("North Macedonia", "مقدونيا الشمالية", "Macédoine du Nord"),
    "MLI": ("Mali", "مالي", "Mali"),
    "MLT": ("Malta", "مالطة", "Malte"),
    "MMR": ("Myanmar", "ميانمار", "Birmanie"),
    "MNE": ("Montenegro", "المنتنيغرو", "Monténégro"),
    "MNG": ("Mongolia", "منغوليا", "Mongolie"),
    "MNP": ("Northern Mariana Islands", "جزر ماريانا الشّماليّة", "Îles Mariannes du Nord"),
    "MOZ": ("Mozambique", "موزمبيق", "Mozambique"),
    "MRT": ("Mauritania", "موريتانيا", "Mauritanie"),
    "MSR": ("Montserrat", "مونتسيرات", "Montserrat"),
    "MTQ": ("Martinique", "مارتينيك", "Martinique"),
    "MUS": ("Mauritius", "موريشيوس", "Maurice"),
    "MWI": ("Malawi", "ملاوي", "Malawi"),
    "MYS": ("Malaysia", "ماليزيا", "Malaisie"),
    "MYT": ("Mayotte", "مايوت", "Mayotte"),
    "NAM": ("Namibia", "ناميبيا", "Namibie"),
    "NCL": ("New Caledonia", "نيو قلدونيا", "Nouvelle-Calédonie"),
    "NER": ("Niger", "النّيجر", "Niger"),
    "NFK": ("Norfolk Island", "جزيرة نورفولك", "île Norfolk"),
    "NGA": ("Nigeria", "نيجيريا", "Nigeria"),
    "NIC": ("Nicaragua", "نيكاراجوا", "Nicaragua"),
    "NIU": ("Niue", "نيوي", "Nioue"),
    "NLD": ("Netherlands", "هولندا", "Pays-Bas"),
    "NOR": ("Norway", "النّرويج", "Norvège"),
    "NPL": ("Nepal", "نيبال", "Népal"),
    "NRU": ("Nauru", "ناورو", "Nauru"),
    "NZL": ("New Zealand", "نيوزيلاندا", "Nouvelle-Zélande"),
    "OMN": ("Oman", "عمان", "Oman"),
    "PAK": ("Pakistan", "باكستان", "Pakistan"),
    "PAN": ("Panama", "بنما", "Panama"),
    "PCN": ("Pitcairn", "بتكيرن", "Îles Pitcairn"),
    "PER": ("Peru", "البيرو", "Pérou"),
    "PHL": ("Philippines", "الفلبّين", "Philippines"),
    "PLW": ("Palau", "بالاو", "Palaos"),
    "PNG": ("Papua New Guinea", "بابوا غينيا الجديدة", "Papouasie-Nouvelle-Guinée"),
    "POL": ("Poland", "بولندا", "Pologne"),
    "PRI": ("Puerto Rico", "بورتوريكو", "Porto Rico"),
    "PRK": (
        "North Korea",
        "كوريا، جمهورية كوريا الشّعبيّة الدّيموقراطيّة",
        "Corée, République populaire démocratique de",
    ),
    "PRT": ("Portugal", "البرتغال", "Portugal"),
    "PRY": ("Paraguay", "الباراغواي", "Paraguay"),
    "PSE": ("Palestine, State of", "دولة فلسطين", "Palestine, État de"),
    "PYF": ("French Polynesia", "بولينيسيا الفرنسيّة", "Polynésie française"),
    "QAT": ("Qatar", "قطر", "Qatar"),
    "REU": ("Réunion", "ريونيون", "Réunion, Île de la"),
    "ROU": ("Romania", "رومانيا", "Roumanie"),
    "RUS": ("Russian Federation", "الاتّحاد الرّوسي", "Russie, Fédération de"),
    "RWA": ("Rwanda", "رواندا", "Rwanda"),
    "SAU": ("Saudi Arabia", "السّعوديّة", "Arabie saoudite"),
    "SDN": ("Sudan", "السّودان", "Soudan"),
    "SEN": ("Senegal", "السّنغال", "Sénégal"),
    "SGP": ("Singapore", "سنغافورة", "Singapour"),
    "SGS": (
        "South Georgia and the South Sandwich Islands",
        "جورجيا الجنوبيّة و جزر ساندويتش الجنوبيّة",
        "Géorgie du Sud et les îles Sandwich du Sud",
    ),
    "SHN": (
        "Saint Helena, Ascension and Tristan da Cunha",
        "ساينت هيلينا، تريستان دا كونا",
        "Sainte-Hélène, Ascension et Tristan da Cunha",
    ),
    "SJM": ("Svalbard and Jan Mayen", "سفالبارد و جان ماين", "Svalbard et île Jan Mayen"),
    "SLB": ("Solomon Islands", "جزر سولومن", "Salomon, Îles"),
    "SLE": ("Sierra Leone", "سيراليون", "Sierra Leone"),
    "SLV": ("El Salvador", "السّلفادور", "Salvador"),
    "SMR": ("San Marino", "سان مارينو", "Saint-Marin"),
    "SOM": ("Somalia", "الصّومال", "Somalie"),
    "SPM": ("Saint Pierre and Miquelon", "سانت بيير و ميكيلون", "Saint-Pierre-et-Miquelon"),
    "SRB": ("Serbia", "صربية", "Serbie"),
    "SSD": ("South Sudan", "جنوب السّودان", "Soudan du Sud"),
    "STP": ("Sao Tome and Principe", "ساو تومي و برنسبي", "Sao Tomé-et-Principe"),
    "SUR": ("Suriname", "سورينام", "Surinam"),
    "SVK": ("Slovakia", "سلوفاكيا", "Slovaquie"),
    "SVN": ("Slovenia", "سلوفينيا", "Slovénie"),
    "SWE": ("Sweden", "السّويد", "Suède"),
    "SWZ": ("Eswatini", "إسواتيني", "Eswatini"),
    "SXM": ("Sint Maarten (Dutch part)", "سانت مارتن (الجزء الهولندي)", "Saint-Martin (partie néerlandaise)"),
    "SYC": ("Seychelles", "السّيشل", "Seychelles"),
    "SYR": ("Syria", "الجمهوريّة العربيّة السّوريّة", "Syrienne, République arabe"),
    "TCA": ("Turks and Caicos Islands", "جزر التّرك و الكايكوس", "îles Turques-et-Caïques"),
    "TCD": ("Chad", "تشاد", "Tchad"),
    "TGO": ("Togo", "توغو", "Togo"),
    "THA": ("Thailand", "تايلاند", "Thaïlande"),
    "TJK": ("Tajikistan", "طاجيكستان", "Tadjikistan"),
    "TKL": ("Tokelau", "جزر توكيلو", "Tokelau"),
    "TKM": ("Turkmenistan", "تركمانستان", "Turkménistan"),
    "TLS": ("Timor-Leste", "تيمور-ليستي", "Timor oriental"),
    "TON": ("Tonga", "تونغا", "Tonga"),
    "TTO": ("Trinidad and Tobago", "ترينيداد و توباغو", "Trinité-et-Tobago"),
    "TUN": ("Tunisia", "تونس", "Tunisie"),
    "TUR": ("Türkiye", "تركيا", "Türkiye"),
    "TUV": ("Tuvalu", "توفالو", "Tuvalu"),
    "TWN": ("Taiwan", "تايوان، محافظة صينيّة", "Taïwan, province de Chine"),
    "TZA": ("Tanzania", "تنزانيا، جمهوريّة تنزانيا المتّحدة", "Tanzanie, République unie de"),
    "UGA": ("Uganda", "أوغندا", "Ouganda"),
    "UKR": ("Ukraine", "أوكرانيا", "Ukraine"),
    "UMI": (
        "United States Minor Outlying Islands",
        "جزر الولايات المتّحدة الصّغرى النّائية",
        "Îles mineures éloignées des États-Unis",
    ),
    "URY": ("Uruguay", "الأوروغواي", "Uruguay"),
    "USA": ("United States", "الولايات المتّحدة", "États-Unis"),
    "UZB": ("Uzbekistan", "أوزبكستان", "Ouzbékistan"),
    "VAT": (
        "Holy See (Vatican City State)",
        "المقعد المقدّس (ولاية مدينة الفاتيكان)",
        "Saint-Siège (état de la cité du Vatican)",
    ),
    "VCT": (
        "Saint Vincent and the Grenadines",
        "سانت فنسنت و جزر الغرينادين",
        "Saint-Vincent-et-les-Grenadines",
    ),
    "VEN": ("Venezuela", "جمهورية فنزويلا البوليفارية", "Vénézuela, république bolivarienne du"),
    "VGB": ("Virgin Islands, British", "فيرجن، جزر فيرجن البريطانيّة", "Îles Vierges britanniques"),
    "VIR": ("Virgin Islands, U.S.", "فيرجن، جزر فيرجن الأميركيّة", "Îles Vierges, États-Unis"),
    "VNM": ("Vietnam", "الفييتنام", "Viêt Nam"),
    "VUT": ("Vanuatu", "فانواتو", "Vanuatu"),
    "WLF": ("Wallis and Futuna", "واليس و فوتونا", "Wallis et Futuna"),
    "WSM": ("Samoa", "صاموا", "Samoa"),
    "YEM": ("Yemen", "اليمن", "Yémen"),
    "ZAF": ("South Africa", "جنوب إفريقيا", "Afrique du Sud"),
    "ZMB": ("Zambia", "زامبيا", "Zambie"),
    "ZWE": ("Zimbabwe", "زمبابوي", "Zimbabwe"),
    # Not countries: the codes of ICAO Doc 9303 (part 3) for a stateless person and for a person
    # of unspecified nationality, as machine-readable travel documents write them.
    "XXA": ("Stateless", "عديم الجنسية", "Apatride"),
    "XXX": ("Unknown nationality", "جنسية غير معروفة", "Nationalité inconnue"),
}


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
    for code, names in ALIASES.items():
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
