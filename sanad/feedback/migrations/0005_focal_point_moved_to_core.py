"""Focal points of sensitive tickets now live in core.FocalPoint (moved by core 0008)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_escalations_as_deadline_notices"),
        ("core", "0008_focal_points_moved"),
    ]

    operations = [migrations.DeleteModel(name="FocalPoint")]
