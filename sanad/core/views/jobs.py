"""Jobs: the list of one's jobs, a job's page, its progress partial (polled by htmx), its file."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from django.urls import path
from django.views.generic import ListView, TemplateView, View

from sanad.core.selectors.jobs import job_get, job_list
from sanad.core.views.base import ActionRequiredMixin, query_string_without_page


class JobListView(ActionRequiredMixin, ListView):
    required_action = "jobs.view"
    template_name = "core/jobs/job_list.html"
    context_object_name = "jobs"
    paginate_by = 50

    def get_queryset(self):
        return job_list(actor=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query_string"] = query_string_without_page(self.request)
        return context


class JobDetailView(ActionRequiredMixin, TemplateView):
    required_action = "jobs.view"
    template_name = "core/jobs/job_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = job_get(actor=self.request.user, uuid=kwargs["uuid"])
        return context


class JobProgressView(ActionRequiredMixin, TemplateView):
    """The progress component alone; ``includes/job_progress.html`` polls it until the job ends."""

    required_action = "jobs.view"
    template_name = "includes/job_progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["job"] = job_get(actor=self.request.user, uuid=kwargs["uuid"])
        return context


class JobDownloadView(ActionRequiredMixin, View):
    """A job's file, served only to those who may see the job (never from public media)."""

    required_action = "jobs.view"

    def get(self, request, uuid):
        job = job_get(actor=request.user, uuid=uuid)
        if not job.result_file:
            raise Http404
        name = job.result.get("file_name") or job.result_file.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type == "text/csv":
            content_type = "text/csv; charset=utf-8"
        try:
            handle = job.result_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("jobs/", JobListView.as_view(), name="job_list"),
    path("jobs/<uuid:uuid>/", JobDetailView.as_view(), name="job_detail"),
    path("jobs/<uuid:uuid>/progress/", JobProgressView.as_view(), name="job_progress"),
    path("jobs/<uuid:uuid>/download/", JobDownloadView.as_view(), name="job_download"),
]
