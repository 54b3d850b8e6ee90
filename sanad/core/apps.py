from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from sanad.core.registration import JobKind, SanadAppConfig


def _ensure_roles(sender, **kwargs):
    from sanad.core.services.roles import roles_sync

    roles_sync()


class CoreConfig(SanadAppConfig):
    name = "sanad.core"
    label = "core"
    verbose_name = _("Core")
    job_kinds = (
        JobKind(
            "core.audit_export",
            "sanad.core.services.audit_export.audit_export_run",
            label=_("Audit trail export"),
        ),
        JobKind("core.export", "sanad.core.exports.export_run", label=_("Export")),
    )
    # Records escalated past their deadline, on "My work" (the deadline kit's provider).
    work_providers = ("sanad.core.deadlines.deadline_work",)

    def ready(self):
        super().ready()
        # Every role of the permission matrix has its settings row after each migrate.
        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="sanad.core.ensure_roles")
