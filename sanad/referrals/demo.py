"""Demo service directory and referrals: providers and services in Tripoli, Misrata, Sabha, Zwara
and Benghazi (IOM units and partners: a psychiatric hospital, a GBV safe space, a child-protection
NGO, legal aid outside Sanad), pathways, and a few referrals in different states.

Idempotent: providers and services are found by their English name; referrals are created only
when there are none yet.
"""

from __future__ import annotations

from sanad.core.models import Agency, Unit, User
from sanad.geo.models import AdminUnit
from sanad.referrals.models import Referral, ReferralPathway, ReferralService, ServiceProvider
from sanad.referrals.services import (
    referral_accept,
    referral_complete,
    referral_decline,
    referral_pathway_save,
    referral_receive,
    referral_send,
    referral_service_create,
    service_provider_create,
)
from sanad.registry.models import Person

# code, English, Arabic, French, kind, agency code, type, public contact
PROVIDERS = [
    (
        "iom",
        "IOM Libya",
        "المنظمة الدولية للهجرة - ليبيا",
        "OIM Libye",
        "sanad_agency",
        "iom",
        "un_agency",
        "",
    ),
    (
        "medics",
        "Medical NGO (partner)",
        "منظمة طبية (شريك)",
        "ONG médicale (partenaire)",
        "sanad_agency",
        "medics",
        "international_ngo",
        "+218 21 000 0001",
    ),
    (
        "unp",
        "UN protection agency (partner)",
        "وكالة حماية أممية (شريك)",
        "Agence de protection de l'ONU (partenaire)",
        "sanad_agency",
        "un-protection",
        "un_agency",
        "",
    ),
    (
        "hospital",
        "Al-Razi Psychiatric Hospital",
        "مستشفى الرازي للأمراض النفسية",
        "Hôpital psychiatrique Al-Razi",
        "external",
        None,
        "government",
        "+218 21 000 0002",
    ),
    (
        "safe-space",
        "Women's Safe Space Benghazi",
        "المساحة الآمنة للنساء - بنغازي",
        "Espace sûr pour femmes Benghazi",
        "external",
        None,
        "national_ngo",
        "",
    ),
    (
        "children",
        "Children First Libya",
        "الأطفال أولاً - ليبيا",
        "Les enfants d'abord Libye",
        "external",
        None,
        "national_ngo",
        "",
    ),
    (
        "legal",
        "Legal Aid Libya",
        "العون القانوني - ليبيا",
        "Aide juridique Libye",
        "external",
        None,
        "national_ngo",
        "+218 21 000 0003",
    ),
]

# provider, unit (agency, code) or None, need, English, Arabic, French, baladiya P-code, sex, age range, hours
SERVICES = [
    (
        "iom",
        ("iom", "mhpss"),
        "mhpss",
        "Psychosocial counselling Tripoli",
        "الإرشاد النفسي الاجتماعي طرابلس",
        "Conseil psychosocial Tripoli",
        "LY021104",
        "any",
        (None, None),
        "Sun–Thu 09:00–15:00",
    ),
    (
        "iom",
        ("iom", "protection"),
        "protection_general",
        "Protection case management Tripoli",
        "إدارة حالات الحماية طرابلس",
        "Gestion de cas de protection Tripoli",
        "LY021104",
        "any",
        (None, None),
        "Sun–Thu 09:00–16:00",
    ),
    (
        "iom",
        ("iom", "vhr"),
        "vhr",
        "Voluntary humanitarian return desk",
        "مكتب العودة الإنسانية الطوعية",
        "Guichet retour humanitaire volontaire",
        "LY021104",
        "any",
        (None, None),
        "Sun–Thu 09:00–14:00",
    ),
    (
        "iom",
        ("iom", "health"),
        "health_primary",
        "Mobile clinic Misrata",
        "العيادة المتنقلة مصراتة",
        "Clinique mobile Misrata",
        "LY021401",
        "any",
        (None, None),
        "Mon, Wed 09:00–13:00",
    ),
    (
        "medics",
        ("medics", "health"),
        "health_psychiatric",
        "Psychiatric outpatient clinic Tripoli",
        "العيادة النفسية الخارجية طرابلس",
        "Consultation psychiatrique Tripoli",
        "LY021104",
        "any",
        (16, None),
        "Sun–Thu 08:00–14:00",
    ),
    (
        "medics",
        ("medics", "health"),
        "health_primary",
        "Primary health clinic Sabha",
        "عيادة الرعاية الأولية سبها",
        "Centre de soins primaires Sebha",
        "LY031901",
        "any",
        (None, None),
        "Sat–Thu 08:00–14:00",
    ),
    (
        "unp",
        ("un-protection", "protection"),
        "protection_gbv",
        "GBV case management Tripoli",
        "إدارة حالات العنف القائم على النوع الاجتماعي طرابلس",
        "Gestion des cas de VBG Tripoli",
        "LY021104",
        "F",
        (None, None),
        "Sun–Thu 09:00–15:00",
    ),
    (
        "hospital",
        None,
        "health_psychiatric",
        "Psychiatric emergency ward Sabha",
        "قسم الطوارئ النفسية سبها",
        "Urgences psychiatriques Sebha",
        "LY031901",
        "any",
        (None, None),
        "24/7",
    ),
    (
        "safe-space",
        None,
        "protection_gbv",
        "Women and girls safe space Benghazi",
        "المساحة الآمنة للنساء والفتيات بنغازي",
        "Espace sûr femmes et filles Benghazi",
        "LY010304",
        "F",
        (None, None),
        "Sat–Thu 10:00–16:00",
    ),
    (
        "children",
        None,
        "protection_child",
        "Child protection and family tracing Zwara",
        "حماية الطفل والبحث عن الأسر زوارة",
        "Protection de l'enfance et recherche familiale Zouara",
        "LY021503",
        "any",
        (0, 17),
        "Sun–Thu 09:00–14:00",
    ),
    (
        "legal",
        None,
        "protection_legal",
        "Legal counselling Tripoli",
        "الاستشارة القانونية طرابلس",
        "Conseil juridique Tripoli",
        "LY021104",
        "any",
        (None, None),
        "Sun–Wed 10:00–14:00",
    ),
]

