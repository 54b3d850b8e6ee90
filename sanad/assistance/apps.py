from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "sanad.assistance"
    label = "assistance"
    verbose_name = _("Assistance")

    def ready(self):
        from sanad.assistance import providers  # noqa: F401  (registers My work and timeline providers)
