from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "sanad.geo"
    label = "geo"
    verbose_name = _("Gazetteer")

    def ready(self):
        # The kinds of job this module runs, with the names pages show for them.
        from sanad.core.services.jobs import job_type_register

        job_type_register("geo.load_gazetteer", name=_("Gazetteer reload"))
