"""Complaint narratives and ticket notes encrypted at rest; existing plain text is encrypted."""

from django.db import migrations

import sanad.core.fields
from sanad.core.fields import decrypt_existing_rows, encrypt_existing_rows

FIELDS = [
    ("ticket", "description"),
    ("ticket", "resolution"),
    ("ticket", "satisfaction_comment"),
    ("ticketevent", "note"),
]


def encrypt(apps, schema_editor):
    for model_name, field_name in FIELDS:
        encrypt_existing_rows(apps.get_model("feedback", model_name), field_name)


def decrypt(apps, schema_editor):
    for model_name, field_name in FIELDS:
        decrypt_existing_rows(apps.get_model("feedback", model_name), field_name)


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
        migrations.RunPython(encrypt, decrypt),
    ]
