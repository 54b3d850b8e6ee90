"""The own-account page and the password change."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sanad.conftest import PASSWORD
from sanad.core.models import AuditEvent
from sanad.core.validators import CharacterClassValidator

NEW_PASSWORD = "Blue-Olive-Tree-2024"


@pytest.fixture
def member(make_user):
    return make_user("caseworker", username="salem", first_name="Salem", last_name="Ali")


def test_account_page_shows_roles_teams_2fa_and_idle_timeout(member, client_for, org):
    response = client_for(member).get(reverse("core:account"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mobile-team caseworker" in html
    assert org.team.name in html
    assert 'data-testid="two-factor-status"' in html
    minutes = settings.SESSION_COOKIE_AGE // 60
    assert f"after {minutes} minutes without activity" in html


def test_profile_update_is_audited_and_sets_language(member, client_for):
    client = client_for(member)
    response = client.post(
        reverse("core:account"),
        {
            "first_name": "Salim",
            "last_name": "Ali",
            "email": "s@example.org",
            "phone": "+218 91",
            "preferred_language": "fr",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.first_name, member.email, member.preferred_language) == ("Salim", "s@example.org", "fr")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    event = AuditEvent.objects.get(action="core.user.profile_update")
    assert event.changes["first_name"] == ["Salem", "Salim"]
    assert event.changes["preferred_language"] == ["en", "fr"]


def test_profile_rejects_bad_email_and_changes_nothing(member, client_for):
    response = client_for(member).post(
        reverse("core:account"),
        {
            "first_name": "X",
            "last_name": "",
            "email": "not-an-email",
            "phone": "",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.first_name == "Salem"
    assert not AuditEvent.objects.filter(action="core.user.profile_update").exists()


def change(client, old, new, again=None):
    return client.post(
        reverse("core:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": again if again is not None else new},
    )


def test_password_change_keeps_session_records_time_and_audits(member, client_for):
    client = client_for(member)
    response = change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert member.password_changed_at is not None
    # Still signed in (session hash updated).
    assert client.get(reverse("core:account")).status_code == 200
    event = AuditEvent.objects.get(action="core.user.password_change")
    assert event.actor == member
    assert PASSWORD not in str(event.changes) and NEW_PASSWORD not in str(event.changes)


@pytest.mark.parametrize(
    ("old", "new", "again", "message"),
    [
        ("wrong-old-password", NEW_PASSWORD, None, "Your current password was entered incorrectly."),
        (PASSWORD, "Short-1a", None, "This password is too short."),
        (PASSWORD, "alllowercaseletters", None, "The password must mix at least three of"),
        (PASSWORD, "123456789012345", None, "This password is entirely numeric."),
        (PASSWORD, NEW_PASSWORD, "Something-Else-99", "The two new passwords do not match."),
        (PASSWORD, PASSWORD, None, "The new password must differ from the current one."),
        (PASSWORD, "Salem@example.org1", None, "too similar"),
    ],
)
def test_password_change_rules(member, client_for, old, new, again, message):
    client = client_for(member)
    response = change(client, old, new, again)
    assert response.status_code == 200
    assert message in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert member.password_changed_at is None
    assert not AuditEvent.objects.filter(action="core.user.password_change").exists()


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_character_class_validator_matches_its_rule(password):
    classes = sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )
    try:
        CharacterClassValidator().validate(password)
    except Exception:
        assert classes < 3
    else:
        assert classes >= 3
