from django.urls import path

from sanad.dtm.views import detention, events, exports, flows, pages

app_name = "dtm"

urlpatterns = [
    path("", pages.RoundListView.as_view(), name="round_list"),
    path("import/", pages.RoundImportView.as_view(), name="round_import"),
    path("map/", pages.MapView.as_view(), name="map"),
    path("trends/", pages.TrendsView.as_view(), name="trends"),
    path("planning/", pages.PlanningView.as_view(), name="planning"),
    path("rounds/<uuid:uuid>/", pages.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<uuid:uuid>/map.geojson", pages.MapDataView.as_view(), name="map_data"),
    path("rounds/<uuid:uuid>/export.<str:fmt>", exports.RoundExportView.as_view(), name="round_export"),
    path(
        "rounds/<uuid:uuid>/baladiyas/<str:pcode>/",
        pages.BaladiyaDetailView.as_view(),
        name="baladiya_detail",
    ),
    path("flows/", flows.FlowPointListView.as_view(), name="flow_point_list"),
    path("flows/new/", flows.FlowCountCreateView.as_view(), name="flow_count_create"),
    path("flows/export.<str:fmt>", flows.FlowExportView.as_view(), name="flow_export"),
    path("flows/points/<uuid:uuid>/", flows.FlowPointDetailView.as_view(), name="flow_point_detail"),
    path("detention/", detention.DetentionCentreListView.as_view(), name="detention_centre_list"),
    path("detention/new/", detention.DetentionSnapshotCreateView.as_view(), name="detention_snapshot_create"),
    path(
        "detention/centres/<uuid:uuid>/",
        detention.DetentionCentreDetailView.as_view(),
        name="detention_centre_detail",
    ),
    path("events/", events.EventListView.as_view(), name="event_list"),
    path("events/new/", events.EventCreateView.as_view(), name="event_create"),
    path("events/<uuid:uuid>/", events.EventDetailView.as_view(), name="event_detail"),
    path("events/<uuid:uuid>/edit/", events.EventUpdateView.as_view(), name="event_update"),
    path(
        "events/<uuid:uuid>/assessments/new/", events.AssessmentCreateView.as_view(), name="assessment_create"
    ),
    path("events/<uuid:uuid>/publish/", events.EventPublishView.as_view(), name="event_publish"),
]
