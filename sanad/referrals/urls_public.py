"""Public routes (no sign-in): the service directory and the external partner's link."""

from django.urls import path

from sanad.referrals.views import public

app_name = "referrals_public"

urlpatterns = [
    path("", public.PublicDirectoryView.as_view(), name="directory"),
    path("map.json", public.PublicMapDataView.as_view(), name="map_data"),
    path("baladiyas.geojson", public.PublicBaladiyaCentroidsView.as_view(), name="baladiya_centroids"),
    path("services/<str:uuid>/", public.PublicServiceView.as_view(), name="service"),
    path("referral/<str:token>/", public.ExternalReferralView.as_view(), name="external"),
]
