from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sanad.registry"
    label = "registry"
    verbose_name = _("Person registry")

    def ready(self):
        # The kinds of job this module runs, with the names pages show for them.
        from sanad.core.services.jobs import job_type_register

        job_type_register("registry.import_people", name=_("People import"))
