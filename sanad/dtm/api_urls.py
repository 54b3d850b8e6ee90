"""DTM routes under /api/v1/dtm/."""

from django.urls import path

from sanad.dtm.api import detention, events, flows, rounds

urlpatterns = [
    path("dtm/rounds/", rounds.RoundListApi.as_view(), name="api_dtm_round_list"),
    path("dtm/rounds/<uuid:uuid>/", rounds.RoundDetailApi.as_view(), name="api_dtm_round_detail"),
    path(
        "dtm/rounds/<uuid:uuid>/locations/",
        rounds.RoundLocationListApi.as_view(),
        name="api_dtm_round_locations",
    ),
    path(
        "dtm/rounds/<uuid:uuid>/indicators/",
        rounds.RoundIndicatorsApi.as_view(),
        name="api_dtm_round_indicators",
    ),
    path("dtm/flows/", flows.FlowCountListApi.as_view(), name="api_dtm_flow_list"),
    path("dtm/flows/aggregates/", flows.FlowAggregateApi.as_view(), name="api_dtm_flow_aggregates"),
    path(
        "dtm/detention-profiles/",
        detention.DetentionSnapshotListApi.as_view(),
        name="api_dtm_detention_profile_list",
    ),
    path("dtm/events/", events.EventListApi.as_view(), name="api_dtm_event_list"),
    path("dtm/events/<uuid:uuid>/", events.EventDetailApi.as_view(), name="api_dtm_event_detail"),
    path(
        "dtm/events/<uuid:uuid>/assessments/",
        events.EventAssessmentApi.as_view(),
        name="api_dtm_event_assessments",
    ),
    path("dtm/events/<uuid:uuid>/publish/", events.EventPublishApi.as_view(), name="api_dtm_event_publish"),
]
