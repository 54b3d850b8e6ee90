from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DtmConfig(AppConfig):
    name = "sanad.dtm"
    label = "dtm"
    verbose_name = _("Displacement tracking")

    def ready(self):
        # The kinds of job this module runs, with the names pages show for them.
        from sanad.core.services.jobs import job_type_register

        job_type_register("dtm.import_round", name=_("DTM round import"))
