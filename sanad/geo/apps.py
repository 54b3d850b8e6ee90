from django.utils.translation import gettext_lazy as _

from sanad.core.registration import JobKind, SanadAppConfig


class GeoConfig(SanadAppConfig):
    name = "sanad.geo"
    label = "geo"
    verbose_name = _("Gazetteer")
    job_kinds = (
        JobKind(
            "geo.load_gazetteer",
            "sanad.geo.services.gazetteer.gazetteer_load_job",
            label=_("Gazetteer reload"),
        ),
    )
