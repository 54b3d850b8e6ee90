"""Everything under /api/v1/. Each app contributes its routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("sanad.core.api_urls")),
    path("", include("sanad.geo.api_urls")),
    path("", include("sanad.dtm.api_urls")),
    path("", include("sanad.registry.api_urls")),
    path("", include("sanad.matching.api_urls")),
    path("", include("sanad.assessments.api_urls")),
    path("", include("sanad.cases.api_urls")),
    path("", include("sanad.referrals.api_urls")),
    path("", include("sanad.assistance.api_urls")),
    path("", include("sanad.feedback.api_urls")),
]
