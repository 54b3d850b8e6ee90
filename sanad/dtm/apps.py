from django.utils.translation import gettext_lazy as _

from sanad.core.registration import DemoSeeder, JobKind, SanadAppConfig


class DtmConfig(SanadAppConfig):
    name = "sanad.dtm"
    label = "dtm"
    verbose_name = _("Displacement tracking")
    job_kinds = (
        JobKind("dtm.import_round", "sanad.dtm.services.jobs.round_import_job", label=_("DTM round import")),
    )
    demo_seeder = DemoSeeder("sanad.dtm.demo.demo_seed_dtm")
