"""Periodic jobs of the assistance module (thin wrappers around services)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanad.assistance.services.alerts import stock_alerts_refresh


@db_periodic_task(crontab(minute="15", hour="*/6"))
def stock_alerts_refresh_task():
    return stock_alerts_refresh()
