"""Ticket reminders and escalations move to the deadline kit's rows (core.DeadlineNotice): the
stage becomes the deadline kind, the level the step, with the same due time and recipients."""

from django.db import migrations

KIND = {"acknowledge": "feedback.acknowledge", "resolve": "feedback.resolve"}
STEP = {1: "reminder", 2: "escalation"}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    DeadlineNotice = apps.get_model("core", "DeadlineNotice")
    TicketEscalation = apps.get_model("feedback", "TicketEscalation")
    if not TicketEscalation.objects.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="feedback", model="ticket")
    for escalation in TicketEscalation.objects.iterator(chunk_size=500):
        notice, _created = DeadlineNotice.objects.get_or_create(
            content_type=content_type,
            object_id=escalation.ticket_id,
            kind=KIND[escalation.stage],
            step=STEP[escalation.level],
            due_at=escalation.due_at,
            defaults={"at": escalation.at},
        )
        notice.recipients.set(escalation.recipients.all())


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    DeadlineNotice = apps.get_model("core", "DeadlineNotice")
    TicketEscalation = apps.get_model("feedback", "TicketEscalation")
    content_type = ContentType.objects.filter(app_label="feedback", model="ticket").first()
    if content_type is None:
        return
    stages = {kind: stage for stage, kind in KIND.items()}
    levels = {step: level for level, step in STEP.items()}
    notices = DeadlineNotice.objects.filter(content_type=content_type, kind__in=list(stages))
    for notice in notices.iterator(chunk_size=500):
        escalation, _created = TicketEscalation.objects.get_or_create(
            ticket_id=notice.object_id,
            stage=stages[notice.kind],
            level=levels[notice.step],
            due_at=notice.due_at,
            defaults={"at": notice.at},
        )
        escalation.recipients.set(notice.recipients.all())
    notices.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_deadline_notice"),
        ("feedback", "0003_ticket_text_encrypted"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="TicketEscalation"),
    ]
