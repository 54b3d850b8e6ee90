"""Complaint narratives and ticket notes encrypted at rest; existing plain text is encrypted."""

from django.db import migrations

import sanad.core.fields
from sanad.core.fields import encrypt_rows_operation

FIELDS = [
    ("ticket", "description"),
    ("ticket", "resolution"),
    ("ticket", "satisfaction_comment"),
    ("ticketevent", "note"),
]


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_ticket_distribution")]

    operations = [
        migrations.AlterField(
            model_name="ticket",
            name="description",
            field=sanad.core.fields.EncryptedTextField(verbose_name="what the person said"),
        ),
        migrations.AlterField(
            model_name="ticket",
            name="resolution",
            field=sanad.core.fields.EncryptedTextField(
                blank=True, verbose_name="response given to the person"
            ),
        ),
        migrations.AlterField(
            model_name="ticket",
            name="satisfaction_comment",
            field=sanad.core.fields.EncryptedTextField(blank=True, verbose_name="satisfaction comment"),
        ),
        migrations.AlterField(
            model_name="ticketevent",
            name="note",
            field=sanad.core.fields.EncryptedTextField(blank=True, verbose_name="note"),
        ),
        encrypt_rows_operation("feedback", FIELDS),
    ]
