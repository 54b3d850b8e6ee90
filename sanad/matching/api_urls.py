"""Duplicate-detection routes under /api/v1/."""

from django.urls import path

from sanad.matching import api

urlpatterns = [
    path("people/<uuid:uuid>/duplicates/", api.PersonDuplicatesApi.as_view(), name="api_person_duplicates"),
    path("duplicate-pairs/", api.DuplicatePairListApi.as_view(), name="api_duplicate_pair_list"),
    path(
        "duplicate-pairs/<uuid:uuid>/decide/",
        api.DuplicatePairDecideApi.as_view(),
        name="api_duplicate_pair_decide",
    ),
    path("merges/", api.MergeListApi.as_view(), name="api_merge_list"),
    path("merges/<uuid:uuid>/unmerge/", api.MergeUnmergeApi.as_view(), name="api_merge_unmerge"),
]
