"""The data migration that moves the two focal-point models into core.FocalPoint."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("core", "0007_focal_point"),
    ("cases", "0007_encrypted_text_fields"),
    ("feedback", "0004_escalations_as_deadline_notices"),
]


@pytest.mark.django_db(transaction=True)
def test_focal_points_of_cases_and_tickets_move_into_core(org, users):
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("cases", "FocalPoint").objects.create(
        unit_id=org.unit.pk,
        case_type="gbv",
        user_id=users["protection_caseworker"].pk,
        assigned_by_id=users["agency_admin"].pk,
    )
    old.get_model("feedback", "FocalPoint").objects.create(
        agency_id=org.agency.pk, category="psea", user_id=users["psea_focal_point"].pk, named_by_id=None
    )

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    from sanad.core.models import FocalPoint

    moved = {(p.agency_id, p.unit_id, p.category, p.user_id, p.named_by_id) for p in FocalPoint.objects.all()}
    assert moved == {
        (org.agency.pk, org.unit.pk, "gbv", users["protection_caseworker"].pk, users["agency_admin"].pk),
        (org.agency.pk, None, "psea", users["psea_focal_point"].pk, None),
    }
    tables = connection.introspection.table_names()
    assert "cases_focalpoint" not in tables and "feedback_focalpoint" not in tables
