from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "sanad.assistance"
    label = "assistance"
    verbose_name = _("Assistance")

    def ready(self):
        # The kinds of job this module runs, with the names pages show for them.
        from sanad.core.services.jobs import job_type_register

        job_type_register("assistance.cash_plan.export", name=_("Payment list export"))
        job_type_register("assistance.cash_plan.reconcile", name=_("Cash plan reconciliation"))
        from sanad.assistance import providers  # noqa: F401  (registers My work and timeline providers)
