"""The people import pages, under /people/import/."""

from django.urls import path

from sanad.registry.views import importing

app_name = "registry_import"

urlpatterns = [
    path("", importing.ImportUploadView.as_view(), name="upload"),
    path("template.xlsx", importing.ImportTemplateView.as_view(), name="template"),
    path("<uuid:uuid>/", importing.ImportResultView.as_view(), name="result"),
    path("<uuid:uuid>/report/", importing.ImportReportView.as_view(), name="report"),
]
