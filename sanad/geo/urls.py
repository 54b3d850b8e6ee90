from django.urls import path

from sanad.geo.views import admin_units, sites

app_name = "geo"

urlpatterns = [
    path("sites/", sites.SiteListView.as_view(), name="site_list"),
    path("sites/new/", sites.SiteCreateView.as_view(), name="site_create"),
    path("sites/map/", sites.SiteMapView.as_view(), name="site_map"),
    path("sites/map/sites.geojson", sites.SiteGeoJsonView.as_view(), name="site_geojson"),
    path("sites/map/baladiyas.geojson", sites.BaladiyaCentroidsView.as_view(), name="baladiya_centroids"),
    path("sites/<uuid:uuid>/", sites.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<uuid:uuid>/edit/", sites.SiteEditView.as_view(), name="site_edit"),
    path(
        "sites/<uuid:uuid>/deactivate/",
        sites.SiteSetActiveView.as_view(is_active=False),
        name="site_deactivate",
    ),
    path(
        "sites/<uuid:uuid>/reactivate/",
        sites.SiteSetActiveView.as_view(is_active=True),
        name="site_reactivate",
    ),
    path("admin-units/", admin_units.AdminUnitListView.as_view(), name="admin_unit_list"),
    path("admin-units/new/", admin_units.AdminUnitCreateView.as_view(), name="admin_unit_create"),
    path("admin-units/options/", admin_units.AdminUnitOptionsView.as_view(), name="admin_unit_options"),
    path("admin-units/reload/", admin_units.GazetteerReloadView.as_view(), name="gazetteer_reload"),
    path("admin-units/<uuid:uuid>/", admin_units.AdminUnitDetailView.as_view(), name="admin_unit_detail"),
    path("admin-units/<uuid:uuid>/edit/", admin_units.AdminUnitEditView.as_view(), name="admin_unit_edit"),
]
