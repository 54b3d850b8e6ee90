"""The audit trail: a filtered, paginated, read-only list, and its export as a job."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from sanad.core.audit_labels import (
    action_verb_label,
    channel_label,
    field_label,
    object_type_label,
    value_display,
)
from sanad.core.errors import DomainError
from sanad.core.forms.audit import AuditFilterForm
from sanad.core.permissions import has_permission
from sanad.core.selectors.audit import audit_change_rows, audit_event_list, audit_object_types
from sanad.core.selectors.jobs import recent_jobs
from sanad.core.services.audit_export import JOB_KIND, audit_export_start
from sanad.core.views.base import ActionRequiredMixin, query_string_without_page


def _filter_form(request) -> AuditFilterForm:
    data = request.GET if any(k in request.GET for k in AuditFilterForm.base_fields) else None
    return AuditFilterForm(data, object_types=audit_object_types(actor=request.user))


class AuditListView(ActionRequiredMixin, ListView):
    required_action = "audit.view"
    template_name = "core/audit/audit_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        self.form = _filter_form(self.request)
        return audit_event_list(actor=self.request.user, filters=self.form.filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["form"] = self.form
        events = list(context["events"])
        for event in events:
            event.action_label = action_verb_label(event.action)
            event.object_type_label = object_type_label(event.object_type)
            event.channel_label = channel_label(event.channel)
            event.change_rows = [
                (name, field_label(event.object_type, name), (value_display(before), value_display(after)))
                for name, before, after in audit_change_rows(event.changes)
            ]
        context["events"] = context["object_list"] = events
        context["query_string"] = query_string_without_page(self.request)
        context["may_export"] = has_permission(user, "audit.export")
        if context["may_export"]:
            context["export_jobs"] = recent_jobs(actor=user, kind=JOB_KIND, mine=True, limit=3)
        return context


class AuditExportView(ActionRequiredMixin, View):
    """Starts the export of the events the current filters select; the page then shows its progress."""

    required_action = "audit.export"

    def post(self, request):
        form = AuditFilterForm(request.POST, object_types=audit_object_types(actor=request.user))
        try:
            job = audit_export_start(actor=request.user, filters=form.filters)
        except DomainError as exc:
            raise PermissionDenied(exc.message) from exc
        messages.info(request, _("The export has started. It will be ready to download below."))
        query = QueryDict(mutable=True)
        for key in AuditFilterForm.base_fields:
            if request.POST.get(key):
                query[key] = request.POST[key]
        target = redirect("core:audit_list")
        if query:
            target["Location"] += f"?{query.urlencode()}"
        target["X-Sanad-Job"] = str(job.uuid)
        return target


urlpatterns = [
    path("audit/", AuditListView.as_view(), name="audit_list"),
    path("audit/export/", AuditExportView.as_view(), name="audit_export"),
]
