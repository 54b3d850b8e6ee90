"""Safety-alert acknowledgement notes and flag dismissal reasons encrypted at rest; existing plain text is encrypted."""

from django.db import migrations

import sanad.core.fields
from sanad.core.fields import decrypt_existing_rows, encrypt_existing_rows

FIELDS = [
    ("safetyalert", "acknowledgement_note"),
    ("flagproposal", "reason"),
]


def encrypt(apps, schema_editor):
    for model_name, field_name in FIELDS:
        encrypt_existing_rows(apps.get_model("assessments", model_name), field_name)


def decrypt(apps, schema_editor):
    for model_name, field_name in FIELDS:
        decrypt_existing_rows(apps.get_model("assessments", model_name), field_name)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_assessment_sensitivity_domain_flag_proposals")]

    operations = [
        migrations.AlterField(
            model_name="safetyalert",
            name="acknowledgement_note",
            field=sanad.core.fields.EncryptedTextField(blank=True, verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="flagproposal",
            name="reason",
            field=sanad.core.fields.EncryptedTextField(blank=True, verbose_name="reason"),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
