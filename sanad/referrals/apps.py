from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sanad.referrals"
    label = "referrals"
    verbose_name = _("Referrals and service directory")

    def ready(self):
        from sanad.referrals import providers  # noqa: F401  (registers My work and timeline providers)
