"""Case management: cases, their status history, plans, follow-ups, notes, approvals, services.

A case belongs to one person and is held by a unit and a team; its owner (and any co-caseworkers)
work it. Sensitive cases (GBV, VoT, child protection, or flagged) are visible only to the assigned
caseworkers, the team leader of the case's team and the named focal points — see
``sanad.cases.access``. Free text about a case (notes) is encrypted at rest
(``sanad.core.fields.EncryptedTextField``).
"""

from sanad.cases.models.case import (
    ACTIVE_STATUSES,
    ALWAYS_SENSITIVE_TYPES,
    Case,
    CaseSetting,
    CaseStatus,
    CaseStatusChange,
    CaseType,
    ClosureReason,
    FocalPoint,
    OpenedFrom,
    RiskLevel,
)
from sanad.cases.models.delivery import (
    SENSITIVE_SERVICE_TYPES,
    SERVICE_NEED,
    Modality,
    ServiceDelivery,
    ServiceType,
)
from sanad.cases.models.work import (
    BestInterestsDetermination,
    CaseAction,
    CaseApproval,
    CaseConsent,
    CaseGoal,
    CaseNote,
    CasePlan,
    CaseTransfer,
    FollowUp,
)

__all__ = [
    "ACTIVE_STATUSES",
    "ALWAYS_SENSITIVE_TYPES",
    "BestInterestsDetermination",
    "Case",
    "CaseAction",
    "CaseApproval",
    "CaseConsent",
    "CaseGoal",
    "CaseNote",
    "CasePlan",
    "CaseSetting",
    "CaseStatus",
    "CaseStatusChange",
    "CaseTransfer",
    "CaseType",
    "ClosureReason",
    "FocalPoint",
    "FollowUp",
    "Modality",
    "OpenedFrom",
    "RiskLevel",
    "SERVICE_NEED",
    "ServiceDelivery",
    "SENSITIVE_SERVICE_TYPES",
    "ServiceType",
]
