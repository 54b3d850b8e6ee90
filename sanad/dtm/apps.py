from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DtmConfig(AppConfig):
    name = "sanad.dtm"
    label = "dtm"
    verbose_name = _("Displacement tracking")
