"""Core routes under /api/v1/."""

from django.urls import path

from sanad.core import api

urlpatterns = [
    path("agencies/", api.AgencyListApi.as_view(), name="api_agency_list"),
    path("agencies/<uuid:uuid>/", api.AgencyDetailApi.as_view(), name="api_agency_detail"),
    path("units/", api.UnitListApi.as_view(), name="api_unit_list"),
    path("units/<uuid:uuid>/", api.UnitDetailApi.as_view(), name="api_unit_detail"),
    path("teams/", api.TeamListApi.as_view(), name="api_team_list"),
    path("teams/<uuid:uuid>/", api.TeamDetailApi.as_view(), name="api_team_detail"),
    path("users/", api.UserListApi.as_view(), name="api_user_list"),
    path("users/<uuid:uuid>/", api.UserDetailApi.as_view(), name="api_user_detail"),
    path("jobs/<uuid:uuid>/", api.JobDetailApi.as_view(), name="api_job_detail"),
    path("me/", api.MeApi.as_view(), name="api_me"),
]
