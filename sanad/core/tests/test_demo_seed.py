"""The whole demo seed, as `make demo` runs it: every module's seeder, twice; the second run creates
nothing, and every demo user can sign in to a working home page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.core.models import Team, User
from sanad.core.services.demo import DEMO_PASSWORD, EXTRA_USERS, ROLE_USERS, demo_logins, demo_seed

pytestmark = pytest.mark.django_db


def test_demo_seed_runs_every_module_once_and_is_idempotent(client, gazetteer):
    from sanad.core.models import AuditEvent

    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    first = demo_seed()
    assert first.created["users"] == 1 + len(ROLE_USERS) + len(EXTRA_USERS)
    # Demo data goes through the services: audited like real data, from the command line (jobs
    # the seed starts record theirs in the channel "job").
    channels = set(AuditEvent.objects.filter(id__gt=last).values_list("channel", flat=True))
    assert "cli" in channels and channels <= {"cli", "job"}
    for action in (
        "assistance.entitlement_rule.create",
        "assistance.store.thresholds",
        "referrals.service.create",
        "registry.person.register",
    ):
        assert AuditEvent.objects.filter(action=action).exists(), action
    second = demo_seed()
    assert second.created == {}
    zwara = Team.objects.get(code="mrrm-zwara-1")
    assert zwara.base_admin_unit.pcode == "LY021503"
    zwara_users = {name for name, (_, _, team, _) in EXTRA_USERS.items() if team == "mrrm-zwara-1"}
    assert zwara_users == {"caseworker-zwara", "team-leader-zwara"}
    assert set(zwara.memberships.values_list("user__username", flat=True)) == zwara_users
    usernames = {row[0] for row in demo_logins()}
    assert usernames == {"admin", *ROLE_USERS, *EXTRA_USERS}
    # A user without a 2FA requirement signs in and reaches the home page.
    zwara_caseworker = User.objects.get(username="caseworker-zwara")
    assert zwara_caseworker.check_password(DEMO_PASSWORD)
    assert zwara_caseworker.role_codes == {"caseworker"}
    client.force_login(zwara_caseworker)
    assert client.get(reverse("core:home")).status_code == 200
