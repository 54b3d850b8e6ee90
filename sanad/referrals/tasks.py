"""Periodic jobs: escalate overdue referrals and expire unanswered routine ones (every 15 minutes)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanad.referrals.services import referral_escalate_overdue, referral_expire_unanswered


@db_periodic_task(crontab(minute="*/15"))
def referrals_sla_tick():
    referral_escalate_overdue()
    referral_expire_unanswered()
