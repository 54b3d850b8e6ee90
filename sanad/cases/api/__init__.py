"""The case management API: cases (list, open, read, update, transitions), their plan, notes,
follow-ups, consent and transfer; services delivered.

Endpoints read through the same selectors and write through the same services as the pages, so
they are scoped exactly like the UI: a case the caller may not see (a sensitive case included)
answers 404, and reading a sensitive case is audited. POSTs that create honour ``Idempotency-Key``.
"""

from sanad.cases.api.cases import (
    CaseActionApi,
    CaseActionRemoveApi,
    CaseBidApi,
    CaseCloseApi,
    CaseClosureDecisionApi,
    CaseConsentApi,
    CaseDetailApi,
    CaseFollowUpCompleteApi,
    CaseFollowUpListApi,
    CaseGoalAchieveApi,
    CaseGoalApi,
    CaseGoalRemoveApi,
    CaseListApi,
    CaseNotesApi,
    CasePlanCreateApi,
    CasePlanDecisionApi,
    CasePlanSubmitApi,
    CaseReopenApi,
    CaseStartAssessmentApi,
    CaseTransferApi,
)
from sanad.cases.api.delivery import ServiceDetailApi, ServiceListApi

__all__ = [
    "CaseActionApi",
    "CaseBidApi",
    "CaseCloseApi",
    "CaseClosureDecisionApi",
    "CaseConsentApi",
    "CaseDetailApi",
    "CaseFollowUpCompleteApi",
    "CaseFollowUpListApi",
    "CaseActionRemoveApi",
    "CaseGoalAchieveApi",
    "CaseGoalApi",
    "CaseGoalRemoveApi",
    "CaseListApi",
    "CaseNotesApi",
    "CasePlanCreateApi",
    "CasePlanDecisionApi",
    "CasePlanSubmitApi",
    "CaseReopenApi",
    "CaseStartAssessmentApi",
    "CaseTransferApi",
    "ServiceDetailApi",
    "ServiceListApi",
]
