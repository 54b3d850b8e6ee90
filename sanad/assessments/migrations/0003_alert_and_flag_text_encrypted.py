"""Safety-alert acknowledgement notes and flag dismissal reasons encrypted at rest; existing plain text is encrypted."""

from django.db import migrations

import sanad.core.fields
from sanad.core.fields import encrypt_rows_operation

FIELDS = [
    ("safetyalert", "acknowledgement_note"),
    ("flagproposal", "reason"),
]


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
        encrypt_rows_operation("assessments", FIELDS),
    ]
