"""Receipt lines recorded for one person at an individual distribution did not carry the
person's household, so per-household entitlement rules did not count them. Fill it in."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_households(apps, schema_editor):
    Line = apps.get_model("assistance", "DistributionReceiptLine")
    Person = apps.get_model("registry", "Person")
    Line.objects.filter(household__isnull=True, person__isnull=False, person__household__isnull=False).update(
        household=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("household_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_catalogue_stock_distributions_cash_pdm")]

    operations = [migrations.RunPython(fill_households, migrations.RunPython.noop)]
