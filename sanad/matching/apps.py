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

    def ready(self) -> None:
        super().ready()
        # Matching sits above the registry: the registry's duplicate check (registration page,
        # API, a registration's "review" decision) calls what is registered here, and never
        # imports matching.
        from sanad.matching.realtime import find_candidates
        from sanad.matching.services import review_request
        from sanad.registry.duplicates import DuplicateCheck, duplicate_check_register

        duplicate_check_register(DuplicateCheck(find=find_candidates, review=review_request))
