"""Writes of the referrals module (see the submodules)."""

from sanad.referrals.services.directory import (
    referral_pathway_save,
    referral_service_create,
    referral_service_update,
    service_provider_create,
    service_provider_update,
)
from sanad.referrals.services.external import referral_email_partner, referral_from_token, referral_link_token
from sanad.referrals.services.referrals import (
    actor_is_receiver,
    actor_is_sender,
    referral_accept,
    referral_cancel,
    referral_complete,
    referral_decline,
    referral_open_case,
    referral_origin_check,
    referral_override_review,
    referral_receive,
    referral_register_person,
    referral_send,
    referral_start_service,
)
from sanad.referrals.services.sla import (
    referral_escalate_overdue,
    referral_expire_unanswered,
    referral_sla_tick,
)

__all__ = [
    "actor_is_receiver",
    "actor_is_sender",
    "referral_accept",
    "referral_cancel",
    "referral_complete",
    "referral_decline",
    "referral_email_partner",
    "referral_escalate_overdue",
    "referral_expire_unanswered",
    "referral_from_token",
    "referral_link_token",
    "referral_open_case",
    "referral_origin_check",
    "referral_override_review",
    "referral_pathway_save",
    "referral_receive",
    "referral_register_person",
    "referral_send",
    "referral_sla_tick",
    "referral_service_create",
    "referral_service_update",
    "referral_start_service",
    "service_provider_create",
    "service_provider_update",
]
