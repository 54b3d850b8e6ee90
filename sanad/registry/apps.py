from django.utils.translation import gettext_lazy as _

from sanad.core.registration import DemoSeeder, JobKind, SanadAppConfig


class RegistryConfig(SanadAppConfig):
    name = "sanad.registry"
    label = "registry"
    verbose_name = _("Person registry")
    job_kinds = (
        JobKind(
            "registry.import_people",
            "sanad.registry.services.import_jobs.people_import_job",
            label=_("People import"),
        ),
    )
    timeline_providers = ("sanad.registry.timeline.registry_entries",)
    demo_seeder = DemoSeeder("sanad.registry.demo.demo_seed_people")
