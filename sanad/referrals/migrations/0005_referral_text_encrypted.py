"""Referral reasons, case summaries and consent-override reasons encrypted at rest; existing plain text is encrypted."""

from django.db import migrations

import sanad.core.fields
from sanad.core.fields import encrypt_rows_operation

FIELDS = [
    ("referral", "reason"),
    ("referral", "case_summary"),
    ("referral", "override_reason"),
]


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
        encrypt_rows_operation("referrals", FIELDS),
    ]
