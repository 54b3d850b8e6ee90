from django.urls import path

from sanad.feedback.views import calls, insight, tickets

app_name = "feedback"

urlpatterns = [
    path("", tickets.TicketListView.as_view(), name="ticket_list"),
    path("call/", calls.CallView.as_view(), name="call"),
    path("call/script/", calls.ScriptView.as_view(), name="script"),
    path("call/callers/", calls.CallerSearchView.as_view(), name="caller_search"),
    path("dashboard/", insight.DashboardView.as_view(), name="dashboard"),
    path("scripts/", insight.ScriptListView.as_view(), name="script_list"),
    path("scripts/<str:category>/<str:language>/", insight.ScriptEditView.as_view(), name="script_edit"),
    path("slas/", insight.SlaListView.as_view(), name="sla_list"),
    path("slas/<str:uuid>/delete/", insight.SlaDeleteView.as_view(), name="sla_delete"),
    path("focal-points/", insight.FocalPointListView.as_view(), name="focal_point_list"),
    path(
        "focal-points/<str:uuid>/remove/", insight.FocalPointRemoveView.as_view(), name="focal_point_remove"
    ),
    path("tickets/<str:uuid>/", tickets.TicketDetailView.as_view(), name="ticket_detail"),
    path("tickets/<str:uuid>/<str:action>/", tickets.TicketActionView.as_view(), name="ticket_action"),
]
