from django.db import migrations, models
from django.db.models import Q

# Frozen here: the values at the time of this migration.
SENSITIVE_CASE_TYPES = ["gbv", "vot", "child_protection"]
SENSITIVE_SERVICE_TYPES = ["psychiatric_consultation"]


def mark_sensitive_services(apps, schema_editor):
    ServiceDelivery = apps.get_model("cases", "ServiceDelivery")
    ServiceDelivery.objects.filter(
        Q(service_type__in=SENSITIVE_SERVICE_TYPES)
        | Q(case__sensitive=True)
        | Q(case__case_type__in=SENSITIVE_CASE_TYPES)
    ).update(sensitive=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_source_assessment"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicedelivery",
            name="sensitive",
            field=models.BooleanField(
                default=False,
                help_text="Seen only by who delivered it, their team leader and those who may see its case.",
                verbose_name="sensitive",
            ),
        ),
        migrations.RunPython(mark_sensitive_services, migrations.RunPython.noop),
    ]
