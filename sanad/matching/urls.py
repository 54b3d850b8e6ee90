"""Duplicate review pages, under /duplicates/."""

from django.urls import path

from sanad.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="review_list"),
    path("pairs/<uuid:uuid>/", views.PairDetailView.as_view(), name="pair_detail"),
    path("pairs/<uuid:uuid>/decide/", views.PairDecideView.as_view(), name="pair_decide"),
    path("pairs/<uuid:uuid>/merge/", views.PairMergeView.as_view(), name="pair_merge"),
    path("merges/", views.MergeListView.as_view(), name="merge_list"),
    path("merges/<uuid:uuid>/unmerge/", views.MergeUnmergeView.as_view(), name="merge_unmerge"),
    path("run/", views.DetectionRunView.as_view(), name="run"),
]
