from django.utils.translation import gettext_lazy as _

from sanad.core.registration import DemoSeeder, PersonSection, SanadAppConfig


class AssessmentsConfig(SanadAppConfig):
    name = "sanad.assessments"
    label = "assessments"
    verbose_name = _("Assessments")
    work_providers = (
        "sanad.assessments.providers.safety_alert_work",
        "sanad.assessments.providers.flag_proposal_work",
    )
    timeline_providers = ("sanad.assessments.providers.assessment_timeline",)
    person_sections = (
        PersonSection(
            "assessments",
            "assessments/includes/person_section.html",
            "sanad.assessments.providers.person_section",
            order=10,
        ),
    )
    demo_seeder = DemoSeeder("sanad.assessments.demo.demo_seed_assessments", after=("registry",))
