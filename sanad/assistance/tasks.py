"""Jobs of the assistance module (thin wrappers around services)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sanad.assistance.services.alerts import stock_alerts_refresh
from sanad.core.services.jobs import run_job


@db_periodic_task(crontab(minute="15", hour="*/6"))
def stock_alerts_refresh_task():
    return stock_alerts_refresh()


@db_task()
def cash_plan_export_task(job_id):
    from sanad.assistance.services.cash_jobs import cash_plan_export_job

    run_job(job_id, cash_plan_export_job)


@db_task()
def cash_plan_reconcile_task(job_id):
    from sanad.assistance.services.cash_jobs import cash_plan_reconcile_job

    run_job(job_id, cash_plan_reconcile_job)
