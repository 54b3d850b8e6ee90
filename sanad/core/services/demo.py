"""Demo data: agencies, units, teams, sites and one user per role, for `make demo`.

Safe to run again: every object is looked up by its code (or username) first and only created
when missing, through the same services the UI uses, so each creation is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from sanad.core.context import Origin, origin
from sanad.core.models import Agency, Team, TeamMembership, Unit, User
from sanad.core.permissions import ROLES
from sanad.core.registration import demo_seeders, resolve
from sanad.core.services.organisation import agency_create, team_add_member, team_create, unit_create
from sanad.core.services.users import user_create, user_create_first_admin
from sanad.geo.models import AdminUnit, Site
from sanad.geo.services.sites import site_create

DEMO_PASSWORD = "Sanad-Demo-2026!"  # noqa: S105 — demo only; printed by `sanad demo_logins`
ADMIN_USERNAME = "admin"

AGENCIES = [
    ("iom", "IOM Libya", "المنظمة الدولية للهجرة - ليبيا", "OIM Libye", Agency.Kind.UN_AGENCY),
    (
        "medics",
        "Medical NGO (partner)",
        "منظمة طبية (شريك)",
        "ONG médicale (partenaire)",
        Agency.Kind.INTERNATIONAL_NGO,
    ),
    (
        "un-protection",
        "UN protection agency (partner)",
        "وكالة حماية أممية (شريك)",
        "Agence de protection de l'ONU (partenaire)",
        Agency.Kind.UN_AGENCY,
    ),
]

UNITS = [
    ("iom", "mrrm", Unit.Kind.MRRM, "MRRM", "آلية الاستجابة وموارد المهاجرين", "MRRM"),
    ("iom", "mhpss", Unit.Kind.MHPSS, "MHPSS", "الصحة النفسية والدعم النفسي الاجتماعي", "SMSPS"),
    ("iom", "protection", Unit.Kind.PROTECTION, "Protection", "الحماية", "Protection"),
    (
        "iom",
        "child-protection",
        Unit.Kind.CHILD_PROTECTION,
        "Child protection",
        "حماية الطفل",
        "Protection de l'enfance",
    ),
    (
        "iom",
        "vhr",
        Unit.Kind.VHR,
        "Voluntary humanitarian return",
        "العودة الإنسانية الطوعية",
        "Retour humanitaire volontaire",
    ),
    ("iom", "health", Unit.Kind.HEALTH, "Health", "الصحة", "Santé"),
    ("iom", "dtm", Unit.Kind.DTM, "DTM", "مصفوفة تتبع النزوح", "DTM"),
    ("iom", "logistics", Unit.Kind.LOGISTICS, "Logistics", "اللوجستيات", "Logistique"),
    ("iom", "cash", Unit.Kind.CASH, "Cash", "المساعدات النقدية", "Transferts monétaires"),
    ("iom", "me", Unit.Kind.MONITORING_EVALUATION, "M&E", "الرصد والتقييم", "Suivi et évaluation"),
    ("iom", "helpline", Unit.Kind.HELPLINE, "Helpline", "الخط الساخن", "Ligne d'assistance"),
    ("iom", "administration", Unit.Kind.ADMINISTRATION, "Administration", "الإدارة", "Administration"),
    ("medics", "health", Unit.Kind.HEALTH, "Health", "الصحة", "Santé"),
    ("un-protection", "protection", Unit.Kind.PROTECTION, "Protection", "الحماية", "Protection"),
]

# (agency, unit, code, name, base baladiya P-code)
TEAMS = [
    ("iom", "mrrm", "mrrm-tripoli-1", "MRRM mobile team Tripoli 1", "LY021104"),
    ("iom", "mrrm", "mrrm-misrata-1", "MRRM mobile team Misrata 1", "LY021401"),
    ("iom", "mrrm", "mrrm-sebha-1", "MRRM mobile team Sebha 1", "LY031901"),
    ("iom", "mrrm", "mrrm-benghazi-1", "MRRM mobile team Benghazi 1", "LY010304"),
    ("iom", "mrrm", "mrrm-zwara-1", "MRRM mobile team Zwara 1", "LY021503"),
    ("iom", "mhpss", "mhpss-tripoli-1", "MHPSS mobile team Tripoli 1", "LY021104"),
    ("iom", "health", "health-tripoli-1", "Mobile medical team Tripoli 1", "LY021104"),
    ("iom", "protection", "protection-tripoli", "Protection team Tripoli", "LY021104"),
    ("iom", "vhr", "vhr-tripoli", "VHR team Tripoli", "LY021104"),
    ("iom", "helpline", "helpline", "Helpline", "LY021104"),
    ("iom", "dtm", "dtm-west", "DTM West", "LY021104"),
    ("iom", "logistics", "logistics-tripoli", "Tripoli warehouse", "LY021104"),
    ("iom", "cash", "cash", "Cash team", "LY021104"),
    ("iom", "me", "me", "M&E and information management", "LY021104"),
    ("iom", "administration", "administration", "Administration", "LY021104"),
    ("medics", "health", "medics-clinic-tripoli", "Partner clinic Tripoli", "LY021104"),
    ("un-protection", "protection", "unp-tripoli", "Partner protection desk Tripoli", "LY021104"),
]

# role -> (agency, team code, function, sensitive access)
F = TeamMembership.Function
ROLE_USERS = {
    "caseworker": ("iom", "mrrm-tripoli-1", F.CASEWORKER, False),
    "team_leader": ("iom", "mrrm-tripoli-1", F.TEAM_LEADER, False),
    "medical": ("iom", "health-tripoli-1", F.DOCTOR, True),
    "mhpss_officer": ("iom", "mhpss-tripoli-1", F.PSYCHOLOGIST, True),
    "protection_caseworker": ("iom", "protection-tripoli", F.PROTECTION_OFFICER, True),
    "vhr_officer": ("iom", "vhr-tripoli", F.CASEWORKER, False),
    "helpline_operator": ("iom", "helpline", F.OTHER, False),
    "logistics_officer": ("iom", "logistics-tripoli", F.OTHER, False),
    "cash_officer": ("iom", "cash", F.OTHER, False),
    "dtm_officer": ("iom", "dtm-west", F.OTHER, False),
    "me_officer": ("iom", "me", F.OTHER, False),
    "partner_caseworker": ("medics", "medics-clinic-tripoli", F.CASEWORKER, False),
    "psea_focal_point": ("iom", "administration", F.OTHER, True),
    "data_protection_officer": ("iom", "administration", F.OTHER, True),
    "auditor": ("iom", "administration", F.OTHER, False),
    "agency_admin": ("medics", "medics-clinic-tripoli", F.OTHER, True),
}

# Further demo users beyond one per role: username -> (role, agency, team code, function).
EXTRA_USERS = {
    "caseworker-zwara": ("caseworker", "iom", "mrrm-zwara-1", F.CASEWORKER),
    "team-leader-zwara": ("team_leader", "iom", "mrrm-zwara-1", F.TEAM_LEADER),
    # The helpline's supervisor: escalations and the "supervisor cannot see a PSEA complaint" rule.
    "team-leader-helpline": ("team_leader", "iom", "helpline", F.TEAM_LEADER),
    # The MHPSS team's supervisor: the psychologist's safety alerts and case closures go to them.
    "team-leader-mhpss": ("team_leader", "iom", "mhpss-tripoli-1", F.TEAM_LEADER),
    # A second cash officer: a cash plan's finance approval must come from someone else than its author.
    "cash-officer-finance": ("cash_officer", "iom", "cash", F.OTHER),
}

# (type, English name, Arabic name, baladiya P-code, latitude, longitude)
SITES = [
    (
        Site.Type.MRRM_BASE,
        "IOM MRRM base Tripoli",
        "قاعدة آلية الاستجابة طرابلس",
        "LY021104",
        "32.8872",
        "13.1913",
    ),
    (
        Site.Type.DETENTION_CENTRE,
        "Tripoli detention centre (demo)",
        "مركز احتجاز طرابلس (تجريبي)",
        "LY021104",
        "32.8660",
        "13.2130",
    ),
    (
        Site.Type.DISEMBARKATION_POINT,
        "Tripoli port disembarkation point",
        "نقطة إنزال ميناء طرابلس",
        "LY021104",
        "32.9040",
        "13.1830",
    ),
    (
        Site.Type.URBAN_COMMUNITY,
        "Gargaresh urban community",
        "مجتمع قرقارش الحضري",
        "LY021106",
        "32.8580",
        "13.1200",
    ),
    (
        Site.Type.DISEMBARKATION_POINT,
        "Zwara disembarkation point",
        "نقطة إنزال زوارة",
        "LY021503",
        "32.9330",
        "12.0820",
    ),
    (
        Site.Type.SHELTER,
        "Misrata collective shelter (demo)",
        "مأوى جماعي مصراتة (تجريبي)",
        "LY021401",
        "32.3750",
        "15.0920",
    ),
    (
        Site.Type.HEALTH_FACILITY,
        "Sebha primary health centre (demo)",
        "مركز الرعاية الأولية سبها (تجريبي)",
        "LY031901",
        "27.0380",
        "14.4280",
    ),
    (
        Site.Type.FLOW_MONITORING_POINT,
        "Ghat flow-monitoring point",
        "نقطة رصد التدفق غات",
        "LY032101",
        "24.9640",
        "10.1760",
    ),
    (
        Site.Type.MRRM_BASE,
        "IOM MRRM base Benghazi",
        "قاعدة آلية الاستجابة بنغازي",
        "LY010304",
        "32.1160",
        "20.0680",
    ),
    (
        Site.Type.BORDER_CROSSING,
        "Alkufra border area (demo)",
        "منطقة حدود الكفرة (تجريبي)",
        "LY010701",
        "24.1830",
        "23.2900",
    ),
]


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def _bootstrap_admin(report: SeedReport) -> User:
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = user_create_first_admin(
            username=ADMIN_USERNAME, password=DEMO_PASSWORD, email="admin@example.org"
        )
        report.count("users")
    return admin


@transaction.atomic
def demo_seed() -> SeedReport:
    """Seed the demo through the same services as the pages, audited like their writes (from the
    command line)."""
    with origin(Origin(channel="cli")):
        return _demo_seed()


def _demo_seed() -> SeedReport:
    report = SeedReport()
    admin = _bootstrap_admin(report)

    agencies = {}
    for code, name_en, name_ar, name_fr, kind in AGENCIES:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            agency = agency_create(
                actor=admin, code=code, name_en=name_en, name_ar=name_ar, name_fr=name_fr, kind=kind
            )
            report.count("agencies")
        agencies[code] = agency

    units = {}
    for agency_code, code, kind, name_en, name_ar, name_fr in UNITS:
        agency = agencies[agency_code]
        unit = Unit.objects.filter(agency=agency, code=code).first()
        if unit is None:
            unit = unit_create(
                actor=admin,
                agency=agency,
                code=code,
                kind=kind,
                name_en=name_en,
                name_ar=name_ar,
                name_fr=name_fr,
            )
            report.count("units")
        units[(agency_code, code)] = unit

    admin_units = {
        a.pcode: a for a in AdminUnit.objects.filter(pcode__in={t[4] for t in TEAMS} | {s[3] for s in SITES})
    }
    teams = {}
    for agency_code, unit_code, code, name, pcode in TEAMS:
        team = Team.objects.filter(agency=agencies[agency_code], code=code).first()
        if team is None:
            team = team_create(
                actor=admin,
                unit=units[(agency_code, unit_code)],
                code=code,
                name=name,
                is_mobile=unit_code in {"mrrm", "mhpss", "health"},
                base_admin_unit=admin_units.get(pcode),
            )
            report.count("teams")
        teams[code] = team

    for site_type, name_en, name_ar, pcode, latitude, longitude in SITES:
        if pcode in admin_units and not Site.objects.filter(name_en=name_en).exists():
            site_create(
                actor=admin,
                site_type=site_type,
                name_en=name_en,
                name_ar=name_ar,
                admin_unit=admin_units[pcode],
                latitude=latitude,
                longitude=longitude,
            )
            report.count("sites")

    for role, (agency_code, team_code, function, sensitive) in ROLE_USERS.items():
        if User.objects.filter(username=role).exists():
            continue
        team = teams[team_code]
        created = user_create(
            actor=admin,
            username=role,
            first_name="Demo",
            last_name=str(ROLES[role].label),
            email=f"{role}@example.org",
            agency=agencies[agency_code],
            units=[team.unit],
            roles=[role],
            sensitive_access=sensitive,
            password=DEMO_PASSWORD,
        )
        team_add_member(actor=admin, team=team, user=created.user, function=function)
        report.count("users")
    for username, (role, agency_code, team_code, function) in EXTRA_USERS.items():
        if User.objects.filter(username=username).exists():
            continue
        team = teams[team_code]
        created = user_create(
            actor=admin,
            username=username,
            first_name="Demo",
            last_name=f"{ROLES[role].label} ({team.name})",
            email=f"{username}@example.org",
            agency=agencies[agency_code],
            units=[team.unit],
            roles=[role],
            sensitive_access=False,
            password=DEMO_PASSWORD,
        )
        team_add_member(actor=admin, team=team, user=created.user, function=function)
        report.count("users")
    # Each programme module seeds its own demo data (``demo_seeder`` on its app config), after the
    # modules it builds on. A seeder takes ``report=`` and is idempotent: a second run creates nothing.
    for seeder in demo_seeders():
        resolve(seeder.run)(report=report)
    return report


def demo_logins() -> list[tuple[str, str, bool]]:
    """(username, role label, requires 2FA) for every demo user that exists."""
    rows = []
    usernames = [ADMIN_USERNAME, *ROLE_USERS, *EXTRA_USERS]
    users = {u.username: u for u in User.objects.filter(username__in=usernames).prefetch_related("roles")}
    for username in usernames:
        user = users.get(username)
        if user is None:
            continue
        roles = list(user.roles.all())
        label = ", ".join(str(r) for r in roles)
        rows.append((username, label, any(r.requires_2fa for r in roles)))
    return rows
