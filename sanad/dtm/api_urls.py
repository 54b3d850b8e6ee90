"""DTM routes under /api/v1/dtm/."""

from django.urls import path

from sanad.dtm import api, api_detention, api_events, api_flows

urlpatterns = [
    path("dtm/rounds/", api.RoundListApi.as_view(), name="api_dtm_round_list"),
    path("dtm/rounds/<uuid:uuid>/", api.RoundDetailApi.as_view(), name="api_dtm_round_detail"),
    path(
        "dtm/rounds/<uuid:uuid>/locations/",
        api.RoundLocationListApi.as_view(),
        name="api_dtm_round_locations",
    ),
    path(
        "dtm/rounds/<uuid:uuid>/indicators/",
        api.RoundIndicatorsApi.as_view(),
        name="api_dtm_round_indicators",
    ),
    path("dtm/flows/", api_flows.FlowCountListApi.as_view(), name="api_dtm_flow_list"),
    path("dtm/flows/aggregates/", api_flows.FlowAggregateApi.as_view(), name="api_dtm_flow_aggregates"),
    path(
        "dtm/detention-profiles/",
        api_detention.DetentionSnapshotListApi.as_view(),
        name="api_dtm_detention_profile_list",
    ),
    path("dtm/events/", api_events.EventListApi.as_view(), name="api_dtm_event_list"),
    path("dtm/events/<uuid:uuid>/", api_events.EventDetailApi.as_view(), name="api_dtm_event_detail"),
    path(
        "dtm/events/<uuid:uuid>/assessments/",
        api_events.EventAssessmentApi.as_view(),
        name="api_dtm_event_assessments",
    ),
    path(
        "dtm/events/<uuid:uuid>/publish/", api_events.EventPublishApi.as_view(), name="api_dtm_event_publish"
    ),
]
