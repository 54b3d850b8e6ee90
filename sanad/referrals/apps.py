from django.utils.translation import gettext_lazy as _
from huey import crontab

from sanad.core.registration import PeriodicJob, SanadAppConfig


class ReferralsConfig(SanadAppConfig):
    name = "sanad.referrals"
    label = "referrals"
    verbose_name = _("Referrals and service directory")
    periodic_jobs = (
        # Every 15 minutes: escalate overdue referrals, then expire unanswered routine ones.
        PeriodicJob(
            "referrals.sla_tick", "sanad.referrals.services.referral_sla_tick", crontab(minute="*/15")
        ),
    )

    def ready(self):
        super().ready()
        from sanad.referrals import providers  # noqa: F401  (registers My work and timeline providers)
