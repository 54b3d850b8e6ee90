from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "sanad.feedback"
    label = "feedback"
    verbose_name = _("Helpline and feedback")

    def ready(self):
        # Register the "My work" and person-timeline providers.
        from sanad.feedback import timeline, work  # noqa: F401
