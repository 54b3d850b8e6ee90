"""On PostgreSQL the database refuses to change or remove audit events, even through raw SQL."""

import pytest
from django.db import connection, transaction
from django.db.utils import InternalError, ProgrammingError

from sanad.core.audit import audit_record
from sanad.core.models import AuditEvent


@pytest.mark.django_db
def test_postgresql_refuses_raw_update_and_delete_of_audit_events():
    if connection.vendor != "postgresql":
        pytest.skip("the database-level guard exists on PostgreSQL only")
    event = audit_record(actor=None, action="test.event", object_repr="before")
    for sql in (
        "UPDATE core_auditevent SET object_repr = 'after' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises((InternalError, ProgrammingError), match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "before"
