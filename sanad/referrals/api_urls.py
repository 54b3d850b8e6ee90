"""Routes under /api/v1/."""

from django.urls import path

from sanad.referrals import api

urlpatterns = [
    path("service-providers/", api.ServiceProviderListApi.as_view(), name="api-service-providers"),
    path(
        "service-providers/<str:uuid>/", api.ServiceProviderDetailApi.as_view(), name="api-service-provider"
    ),
    path("referral-services/", api.ReferralServiceListApi.as_view(), name="api-referral-services"),
    path(
        "referral-services/<str:uuid>/", api.ReferralServiceDetailApi.as_view(), name="api-referral-service"
    ),
    path("referrals/", api.ReferralListApi.as_view(), name="api-referrals"),
    path("referrals/<str:uuid>/", api.ReferralDetailApi.as_view(), name="api-referral"),
    path("referrals/<str:uuid>/receive/", api.ReferralReceiveApi.as_view(), name="api-referral-receive"),
    path("referrals/<str:uuid>/accept/", api.ReferralAcceptApi.as_view(), name="api-referral-accept"),
    path("referrals/<str:uuid>/decline/", api.ReferralDeclineApi.as_view(), name="api-referral-decline"),
    path("referrals/<str:uuid>/start-service/", api.ReferralStartApi.as_view(), name="api-referral-start"),
    path("referrals/<str:uuid>/complete/", api.ReferralCompleteApi.as_view(), name="api-referral-complete"),
    path("referrals/<str:uuid>/cancel/", api.ReferralCancelApi.as_view(), name="api-referral-cancel"),
]
