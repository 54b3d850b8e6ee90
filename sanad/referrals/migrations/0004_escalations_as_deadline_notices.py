"""Referral escalations move to the deadline kit's rows (core.DeadlineNotice): one row per
referral and level, with the same supervisors as recipients."""

from django.db import migrations

KIND = "referrals.acknowledge"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    DeadlineNotice = apps.get_model("core", "DeadlineNotice")
    ReferralEscalation = apps.get_model("referrals", "ReferralEscalation")
    if not ReferralEscalation.objects.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="referrals", model="referral")
    for escalation in ReferralEscalation.objects.select_related("referral").iterator(chunk_size=500):
        notice, _created = DeadlineNotice.objects.get_or_create(
            content_type=content_type,
            object_id=escalation.referral_id,
            kind=KIND,
            step=f"escalation-{escalation.level}",
            due_at=escalation.referral.acknowledge_due_at,
            defaults={"at": escalation.at},
        )
        notice.recipients.set(escalation.supervisors.all())


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    DeadlineNotice = apps.get_model("core", "DeadlineNotice")
    ReferralEscalation = apps.get_model("referrals", "ReferralEscalation")
    content_type = ContentType.objects.filter(app_label="referrals", model="referral").first()
    if content_type is None:
        return
    notices = DeadlineNotice.objects.filter(content_type=content_type, kind=KIND)
    for notice in notices.iterator(chunk_size=500):
        escalation, _created = ReferralEscalation.objects.get_or_create(
            referral_id=notice.object_id,
            level=int(notice.step.rsplit("-", 1)[1]),
            defaults={"at": notice.at},
        )
        escalation.supervisors.set(notice.recipients.all())
    notices.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_deadline_notice"),
        ("referrals", "0003_referral_sensitive"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ReferralEscalation"),
    ]
