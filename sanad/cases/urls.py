from django.urls import path

from sanad.cases.views import administration, cases, deliveries

app_name = "cases"

urlpatterns = [
    path("", cases.CaseListView.as_view(), name="list"),
    path("open/", cases.CaseOpenView.as_view(), name="open"),
    path("supervision/", administration.SupervisionView.as_view(), name="supervision"),
    path("services/", deliveries.ServiceListView.as_view(), name="service_list"),
    path("services/record/", deliveries.ServiceRecordView.as_view(), name="service_record"),
    path("settings/", administration.CaseSettingsView.as_view(), name="settings"),
    path("focal-points/", administration.FocalPointsView.as_view(), name="focal_points"),
    path(
        "focal-points/<uuid:uuid>/remove/",
        administration.FocalPointRemoveView.as_view(),
        name="focal_point_remove",
    ),
    path("<uuid:uuid>/", cases.CaseDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/update/", cases.CaseUpdateView.as_view(), name="update"),
    path("<uuid:uuid>/assessment/", cases.CaseStartAssessmentView.as_view(), name="start_assessment"),
    path("<uuid:uuid>/plan/", cases.PlanCreateView.as_view(), name="plan_create"),
    path("<uuid:uuid>/plan/goals/", cases.GoalAddView.as_view(), name="goal_add"),
    path("<uuid:uuid>/plan/actions/", cases.ActionAddView.as_view(), name="action_add"),
    path(
        "<uuid:uuid>/plan/actions/<uuid:action_uuid>/done/",
        cases.ActionCompleteView.as_view(),
        name="action_complete",
    ),
    path(
        "<uuid:uuid>/plan/actions/<uuid:action_uuid>/remove/",
        cases.ActionRemoveView.as_view(),
        name="action_remove",
    ),
    path(
        "<uuid:uuid>/plan/goals/<uuid:goal_uuid>/remove/",
        cases.GoalRemoveView.as_view(),
        name="goal_remove",
    ),
    path(
        "<uuid:uuid>/plan/goals/<uuid:goal_uuid>/achieved/",
        cases.GoalAchieveView.as_view(),
        name="goal_achieve",
    ),
    path("<uuid:uuid>/plan/submit/", cases.PlanSubmitView.as_view(), name="plan_submit"),
    path("<uuid:uuid>/plan/decide/", cases.PlanDecideView.as_view(), name="plan_decide"),
    path("<uuid:uuid>/followups/", cases.FollowUpCreateView.as_view(), name="followup_create"),
    path(
        "<uuid:uuid>/followups/<uuid:followup_uuid>/done/",
        cases.FollowUpCompleteView.as_view(),
        name="followup_complete",
    ),
    path(
        "<uuid:uuid>/followups/<uuid:followup_uuid>/cancel/",
        cases.FollowUpCancelView.as_view(),
        name="followup_cancel",
    ),
    path("<uuid:uuid>/notes/", cases.NoteAddView.as_view(), name="note_add"),
    path("<uuid:uuid>/close/", cases.CaseCloseView.as_view(), name="close"),
    path("<uuid:uuid>/close/decide/", cases.ClosureDecideView.as_view(), name="closure_decide"),
    path("<uuid:uuid>/reopen/", cases.CaseReopenView.as_view(), name="reopen"),
    path("<uuid:uuid>/consent/", cases.ConsentRecordView.as_view(), name="consent_record"),
    path(
        "<uuid:uuid>/consent/<uuid:consent_uuid>/withdraw/",
        cases.ConsentWithdrawView.as_view(),
        name="consent_withdraw",
    ),
    path("<uuid:uuid>/transfer/", cases.CaseTransferView.as_view(), name="transfer"),
    path("<uuid:uuid>/bid/", cases.BidRecordView.as_view(), name="bid_record"),
]
