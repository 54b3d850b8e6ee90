"""Case notes, BID decisions and service notes become EncryptedTextFields (the columns already held
Fernet tokens, which stay as they are; any plain text left is encrypted)."""

from django.db import migrations

import sanad.core.fields
from sanad.core.fields import encrypt_rows_operation

FIELDS = [
    ("casenote", "body"),
    ("bestinterestsdetermination", "decision"),
    ("servicedelivery", "notes"),
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_approval_approvers")]

    operations = [
        migrations.RenameField(model_name="casenote", old_name="body_encrypted", new_name="body"),
        migrations.RenameField(
            model_name="bestinterestsdetermination", old_name="decision_encrypted", new_name="decision"
        ),
        migrations.RenameField(model_name="servicedelivery", old_name="notes_encrypted", new_name="notes"),
        migrations.AlterField(
            model_name="casenote",
            name="body",
            field=sanad.core.fields.EncryptedTextField(verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="bestinterestsdetermination",
            name="decision",
            field=sanad.core.fields.EncryptedTextField(verbose_name="decision"),
        ),
        migrations.AlterField(
            model_name="servicedelivery",
            name="notes",
            field=sanad.core.fields.EncryptedTextField(blank=True, verbose_name="notes"),
        ),
        # Backwards: the columns held tokens before too, so nothing to undo.
        encrypt_rows_operation("cases", FIELDS, reversible=False),
    ]
