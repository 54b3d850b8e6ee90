"""Registry routes under /api/v1/."""

from django.urls import path

from sanad.registry import api

urlpatterns = [
    path("people/", api.PersonListApi.as_view(), name="api_person_list"),
    path("people/<uuid:uuid>/", api.PersonDetailApi.as_view(), name="api_person_detail"),
    path("households/", api.HouseholdListApi.as_view(), name="api_household_list"),
    path("households/<uuid:uuid>/", api.HouseholdDetailApi.as_view(), name="api_household_detail"),
]