# need, place P-code or None, English, Arabic, [service English names in order]
PATHWAYS = [
    (
        "protection_gbv",
        "LY021104",
        "Survivor of GBV in Tripoli",
        "ناجية من العنف القائم على النوع الاجتماعي في طرابلس",
        ["GBV case management Tripoli", "Psychosocial counselling Tripoli"],
    ),
    (
        "health_psychiatric",
        "LY031901",
        "Psychiatric emergency in Sabha",
        "طوارئ نفسية في سبها",
        ["Psychiatric emergency ward Sabha", "Primary health clinic Sabha"],
    ),
    (
        "health_psychiatric",
        None,
        "Psychiatric care (nationwide)",
        "الرعاية النفسية (على المستوى الوطني)",
        ["Psychiatric outpatient clinic Tripoli", "Psychosocial counselling Tripoli"],
    ),
]


def demo_seed_referrals(*, report) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    providers = {}
    for code, en, ar, fr, kind, agency_code, org_type, phone in PROVIDERS:
        provider = ServiceProvider.objects.filter(name_en=en).first()
        if provider is None:
            provider = service_provider_create(
                actor=admin,
                data={
                    "name_en": en,
                    "name_ar": ar,
                    "name_fr": fr,
                    "kind": kind,
                    "organisation_type": org_type,
                    "agency": Agency.objects.filter(code=agency_code).first() if agency_code else None,
                    "contact_phone": phone,
                    "contact_is_public": bool(phone),
                    "contact_email": f"referrals@{code}.example.org" if kind == "external" else "",
                },
            )
            report.count("service providers")
        providers[code] = provider
    services = {}
    for code, unit_key, need, en, ar, fr, pcode, sex, (age_min, age_max), hours in SERVICES:
        service = ReferralService.objects.filter(name_en=en).first()
        place = AdminUnit.objects.filter(pcode=pcode).first()
        if service is None and place is not None:
            unit = (
                Unit.objects.filter(agency__code=unit_key[0], code=unit_key[1]).first() if unit_key else None
            )
            service = referral_service_create(
                actor=admin,
                data={
                    "name_en": en,
                    "name_ar": ar,
                    "name_fr": fr,
                    "need": need,
                    "provider": providers[code],
                    "unit": unit,
                    "admin_unit": place,
                    "eligible_sex": sex,
                    "age_min": age_min,
                    "age_max": age_max,
                    "opening_hours": hours,
                    "languages": ["ar", "en"] + (["fr"] if code in ("iom", "medics") else []),
                },
            )
            report.count("services")
        if service is not None:
            services[en] = service
    for need, pcode, en, ar, names in PATHWAYS:
        if ReferralPathway.objects.filter(name_en=en).exists():
            continue
        chosen = [services[n] for n in names if n in services]
        if chosen:
            referral_pathway_save(
                actor=admin,
                need=need,
                admin_unit=AdminUnit.objects.filter(pcode=pcode).first() if pcode else None,
                name_en=en,
                name_ar=ar,
                services=chosen,
            )
            report.count("referral pathways")
    _seed_referrals(report, services)


def _seed_referrals(report, services) -> None:
    if Referral.objects.exists():
        return
    caseworker = User.objects.filter(username="caseworker").first()
    partner = User.objects.filter(username="partner_caseworker").first()
    people = list(
        Person.objects.filter(status=Person.Status.ACTIVE, team__code="mrrm-tripoli-1").order_by("pk")[:4]
    )
    psychiatric = services.get("Psychiatric outpatient clinic Tripoli")
    if caseworker is None or partner is None or len(people) < 4 or psychiatric is None:
        return
    common = {"actor": caseworker, "consent_given": True}
    completed = referral_send(
        person=people[0],
        service=psychiatric,
        reason="Persistent insomnia and flashbacks after detention.",
        urgency="urgent",
        needs=["health_psychiatric"],
        shared_fields=["full_name"],
        **common,
    )
    referral_accept(actor=partner, referral=completed, note="Appointment on Sunday 10:00")
    referral_complete(
        actor=partner, referral=completed, outcome="Assessed; medication and monthly follow-up."
    )
    received = referral_send(
        person=people[1],
        service=psychiatric,
        reason="Screening shows severe distress.",
        urgency="routine",
        needs=["health_psychiatric"],
        **common,
    )
    referral_receive(actor=partner, referral=received)
    declined = referral_send(
        person=people[2],
        service=psychiatric,
        reason="Needs a psychiatric review.",
        urgency="routine",
        needs=["health_psychiatric"],
        **common,
    )
    referral_decline(actor=partner, referral=declined, reason="Outside our catchment: refer to Sabha.")
    legal = services.get("Legal counselling Tripoli")
    if legal is not None:
        referral_send(
            person=people[3],
            service=legal,
            reason="Lost passport; needs legal counselling.",
            urgency="routine",
            needs=["protection_legal"],
            **common,
        )
    counselling = services.get("Psychosocial counselling Tripoli")
    if counselling is not None:
        referral_send(
            person=people[3],
            service=counselling,
            reason="Suicidal thoughts reported at the site.",
            urgency="emergency",
            needs=["mhpss"],
            actor=caseworker,
        )
    report.count("referrals")
