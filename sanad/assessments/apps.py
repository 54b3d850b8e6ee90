from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "sanad.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        # Registers the "My work" and person-timeline providers.
        from sanad.assessments import providers  # noqa: F401
