import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    for name in ("CaseGoal", "CaseAction"):
        model = apps.get_model("cases", name)
        for row in model.objects.filter(uuid__isnull=True).only("pk"):
            row.uuid = uuid.uuid4()
            row.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_plans_followups_notes_services")]

    operations = [
        migrations.AddField(model_name="casegoal", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.AddField(model_name="caseaction", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="casegoal",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="caseaction",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
