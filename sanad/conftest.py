"""Shared fixtures: two agencies, two teams in the first agency, one user per role.

``users[role]`` belongs to agency A, unit A and team A. ``other_team_users[role]`` belongs to
agency A but unit B / team B; ``other_agency_users[role]`` belongs to agency B. Use
``client_for(user)`` for a logged-in client that passed two-factor authentication.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sanad.core.models import TeamMembership, Unit
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.factories import AgencyFactory, MembershipFactory, TeamFactory, UnitFactory, UserFactory

PASSWORD = "Correct-Horse-42!"


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request or a job that activated Arabic in
    one test must not leak into the next one's messages (seen with the import-row tests)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def org(db):
    agency = AgencyFactory(code="iom", name_en="IOM", name_ar="المنظمة الدولية للهجرة")
    other_agency = AgencyFactory(code="medics", name_en="Medical NGO", name_ar="منظمة طبية")
    unit = UnitFactory(agency=agency, code="mrrm", kind=Unit.Kind.MRRM, name_en="MRRM")
    other_unit = UnitFactory(agency=agency, code="mhpss", kind=Unit.Kind.MHPSS, name_en="MHPSS")
    partner_unit = UnitFactory(agency=other_agency, code="health", kind=Unit.Kind.HEALTH, name_en="Health")
    team = TeamFactory(unit=unit, code="tripoli-1", name="Tripoli mobile team 1")
    other_team = TeamFactory(unit=other_unit, code="misrata-1", name="Misrata mobile team 1")
    partner_team = TeamFactory(unit=partner_unit, code="clinic-1", name="Partner clinic team")
    return SimpleNamespace(
        agency=agency,
        other_agency=other_agency,
        unit=unit,
        other_unit=other_unit,
        partner_unit=partner_unit,
        team=team,
        other_team=other_team,
        partner_team=partner_team,
    )


@pytest.fixture
def make_user(org):
    def make(role: str | None = None, *, team=None, unit=None, agency=None, sensitive=False, **kwargs):
        team = team or org.team
        unit = unit or team.unit
        agency = agency or team.agency
        user = UserFactory(agency=agency, roles=[role] if role else [], sensitive_access=sensitive, **kwargs)
        user.units.add(unit)
        function = (
            TeamMembership.Function.TEAM_LEADER
            if role == "team_leader"
            else TeamMembership.Function.CASEWORKER
        )
        MembershipFactory(team=team, user=user, function=function)
        user.forget_cached_access()
        return user

    return make


def _users_in(make_user, team) -> dict:
    return {role: make_user(role, team=team, username=f"{role}-{team.code}") for role in ALL_ROLES}


@pytest.fixture
def users(make_user, org) -> dict:
    return _users_in(make_user, org.team)


@pytest.fixture
def other_team_users(make_user, org) -> dict:
    return _users_in(make_user, org.other_team)


@pytest.fixture
def other_agency_users(make_user, org) -> dict:
    return _users_in(make_user, org.partner_team)


def verified_login(client: Client, user) -> Client:
    """Log in as if the user had passed the password and TOTP steps."""
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for(db):
    def make(user) -> Client:
        return verified_login(Client(), user)

    return make


@pytest.fixture
def api_client_for(db):
    def make(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make
