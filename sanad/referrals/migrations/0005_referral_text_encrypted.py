"""Referral reasons, case summaries and consent-override reasons encrypted at rest; existing plain text is encrypted."""

from django.db import migrations

import sanad.core.fields
from sanad.core.fields import decrypt_existing_rows, encrypt_existing_rows

FIELDS = [
    ("referral", "reason"),
    ("referral", "case_summary"),
    ("referral", "override_reason"),
]


def encrypt(apps, schema_editor):
    for model_name, field_name in FIELDS:
        encrypt_existing_rows(apps.get_model("referrals", model_name), field_name)


def decrypt(apps, schema_editor):
    for model_name, field_name in FIELDS:
        decrypt_existing_rows(apps.get_model("referrals", model_name), field_name)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_escalations_as_deadline_notices")]

    operations = [
        migrations.AlterField(
            model_name="referral",
            name="reason",
            field=sanad.core.fields.EncryptedTextField(verbose_name="reason for referral"),
        ),
        migrations.AlterField(
            model_name="referral",
            name="case_summary",
            field=sanad.core.fields.EncryptedTextField(blank=True, verbose_name="case summary"),
        ),
        migrations.AlterField(
            model_name="referral",
            name="override_reason",
            field=sanad.core.fields.EncryptedTextField(
                blank=True, verbose_name="why consent could not be obtained"
            ),
        ),
        migrations.RunPython(encrypt, decrypt),
    ]
