"""Focal points of sensitive cases now live in core.FocalPoint (moved by core 0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_encrypted_text_fields"),
        ("core", "0008_focal_points_moved"),
    ]

    operations = [migrations.DeleteModel(name="FocalPoint")]
