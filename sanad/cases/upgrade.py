"""After an upgrade, nothing waits for nobody: re-route what was left pending by an older version.

Before migration ``cases.0006`` an approval named no approvers, and before safety alerts followed
the escalation chain an alert could reach only its recorder. ``reroute_pending`` routes both
through the very functions a new request uses (``case_approvals_reroute``,
``safety_alerts_reroute``). It is idempotent: an approval with approvers, or an alert that reaches
someone besides its recorder, is left alone.

Why after ``migrate`` and not in a data migration: who may decide comes from the escalation chain
(``sanad.core.escalation``), the role matrix and the live ``User`` model, which historical models
(``apps.get_model``) cannot reproduce without copying those rules. Calling live models from inside
a migration breaks as soon as a later migration changes their tables (an installation upgrading
over several versions would run this one against an older schema). So it runs on Django's
``post_migrate`` signal, once every migration is applied and the live models match the database,
on every ``sanad migrate`` (cheap: one query when nothing is left), and on demand with
``sanad reroute_pending``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


@dataclass
class RerouteReport:
    approvals_routed: list = field(default_factory=list)
    approvals_unrouted: list = field(default_factory=list)
    alerts_routed: list = field(default_factory=list)
    alerts_unrouted: list = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Pending approvals given approvers: {len(self.approvals_routed)}",
            f"Pending approvals nobody may decide: {len(self.approvals_unrouted)}"
            + "".join(f"\n  {a.case.reference} ({a.kind})" for a in self.approvals_unrouted),
            f"Open safety alerts re-addressed: {len(self.alerts_routed)}",
            f"Open safety alerts nobody else may receive: {len(self.alerts_unrouted)}"
            + "".join(f"\n  {a.uuid}" for a in self.alerts_unrouted),
        ]


def reroute_pending() -> RerouteReport:
    """Route the pending approvals without approvers and the open alerts only their recorder got."""
    from sanad.assessments.services import safety_alerts_reroute
    from sanad.cases.services.approvals import case_approvals_reroute

    report = RerouteReport()
    report.approvals_routed, report.approvals_unrouted = case_approvals_reroute()
    report.alerts_routed, report.alerts_unrouted = safety_alerts_reroute()
    return report


def fully_migrated(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Every migration is applied, so the live models match the tables."""
    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def reroute_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, verbosity=1, stdout=None, **kwargs) -> None:
    """``post_migrate`` receiver of the cases app (see the module docstring)."""
    if kwargs.get("plan") is None or using != DEFAULT_DB_ALIAS:
        return  # ``flush`` sends the signal too (no plan): nothing was upgraded
    if not fully_migrated(using):
        return  # a partial migrate (``migrate cases 0005``): the live models may not fit yet
    report = reroute_pending()
    touched = report.approvals_routed or report.alerts_routed
    problems = report.approvals_unrouted or report.alerts_unrouted
    if verbosity >= 1 and (touched or problems) and stdout is not None:
        stdout.write("Re-routing what an earlier version left pending:\n" + "\n".join(report.lines()) + "\n")
