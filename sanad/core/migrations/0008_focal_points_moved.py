"""The focal points of sensitive cases (per unit and case type, ``cases.FocalPoint``) and of
sensitive tickets (per agency and category, ``feedback.FocalPoint``) move into the one
``core.FocalPoint``; the old tables are dropped by the next migrations of cases and feedback."""

from django.db import migrations


def move(apps, schema_editor):
    FocalPoint = apps.get_model("core", "FocalPoint")
    CaseFocalPoint = apps.get_model("cases", "FocalPoint")
    TicketFocalPoint = apps.get_model("feedback", "FocalPoint")
    for old in CaseFocalPoint.objects.select_related("unit").order_by("pk"):
        FocalPoint.objects.get_or_create(
            unit_id=old.unit_id,
            category=old.case_type,
            user_id=old.user_id,
            defaults={"agency_id": old.unit.agency_id, "named_by_id": old.assigned_by_id, "uuid": old.uuid},
        )
    for old in TicketFocalPoint.objects.order_by("pk"):
        FocalPoint.objects.get_or_create(
            agency_id=old.agency_id,
            unit=None,
            category=old.category,
            user_id=old.user_id,
            defaults={"named_by_id": old.named_by_id, "uuid": old.uuid},
        )


def move_back(apps, schema_editor):
    FocalPoint = apps.get_model("core", "FocalPoint")
    CaseFocalPoint = apps.get_model("cases", "FocalPoint")
    TicketFocalPoint = apps.get_model("feedback", "FocalPoint")
    for point in FocalPoint.objects.order_by("pk"):
        if point.unit_id is not None:
            CaseFocalPoint.objects.get_or_create(
                unit_id=point.unit_id,
                case_type=point.category,
                user_id=point.user_id,
                # The case model required who named them; the focal point themself when unknown.
                defaults={"assigned_by_id": point.named_by_id or point.user_id, "uuid": point.uuid},
            )
        else:
            TicketFocalPoint.objects.get_or_create(
                agency_id=point.agency_id,
                category=point.category,
                user_id=point.user_id,
                defaults={"named_by_id": point.named_by_id, "uuid": point.uuid},
            )
    FocalPoint.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_focal_point"),
        ("cases", "0007_encrypted_text_fields"),
        ("feedback", "0003_ticket_text_encrypted"),
    ]

    operations = [migrations.RunPython(move, move_back)]
