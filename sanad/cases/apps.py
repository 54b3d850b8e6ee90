from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from huey import crontab

from sanad.core.registration import DemoSeeder, JobKind, PeriodicJob, PersonSection, SanadAppConfig


class CasesConfig(SanadAppConfig):
    name = "sanad.cases"
    label = "cases"
    verbose_name = _("Case management")
    job_kinds = (
        JobKind(
            "cases.rotate_encryption_keys",
            "sanad.cases.services.notes.encryption_rotation_job",
            label=_("Re-encryption of case notes"),
        ),
    )
    periodic_jobs = (
        # Hourly: stamp follow-ups that passed their due time (My work lists them overdue first).
        PeriodicJob(
            "cases.followups_mark_overdue",
            "sanad.cases.services.followups_mark_overdue",
            crontab(minute="15"),
        ),
        # Daily, 05:30 UTC (07:30 in Tripoli, before the teams go out): a task for the team leader
        # for each high-risk case without contact for longer than its unit allows.
        PeriodicJob(
            "cases.high_risk_escalate",
            "sanad.cases.services.high_risk_escalate",
            crontab(hour="5", minute="30"),
        ),
    )

    work_providers = (
        "sanad.cases.providers.case_followups",
        "sanad.cases.providers.case_approvals",
        "sanad.cases.providers.case_high_risk_no_contact",
    )
    timeline_providers = ("sanad.cases.providers.case_timeline",)
    person_sections = (
        PersonSection(
            "cases", "cases/includes/person_section.html", "sanad.cases.providers.person_section", order=20
        ),
    )
    # Cases open screenings with the assessments' shipped instruments.
    demo_seeder = DemoSeeder("sanad.cases.demo.demo_seed_cases", after=("registry", "assessments"))

    def ready(self) -> None:
        super().ready()
        # Cases own the link to assessments: assessments find and check the case they are filed
        # under through what is registered here, and never import cases.
        from sanad.assessments.case_link import CaseLink, case_link_register
        from sanad.cases.access import case_check_reference
        from sanad.cases.selectors import case_get

        case_link_register(
            CaseLink(
                get=lambda *, actor, uuid: case_get(actor=actor, uuid=uuid, log_read=False),
                check=lambda *, actor, case: case_check_reference(actor, case, action="cases.manage"),
            )
        )
        # After an upgrade, route what an earlier version left waiting for nobody.
        from sanad.cases.upgrade import reroute_after_migrate

        post_migrate.connect(reroute_after_migrate, sender=self, dispatch_uid="cases.reroute_pending")
