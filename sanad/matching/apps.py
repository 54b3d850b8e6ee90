from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "sanad.matching"
    label = "matching"
    verbose_name = _("Duplicate detection")

    def ready(self):
        # The kinds of job this module runs, with the names pages show for them.
        from sanad.core.services.jobs import job_type_register

        job_type_register("matching.find_duplicates", name=_("Duplicate detection"))
