"""`sanad create_admin`: the first administrator of an installation, audited, with a strong password."""

import pytest
from django.core.management import CommandError, call_command

from sanad.core.models import AuditEvent, User
from sanad.core.permissions import has_permission

STRONG = "Tripoli-Sabha-2026!"


@pytest.mark.django_db
def test_creates_a_system_administrator_and_records_it(monkeypatch, capsys):
    monkeypatch.setenv("SANAD_ADMIN_PASSWORD", STRONG)
    call_command("create_admin", "nadia", "--email", "nadia@example.org")
    user = User.objects.get(username="nadia")
    assert user.check_password(STRONG)
    assert user.role_codes == {"system_admin"}
    assert has_permission(user, "users.manage")
    assert user.requires_2fa
    event = AuditEvent.objects.get(action="core.user.create_first_admin")
    assert event.actor is None
    assert event.object_uuid == str(user.uuid)
    assert "password" not in event.changes
    assert "created" in capsys.readouterr().out


@pytest.mark.django_db
def test_refuses_a_weak_password_and_changes_nothing(monkeypatch):
    monkeypatch.setenv("SANAD_ADMIN_PASSWORD", "password")
    with pytest.raises(CommandError, match="password"):
        call_command("create_admin", "nadia")
    assert not User.objects.filter(username="nadia").exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_refuses_an_existing_username(monkeypatch, make_user):
    existing = make_user("caseworker", username="nadia")
    monkeypatch.setenv("SANAD_ADMIN_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_admin", "Nadia")
    existing.refresh_from_db()
    assert existing.role_codes == {"caseworker"}
    assert not AuditEvent.objects.filter(action="core.user.create_first_admin").exists()
