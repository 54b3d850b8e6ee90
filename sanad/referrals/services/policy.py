"""Pieces shared by the referral services: configuration (SLA, expiry, link lifetime) and checks."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy

from sanad.core.deadlines import DeadlinePolicy, deadline_policy
from sanad.core.errors import DomainError
from sanad.core.permissions import has_permission

# Hours within which a referral must be acknowledged, per urgency. Override with the setting
# SANAD_REFERRAL_SLA_HOURS (a dict with the same keys).
DEFAULT_SLA_HOURS = {"emergency": 24, "urgent": 72, "routine": 7 * 24}
# Days after which an unanswered routine referral expires (SANAD_REFERRAL_EXPIRY_DAYS).
DEFAULT_EXPIRY_DAYS = 30
# Days an external partner's link stays valid (SANAD_REFERRAL_LINK_DAYS).
DEFAULT_LINK_DAYS = 14


def sla_hours(urgency: str) -> int:
    configured = getattr(settings, "SANAD_REFERRAL_SLA_HOURS", None) or {}
    return int(configured.get(urgency, DEFAULT_SLA_HOURS[urgency]))


# The receiving service acknowledges a referral within its urgency's hours (calendar time).
ACKNOWLEDGE = deadline_policy(
    DeadlinePolicy(
        kind="referrals.acknowledge",
        label=gettext_lazy("Referral"),
        hours=lambda urgency, record=None: sla_hours(urgency),
        url_name="referrals:detail",
    )
)


def expiry_delta() -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, "SANAD_REFERRAL_EXPIRY_DAYS", DEFAULT_EXPIRY_DAYS)))


def link_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, "SANAD_REFERRAL_LINK_DAYS", DEFAULT_LINK_DAYS)))


def require(actor, action: str, message: str) -> None:
    if not has_permission(actor, action):
        raise DomainError(message, code="forbidden")
