"""Demo data for assistance: the catalogue with kits, entitlement rules, the Tripoli base warehouse
with receipts, stock dispatched to the Tripoli and Sebha team stores, an open distribution, an FSP
and a cash plan awaiting approval.

Idempotent: every object is looked up by its code (or title) first and created only once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sanad.assistance.models import (
    CashPlan,
    Distribution,
    EntitlementRule,
    FinancialServiceProvider,
    Item,
    Store,
)
from sanad.assistance.services.cash import (
    cash_plan_build_list,
    cash_plan_create,
    cash_plan_submit,
    fsp_create,
)
from sanad.assistance.services.configuration import store_set_thresholds
from sanad.assistance.services.distributions import distribution_create, distribution_open
from sanad.assistance.services.entitlements import entitlement_rule_create
from sanad.assistance.services.stock import (
    item_create,
    stock_receive,
    store_create,
    transfer_dispatch,
    transfer_receive,
)
from sanad.core.models import Agency, Team, Unit, User
from sanad.geo.models import Site
from sanad.registry.models import Person

# code, English, Arabic, French, category, unit of measure
ITEMS = [
    ("soap", "Soap bar", "قطعة صابون", "Savon", "hygiene", "piece"),
    ("toothbrush", "Toothbrush", "فرشاة أسنان", "Brosse à dents", "hygiene", "piece"),
    ("toothpaste", "Toothpaste", "معجون أسنان", "Dentifrice", "hygiene", "piece"),
    (
        "sanitary_pads",
        "Sanitary pads (pack)",
        "فوط صحية (عبوة)",
        "Serviettes hygiéniques (paquet)",
        "hygiene",
        "box",
    ),
    ("underwear", "Underwear", "ملابس داخلية", "Sous-vêtements", "hygiene", "set"),
    ("blanket", "Blanket", "بطانية", "Couverture", "nfi", "piece"),
    ("thermal_blanket", "Thermal blanket", "بطانية حرارية", "Couverture de survie", "nfi", "piece"),
    ("mattress", "Mattress", "فرشة", "Matelas", "shelter", "piece"),
    ("tarpaulin", "Tarpaulin", "مشمع", "Bâche", "shelter", "piece"),
    ("life_jacket", "Life jacket", "سترة نجاة", "Gilet de sauvetage", "nfi", "piece"),
    ("clothing_set", "Clothing set", "طقم ملابس", "Kit de vêtements", "nfi", "set"),
    ("footwear", "Footwear", "حذاء", "Chaussures", "nfi", "pair"),
    ("ready_to_eat_kit", "Ready-to-eat kit", "حقيبة أغذية جاهزة", "Kit prêt-à-manger", "food", "kit"),
    ("food_kit", "Food kit (one month)", "سلة غذائية (شهر)", "Kit alimentaire (un mois)", "food", "kit"),
]
# code, English, Arabic, French, category, contents
KITS = [
    (
        "hygiene_kit",
        "Hygiene kit",
        "حقيبة النظافة الشخصية",
        "Kit d'hygiène",
        "hygiene",
        [("soap", 4), ("toothbrush", 1), ("toothpaste", 1)],
    ),
    (
        "dignity_kit",
        "Dignity kit",
        "حقيبة الكرامة",
        "Kit de dignité",
        "hygiene",
        [("sanitary_pads", 3), ("underwear", 2), ("soap", 2)],
    ),
    (
        "nfi_kit",
        "NFI kit",
        "حقيبة مواد غير غذائية",
        "Kit d'articles non alimentaires",
        "nfi",
        [("blanket", 2), ("mattress", 1), ("clothing_set", 1)],
    ),
]
RECEIPTS = [  # item, quantity, batch, expiry (days from today) or None
    ("hygiene_kit", 600, "HK-2026-11", 540),
    ("dignity_kit", 300, "DK-2026-11", 540),
    ("food_kit", 200, "FK-2026-10", 45),
    ("ready_to_eat_kit", 400, "RTE-2026-09", 120),
    ("blanket", 800, "", None),
    ("thermal_blanket", 500, "", None),
    ("life_jacket", 150, "", None),
    ("nfi_kit", 120, "", None),
]


def _user(username):
    return User.objects.filter(username=username).first()


# The demo entitlement rules' names in English, Arabic and French (migration 0003 fills the same
# names into rules seeded before rules had names in three languages).
RULE_NAMES = {
    en: {"name_en": en, "name_ar": ar, "name_fr": fr}
    for en, ar, fr in [
        (
            "Hygiene kit: one per person every 30 days",
            "حقيبة نظافة: واحدة لكل شخص كل 30 يومًا",
            "Kit d'hygiène : un par personne tous les 30 jours",
        ),
        (
            "Dignity kit: women and girls 12–49, every 90 days",
            "حقيبة الكرامة: للنساء والفتيات من 12 إلى 49 عامًا، كل 90 يومًا",
            "Kit de dignité : femmes et filles de 12 à 49 ans, tous les 90 jours",
        ),
        (
            "Food kit by household size, monthly",
            "سلة غذائية حسب حجم الأسرة، شهريًا",
            "Kit alimentaire selon la taille du ménage, chaque mois",
        ),
        (
            "Blanket: one per person every 180 days",
            "بطانية: واحدة لكل شخص كل 180 يومًا",
            "Couverture : une par personne tous les 180 jours",
        ),
    ]
}


@transaction.atomic
def demo_seed_assistance(*, report=None) -> None:
    logistics, leader, cash_officer = _user("logistics_officer"), _user("team_leader"), _user("cash_officer")
    iom = Agency.objects.filter(code="iom").first()
    if not (logistics and leader and cash_officer and iom):
        return  # the organisation seeder did not run
    items = {i.code: i for i in Item.objects.all()}
    for code, en, ar, fr, category, uom in ITEMS:
        if code not in items:
            items[code] = item_create(
                actor=logistics,
                code=code,
                name_en=en,
                name_ar=ar,
                name_fr=fr,
                category=category,
                unit_of_measure=uom,
            )
            report and report.count("items")
    for code, en, ar, fr, category, contents in KITS:
        if code not in items:
            items[code] = item_create(
                actor=logistics,
                code=code,
                name_en=en,
                name_ar=ar,
                name_fr=fr,
                category=category,
                unit_of_measure="kit",
                components=[(items[c], q) for c, q in contents],
            )
            report and report.count("items")

    for names in RULE_NAMES.values():  # rules seeded when they had an English name only
        rule = EntitlementRule.objects.filter(name_en=names["name_en"], name_ar="", name_fr="").first()
        if rule is not None:
            rule.name_ar, rule.name_fr = names["name_ar"], names["name_fr"]
            rule.save(update_fields=["name_ar", "name_fr", "updated_at"])
    if not EntitlementRule.objects.exists():
        entitlement_rule_create(
            actor=logistics,
            **RULE_NAMES["Hygiene kit: one per person every 30 days"],
            item=items["hygiene_kit"],
            basis="person",
            quantity=1,
            period_days=30,
        )
        entitlement_rule_create(
            actor=logistics,
            **RULE_NAMES["Dignity kit: women and girls 12–49, every 90 days"],
            item=items["dignity_kit"],
            basis="person",
            quantity=1,
            period_days=90,
            sex="F",
            age_min=12,
            age_max=49,
        )
        entitlement_rule_create(
            actor=logistics,
            **RULE_NAMES["Food kit by household size, monthly"],
            item=items["food_kit"],
            basis="household",
            quantity=1,
            period_days=30,
            bands=[(1, 3, 1), (4, 6, 2), (7, None, 3)],
        )
        entitlement_rule_create(
            actor=logistics,
            **RULE_NAMES["Blanket: one per person every 180 days"],
            item=items["blanket"],
            basis="person",
            quantity=1,
            period_days=180,
        )

    if Store.objects.filter(code="tripoli-base").exists():
        return
    teams = {t.code: t for t in Team.objects.filter(agency=iom)}
    logistics_unit = Unit.objects.filter(agency=iom, code="logistics").first()
    base_site = Site.objects.filter(site_type=Site.Type.MRRM_BASE).first()
    base = store_create(
        actor=logistics,
        code="tripoli-base",
        name_en="Tripoli base warehouse",
        name_ar="مستودع قاعدة طرابلس",
        name_fr="Entrepôt de la base de Tripoli",
        kind="warehouse",
        agency=iom,
        unit=logistics_unit,
        site=base_site,
        logistics_officer=logistics,
    )
    stores = {"tripoli-base": base}
    for code, team_code, en, ar, kind in [
        (
            "mrrm-tripoli-1-store",
            "mrrm-tripoli-1",
            "MRRM Tripoli 1 vehicle",
            "مركبة فريق طرابلس 1",
            "team_store",
        ),
        ("mrrm-sebha-1-store", "mrrm-sebha-1", "MRRM Sebha team store", "مخزن فريق سبها", "team_store"),
        (
            "misrata-prepositioning",
            None,
            "Misrata pre-positioning site",
            "موقع التخزين المسبق مصراتة",
            "prepositioning",
        ),
    ]:
        team = teams.get(team_code) if team_code else None
        stores[code] = store_create(
            actor=logistics,
            code=code,
            name_en=en,
            name_ar=ar,
            kind=kind,
            agency=iom,
            team=team,
            unit=team.unit if team else logistics_unit,
            logistics_officer=logistics,
        )
        report and report.count("stores")
    today = timezone.localdate()
    for code, quantity, batch, days in RECEIPTS:
        stock_receive(
            actor=logistics,
            store=base,
            item=items[code],
            quantity=quantity,
            batch=batch,
            expiry_date=today + datetime.timedelta(days=days) if days else None,
            donor="ECHO",
            project="MRRM 2026",
            supplier="Tripoli Relief Supplies",
        )
        report and report.count("stock receipts")
    for store_code in ("mrrm-tripoli-1-store", "mrrm-sebha-1-store"):
        transfer = transfer_dispatch(
            actor=logistics,
            from_store=base,
            to_store=stores[store_code],
            lines=[
                (items["hygiene_kit"], 120),
                (items["dignity_kit"], 60),
                (items["blanket"], 150),
                (items["food_kit"], 40),
            ],
        )
        transfer_receive(actor=logistics, transfer=transfer)
    transfer_dispatch(
        actor=logistics,
        from_store=base,
        to_store=stores["misrata-prepositioning"],
        lines=[(items["nfi_kit"], 60), (items["ready_to_eat_kit"], 100)],
    )  # left in transit
    store_set_thresholds(
        actor=logistics,
        store=stores["tripoli-base"],
        minimums={items["hygiene_kit"]: 200, items["food_kit"]: 180},
    )
    store_set_thresholds(
        actor=logistics, store=stores["mrrm-sebha-1-store"], minimums={items["hygiene_kit"]: 150}
    )

    team = teams.get("mrrm-tripoli-1")
    if team and not Distribution.objects.exists():
        site = Site.objects.filter(site_type=Site.Type.URBAN_COMMUNITY).first()
        distribution = distribution_create(
            actor=leader,
            title="Hygiene and dignity kits — Gargaresh",
            date=today,
            modality="individual",
            store=stores["mrrm-tripoli-1-store"],
            team=team,
            site=site,
        )
        distribution_open(actor=leader, distribution=distribution)
        report and report.count("distributions")

    if not FinancialServiceProvider.objects.exists():
        fsp = fsp_create(
            actor=cash_officer,
            code="libya-post",
            name="Libya Post (demo)",
            agency=iom,
            export_format="xlsx",
            columns=[
                "payment_id",
                "plan_reference",
                "person_reference",
                "full_name",
                "full_name_ar",
                "phone",
                "document_number",
                "household_size",
                "amount",
                "currency",
            ],
        )
        fsp_create(
            actor=cash_officer,
            code="mobile-wallet",
            name="Mobile wallet (demo)",
            agency=iom,
            export_format="csv",
            columns=["payment_id", "phone", "full_name", "amount", "currency"],
        )
        mrrm = Unit.objects.filter(agency=iom, code="mrrm").first()
        if mrrm and not CashPlan.objects.exists():
            plan = cash_plan_create(
                actor=cash_officer,
                title="Multi-purpose cash — Tripoli",
                cycle=today.strftime("%Y-%m"),
                fsp=fsp,
                unit=mrrm,
                target="household",
                amount_basis="household_size",
                bands=[(1, 2, "350.000"), (3, 5, "550.000"), (6, None, "750.000")],
            )
            people = Person.objects.filter(status=Person.Status.ACTIVE, agency=iom)
            if people.exists():
                cash_plan_build_list(actor=cash_officer, plan=plan, people=people)
                cash_plan_submit(actor=cash_officer, plan=plan)
            report and report.count("cash plans")
