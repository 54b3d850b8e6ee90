"""Gazetteer routes under /api/v1/."""

from django.urls import path

from sanad.geo import api

urlpatterns = [
    path("admin-units/", api.AdminUnitListApi.as_view(), name="api_admin_unit_list"),
    path("admin-units/<uuid:uuid>/", api.AdminUnitDetailApi.as_view(), name="api_admin_unit_detail"),
    path("sites/", api.SiteListApi.as_view(), name="api_site_list"),
    path("sites/<uuid:uuid>/", api.SiteDetailApi.as_view(), name="api_site_detail"),
]
