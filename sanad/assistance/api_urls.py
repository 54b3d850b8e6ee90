"""Assistance routes under /api/v1/."""

from django.urls import path

from sanad.assistance import api

urlpatterns = [
    path("items/", api.ItemListApi.as_view(), name="api_item_list"),
    path("items/<uuid:uuid>/", api.ItemDetailApi.as_view(), name="api_item_detail"),
    path("stores/", api.StoreListApi.as_view(), name="api_store_list"),
    path("stores/<uuid:uuid>/", api.StoreDetailApi.as_view(), name="api_store_detail"),
    path("stock-movements/", api.StockMovementListApi.as_view(), name="api_stock_movement_list"),
    path("distributions/", api.DistributionListApi.as_view(), name="api_distribution_list"),
    path("distributions/<uuid:uuid>/", api.DistributionDetailApi.as_view(), name="api_distribution_detail"),
    path(
        "distributions/<uuid:uuid>/receipts/",
        api.DistributionReceiptApi.as_view(),
        name="api_distribution_receipt",
    ),
    path("cash-plans/", api.CashPlanListApi.as_view(), name="api_cash_plan_list"),
    path("cash-plans/<uuid:uuid>/", api.CashPlanDetailApi.as_view(), name="api_cash_plan_detail"),
    path("payments/", api.PaymentListApi.as_view(), name="api_payment_list"),
]
