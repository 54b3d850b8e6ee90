"""Assessments routes under /api/v1/."""

from django.urls import path

from sanad.assessments import api

urlpatterns = [
    path("instruments/", api.InstrumentListApi.as_view(), name="api_instrument_list"),
    path("instruments/<slug:code>/", api.InstrumentDetailApi.as_view(), name="api_instrument_detail"),
    path("assessments/", api.AssessmentListApi.as_view(), name="api_assessment_list"),
    path("assessments/<uuid:uuid>/", api.AssessmentDetailApi.as_view(), name="api_assessment_detail"),
    path("assessments/<uuid:uuid>/flags/", api.FlagDecisionApi.as_view(), name="api_assessment_flags"),
]
