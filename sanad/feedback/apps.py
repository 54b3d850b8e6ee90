from django.utils.translation import gettext_lazy as _
from huey import crontab

from sanad.core.registration import PeriodicJob, SanadAppConfig


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

    def ready(self):
        super().ready()
        # Register the "My work" and person-timeline providers.
        from sanad.feedback import timeline, work  # noqa: F401
