from django.utils.translation import gettext_lazy as _
from huey import crontab

from sanad.core.registration import DemoSeeder, JobKind, PeriodicJob, SanadAppConfig


class AssistanceConfig(SanadAppConfig):
    name = "sanad.assistance"
    label = "assistance"
    verbose_name = _("Assistance")
    job_kinds = (
        JobKind(
            "assistance.cash_plan.export",
            "sanad.assistance.services.cash_jobs.cash_plan_export_job",
            label=_("Payment list export"),
        ),
        JobKind(
            "assistance.cash_plan.reconcile",
            "sanad.assistance.services.cash_jobs.cash_plan_reconcile_job",
            label=_("Cash plan reconciliation"),
        ),
    )
    periodic_jobs = (
        PeriodicJob(
            "assistance.stock_alerts_refresh",
            "sanad.assistance.services.alerts.stock_alerts_refresh",
            crontab(minute="15", hour="*/6"),
        ),
    )
    work_providers = ("sanad.assistance.providers.assistance_work",)
    timeline_providers = ("sanad.assistance.providers.assistance_timeline",)
    demo_seeder = DemoSeeder("sanad.assistance.demo.demo_seed_assistance", after=("registry",))
