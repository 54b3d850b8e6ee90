from django.utils.translation import gettext_lazy as _

from sanad.core.registration import JobKind, SanadAppConfig


class MatchingConfig(SanadAppConfig):
    name = "sanad.matching"
    label = "matching"
    verbose_name = _("Duplicate detection")
    job_kinds = (
        JobKind(
            "matching.find_duplicates",
            "sanad.matching.detection.duplicate_detection_job",
            label=_("Duplicate detection"),
        ),
    )
