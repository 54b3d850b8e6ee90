from django.urls import path

from sanad.assistance.views import cash, catalogue, configuration, distributions, pdm, sheets

app_name = "assistance"

urlpatterns = [
    path("items/", catalogue.ItemListView.as_view(), name="item_list"),
    path("items/<uuid:uuid>/edit/", configuration.ItemEditView.as_view(), name="item_edit"),
    path("entitlements/", catalogue.EntitlementRuleListView.as_view(), name="entitlement_rules"),
    path("stock/", catalogue.StockOverviewView.as_view(), name="stock_overview"),
    path("stores/<uuid:uuid>/", catalogue.StoreDetailView.as_view(), name="store_detail"),
    path("stores/<uuid:uuid>/edit/", configuration.StoreEditView.as_view(), name="store_edit"),
    path("stores/<uuid:uuid>/receive/", catalogue.StockReceiveView.as_view(), name="stock_receive"),
    path("stores/<uuid:uuid>/transfer/", catalogue.TransferDispatchView.as_view(), name="transfer_dispatch"),
    path("stores/<uuid:uuid>/adjust/", catalogue.AdjustmentRequestView.as_view(), name="adjustment_request"),
    path("transfers/<uuid:uuid>/receive/", catalogue.TransferReceiveView.as_view(), name="transfer_receive"),
    path(
        "adjustments/<uuid:uuid>/decide/", catalogue.AdjustmentDecideView.as_view(), name="adjustment_decide"
    ),
    path("distributions/", distributions.DistributionListView.as_view(), name="distribution_list"),
    path("distributions/new/", distributions.DistributionCreateView.as_view(), name="distribution_create"),
    path(
        "distributions/<uuid:uuid>/",
        distributions.DistributionDetailView.as_view(),
        name="distribution_detail",
    ),
    path(
        "distributions/<uuid:uuid>/open/",
        distributions.DistributionOpenView.as_view(),
        name="distribution_open",
    ),
    path(
        "distributions/<uuid:uuid>/issue/",
        distributions.DistributionIssueView.as_view(),
        name="distribution_issue",
    ),
    path(
        "distributions/<uuid:uuid>/close/",
        distributions.DistributionCloseView.as_view(),
        name="distribution_close",
    ),
    path(
        "distributions/<uuid:uuid>/list/",
        distributions.DistributionListPrepareView.as_view(),
        name="distribution_list_prepare",
    ),
    path(
        "distributions/<uuid:uuid>/record/",
        distributions.DistributionRecordView.as_view(),
        name="distribution_record",
    ),
    path(
        "distributions/<uuid:uuid>/bulk/",
        distributions.DistributionBulkView.as_view(),
        name="distribution_bulk",
    ),
    path(
        "distributions/<uuid:uuid>/head-count/",
        distributions.DistributionHeadcountView.as_view(),
        name="distribution_headcount",
    ),
    path(
        "distributions/<uuid:uuid>/sheet.pdf",
        sheets.DistributionSheetView.as_view(),
        name="distribution_sheet",
    ),
    path(
        "distributions/<uuid:uuid>/pdm/",
        distributions.DistributionSampleView.as_view(),
        name="distribution_sample",
    ),
    path(
        "distributions/<uuid:uuid>/pdm/<uuid:sample>/",
        pdm.DistributionPdmView.as_view(),
        name="distribution_pdm",
    ),
    path("cash/", cash.CashPlanListView.as_view(), name="cash_plan_list"),
    path("cash/providers/<uuid:uuid>/edit/", configuration.FspEditView.as_view(), name="fsp_edit"),
    path("cash/new/", cash.CashPlanCreateView.as_view(), name="cash_plan_create"),
    path("cash/<uuid:uuid>/", cash.CashPlanDetailView.as_view(), name="cash_plan_detail"),
    path("cash/<uuid:uuid>/build/", cash.CashPlanBuildView.as_view(), name="cash_plan_build"),
    path(
        "cash/<uuid:uuid>/payments/<uuid:payment>/remove/",
        cash.CashPlanPaymentRemoveView.as_view(),
        name="cash_plan_payment_remove",
    ),
    path("cash/<uuid:uuid>/submit/", cash.CashPlanSubmitView.as_view(), name="cash_plan_submit"),
    path("cash/<uuid:uuid>/approve/", cash.CashPlanApproveView.as_view(), name="cash_plan_approve"),
    path("cash/<uuid:uuid>/reject/", cash.CashPlanRejectView.as_view(), name="cash_plan_reject"),
    path("cash/<uuid:uuid>/export/", cash.CashPlanExportView.as_view(), name="cash_plan_export"),
    path("cash/<uuid:uuid>/reconcile/", cash.CashPlanReconcileView.as_view(), name="cash_plan_reconcile"),
    path("cash/<uuid:uuid>/follow-up/", cash.CashPlanFollowUpView.as_view(), name="cash_plan_follow_up"),
    path("cash/<uuid:uuid>/pdm/", cash.CashPlanSampleView.as_view(), name="cash_plan_sample"),
    path("cash/<uuid:uuid>/pdm/<uuid:sample>/", pdm.CashPlanPdmView.as_view(), name="cash_plan_pdm"),
]
