from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sanad.cases"
    label = "cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        # The kinds of job this module runs, with the names pages show for them.
        from sanad.core.services.jobs import job_type_register

        job_type_register("cases.rotate_encryption_keys", name=_("Re-encryption of case notes"))
        # Registers the "My work" and person-timeline providers.
        from sanad.cases import providers  # noqa: F401

        # After an upgrade, route what an earlier version left waiting for nobody.
        from sanad.cases.upgrade import reroute_after_migrate

        post_migrate.connect(reroute_after_migrate, sender=self, dispatch_uid="cases.reroute_pending")
