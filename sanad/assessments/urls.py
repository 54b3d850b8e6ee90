from django.urls import path

from sanad.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="list"),
    path("instruments/", views.InstrumentListView.as_view(), name="instrument_list"),
    path(
        "instruments/versions/<uuid:uuid>/download/",
        views.InstrumentVersionDownloadView.as_view(),
        name="version_download",
    ),
    path("person/<uuid:person_uuid>/", views.AssessmentStartView.as_view(), name="start"),
    path("person/<uuid:person_uuid>/<slug:code>/", views.AssessmentRecordView.as_view(), name="record"),
    path("<uuid:uuid>/", views.AssessmentDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/flags/", views.FlagDecisionView.as_view(), name="flag_decide"),
    path(
        "alerts/<uuid:uuid>/acknowledge/",
        views.SafetyAlertAcknowledgeView.as_view(),
        name="alert_acknowledge",
    ),
]
