from django.utils.translation import gettext_lazy as _

from sanad.core.registration import SanadAppConfig


class AssessmentsConfig(SanadAppConfig):
    name = "sanad.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        super().ready()
        # Registers the "My work" and person-timeline providers.
        from sanad.assessments import providers  # noqa: F401
