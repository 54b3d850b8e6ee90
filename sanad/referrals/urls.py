from django.urls import path

from sanad.referrals.views import directory, referrals

app_name = "referrals"

urlpatterns = [
    path("", referrals.ReferralListView.as_view(), name="list"),
    path("new/", referrals.ReferralCreateView.as_view(), name="create"),
    path("overrides/", referrals.OverrideListView.as_view(), name="override_list"),
    path("overrides/<str:uuid>/review/", referrals.OverrideReviewView.as_view(), name="override_review"),
    path("services/", directory.ServiceListView.as_view(), name="service_list"),
    path("services/map.json", directory.ServiceMapDataView.as_view(), name="service_map_data"),
    path("services/new/", directory.ServiceCreateView.as_view(), name="service_create"),
    path("services/<str:uuid>/", directory.ServiceDetailView.as_view(), name="service_detail"),
    path("services/<str:uuid>/edit/", directory.ServiceEditView.as_view(), name="service_edit"),
    path("providers/", directory.ProviderListView.as_view(), name="provider_list"),
    path("providers/new/", directory.ProviderFormView.as_view(), name="provider_create"),
    path("providers/<str:uuid>/edit/", directory.ProviderFormView.as_view(), name="provider_edit"),
    path("pathways/", directory.PathwayListView.as_view(), name="pathway_list"),
    path("pathways/new/", directory.PathwayEditView.as_view(), name="pathway_create"),
    path("pathways/<str:uuid>/edit/", directory.PathwayEditView.as_view(), name="pathway_edit"),
    path("<str:uuid>/", referrals.ReferralDetailView.as_view(), name="detail"),
    path("<str:uuid>/form.pdf", referrals.ReferralPdfView.as_view(), name="pdf"),
    path(
        "<str:uuid>/register-person/", referrals.ReferralRegisterPersonView.as_view(), name="register_person"
    ),
    path("<str:uuid>/open-case/", referrals.ReferralOpenCaseView.as_view(), name="open_case"),
    path("<str:uuid>/<str:action>/", referrals.ReferralTransitionView.as_view(), name="transition"),
]
