"""Case management routes under /api/v1/."""

from django.urls import path

from sanad.cases import api

urlpatterns = [
    path("cases/", api.CaseListApi.as_view(), name="api_case_list"),
    path("cases/<uuid:uuid>/", api.CaseDetailApi.as_view(), name="api_case_detail"),
    path(
        "cases/<uuid:uuid>/start-assessment/",
        api.CaseStartAssessmentApi.as_view(),
        name="api_case_start_assessment",
    ),
    path("cases/<uuid:uuid>/close/", api.CaseCloseApi.as_view(), name="api_case_close"),
    path(
        "cases/<uuid:uuid>/closure-decision/",
        api.CaseClosureDecisionApi.as_view(),
        name="api_case_closure_decision",
    ),
    path("cases/<uuid:uuid>/reopen/", api.CaseReopenApi.as_view(), name="api_case_reopen"),
    path("cases/<uuid:uuid>/plan/", api.CasePlanCreateApi.as_view(), name="api_case_plan_create"),
    path("cases/<uuid:uuid>/plan/goals/", api.CaseGoalApi.as_view(), name="api_case_goal_add"),
    path("cases/<uuid:uuid>/plan/actions/", api.CaseActionApi.as_view(), name="api_case_action_add"),
    path(
        "cases/<uuid:uuid>/plan/goals/<uuid:goal_uuid>/remove/",
        api.CaseGoalRemoveApi.as_view(),
        name="api_case_goal_remove",
    ),
    path(
        "cases/<uuid:uuid>/plan/goals/<uuid:goal_uuid>/achieved/",
        api.CaseGoalAchieveApi.as_view(),
        name="api_case_goal_achieve",
    ),
    path(
        "cases/<uuid:uuid>/plan/actions/<uuid:action_uuid>/remove/",
        api.CaseActionRemoveApi.as_view(),
        name="api_case_action_remove",
    ),
    path("cases/<uuid:uuid>/plan/submit/", api.CasePlanSubmitApi.as_view(), name="api_case_plan_submit"),
    path(
        "cases/<uuid:uuid>/plan/decision/", api.CasePlanDecisionApi.as_view(), name="api_case_plan_decision"
    ),
    path("cases/<uuid:uuid>/consents/", api.CaseConsentApi.as_view(), name="api_case_consent"),
    path("cases/<uuid:uuid>/transfer/", api.CaseTransferApi.as_view(), name="api_case_transfer"),
    path("cases/<uuid:uuid>/bid/", api.CaseBidApi.as_view(), name="api_case_bid"),
    path("cases/<uuid:uuid>/notes/", api.CaseNotesApi.as_view(), name="api_case_notes"),
    path("cases/<uuid:uuid>/followups/", api.CaseFollowUpListApi.as_view(), name="api_case_followups"),
    path(
        "cases/<uuid:uuid>/followups/<uuid:followup_uuid>/complete/",
        api.CaseFollowUpCompleteApi.as_view(),
        name="api_case_followup_complete",
    ),
    path("services/", api.ServiceListApi.as_view(), name="api_service_list"),
    path("services/<uuid:uuid>/", api.ServiceDetailApi.as_view(), name="api_service_detail"),
]
