from django.utils.translation import gettext_lazy as _
from huey import crontab

from sanad.core.registration import DemoSeeder, PeriodicJob, SanadAppConfig


class FeedbackConfig(SanadAppConfig):
    name = "sanad.feedback"
    label = "feedback"
    verbose_name = _("Helpline and feedback")
    periodic_jobs = (
        # Every five minutes: SLA reminders and escalations (idempotent per level and deadline).
        PeriodicJob(
            "feedback.ticket_escalate_overdue",
            "sanad.feedback.services.ticket_escalate_overdue",
            crontab(minute="*/5"),
        ),
    )
    work_providers = ("sanad.feedback.work.ticket_work",)
    timeline_providers = ("sanad.feedback.timeline.ticket_entries",)
    demo_seeder = DemoSeeder("sanad.feedback.demo.demo_seed_feedback", after=("registry",))
