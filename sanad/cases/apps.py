from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sanad.cases"
    label = "cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        # Registers the "My work" and person-timeline providers.
        from sanad.cases import providers  # noqa: F401
