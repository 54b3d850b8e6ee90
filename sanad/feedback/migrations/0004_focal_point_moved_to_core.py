"""Focal points of sensitive tickets now live in core.FocalPoint (moved by core 0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_ticket_text_encrypted"),
        ("core", "0008_focal_points_moved"),
    ]

    operations = [migrations.DeleteModel(name="FocalPoint")]
