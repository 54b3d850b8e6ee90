"""Entitlement rules get names in English, Arabic and French (the existing name becomes the English
one); the demo rules seeded before this get their Arabic and French names."""

from django.db import migrations, models

# A snapshot of the demo rules' names (sanad.assistance.demo.RULE_NAMES) when this was written.
DEMO_RULE_NAMES = [
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


def name_demo_rules(apps, schema_editor):
    EntitlementRule = apps.get_model("assistance", "EntitlementRule")
    for en, ar, fr in DEMO_RULE_NAMES:
        # Only rules nobody has translated yet: a name someone typed is never overwritten.
        EntitlementRule.objects.filter(name_en=en, name_ar="", name_fr="").update(name_ar=ar, name_fr=fr)


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0002_receipt_lines_carry_the_household"),
    ]

    operations = [
        migrations.RenameField(model_name="entitlementrule", old_name="name", new_name="name_en"),
        migrations.AlterField(
            model_name="entitlementrule",
            name="name_en",
            field=models.CharField(max_length=200, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="entitlementrule",
            name="name_ar",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (Arabic)"),
        ),
        migrations.AddField(
            model_name="entitlementrule",
            name="name_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (French)"),
        ),
        migrations.AlterModelOptions(
            name="entitlementrule",
            options={"ordering": ["item__code", "name_en"], "verbose_name": "entitlement rule"},
        ),
        migrations.RunPython(name_demo_rules, migrations.RunPython.noop),
    ]
