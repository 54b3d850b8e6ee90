from django.utils.translation import gettext_lazy as _
from huey import crontab

from sanad.core.registration import DemoSeeder, PeriodicJob, PersonSection, SanadAppConfig


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
    work_providers = ("sanad.referrals.providers.referral_work",)
    timeline_providers = ("sanad.referrals.providers.referral_entries",)
    person_sections = (
        PersonSection(
            "referrals",
            "referrals/includes/person_section.html",
            "sanad.referrals.providers.person_section",
            order=30,
        ),
    )
    demo_seeder = DemoSeeder("sanad.referrals.demo.demo_seed_referrals", after=("registry", "cases"))

    def ready(self) -> None:
        super().ready()
        # Referrals own the link to helpline tickets: the ticket's page lists the referrals made
        # from it through what is registered here, and feedback never imports referrals.
        from sanad.feedback.referral_link import ticket_referrals_register
        from sanad.referrals.selectors import referrals_of_ticket

        ticket_referrals_register(referrals_of_ticket)
