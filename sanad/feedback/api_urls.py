"""Ticket routes under /api/v1/."""

from django.urls import path

from sanad.feedback import api

urlpatterns = [
    path("tickets/", api.TicketListApi.as_view(), name="api_ticket_list"),
    path("tickets/<uuid:uuid>/", api.TicketDetailApi.as_view(), name="api_ticket_detail"),
    *[
        path(f"tickets/<uuid:uuid>/{name}/", view.as_view(), name=f"api_ticket_{name.replace('-', '_')}")
        for name, view in api.TRANSITION_VIEWS.items()
    ],
]
