"""Shared fixtures: two agencies, two teams in the first agency, one user per role.

``users[role]`` belongs to agency A, unit A and team A. ``other_team_users[role]`` belongs to
agency A but unit B / team B; ``other_agency_users[role]`` belongs to agency B. Use
``client_for(user)`` for a logged-in client that passed two-factor authentication.

``gazetteer`` (the real Libya gazetteer) and ``r54`` (DTM Round 54 imported on it) are loaded once
per test session and worker, and rolled back around every test that does not ask for them (see
``sanad/core/tests/session_data.py``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
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
from sanad.core.tests.session_data import SESSION_DATA, layers_for

PASSWORD = "Correct-Horse-42!"


def _schema_key() -> str:
    """Changes whenever the database schema may: any migration or any pinned version."""
    from django.conf import settings

    digest = hashlib.sha256()
    paths = sorted(Path(settings.PACKAGE_DIR).glob("*/migrations/*.py"))
    paths.append(Path(settings.BASE_DIR) / "pyproject.toml")
    for path in paths:
        if path.exists():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_keepdb):
    """``--reuse-db`` (as `make test` passes it) on SQLite: the test database of each xdist worker
    is a file under var/test-db/, named after the schema, kept between runs (Django still applies
    new migrations to it). A new migration or pin gives a new name, so a database built for other
    migrations is never reused; those are deleted. Without ``--reuse-db`` each run gets its own
    in-memory database, as before."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not django_db_keepdb or database["ENGINE"] != "django.db.backends.sqlite3":
        return
    if database.get("TEST", {}).get("NAME"):
        return  # the browser tests' file (SANAD_TEST_SQLITE_FILE)
    directory = Path(settings.VAR_DIR) / "test-db"
    directory.mkdir(parents=True, exist_ok=True)
    key = _schema_key()
    for old in directory.glob("sanad-*.sqlite3*"):
        if not old.name.startswith(f"sanad-{key}-"):
            old.unlink(missing_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database.setdefault("TEST", {})["NAME"] = str(directory / f"sanad-{key}-{worker}.sqlite3")


def pytest_collection_modifyitems(items):
    """Tests that read the same session-level data run one after the other (stable order
    otherwise), so that each worker loads the gazetteer and Round 54 once."""
    items.sort(key=layers_for)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test's fixtures: roll back the session-level data it does not ask for."""
    wanted = layers_for(item)
    SESSION_DATA.closed_for_test = wanted < 0
    SESSION_DATA.ensure(wanted)


@pytest.fixture(scope="session")
def _gazetteer_layer(django_db_setup, django_db_blocker):
    """Loads the gazetteer for the first test that asks (later ones: pytest_runtest_setup)."""
    SESSION_DATA.ensure(1, django_db_blocker)
    yield
    SESSION_DATA.keep_only(0)


@pytest.fixture(scope="session")
def _r54_layer(_gazetteer_layer, django_db_blocker):
    SESSION_DATA.ensure(2, django_db_blocker)
    yield
    SESSION_DATA.keep_only(1)


@pytest.fixture
def gazetteer(_gazetteer_layer, db):
    """The real Libya gazetteer (COD-AB), loaded once per session; the load's report."""
    from sanad.core.tests.session_data import load_gazetteer

    report = SESSION_DATA.value("gazetteer")
    return load_gazetteer() if report is None else report


@pytest.fixture
def r54(_r54_layer, gazetteer):
    """DTM Round 54 (migrants) imported from the shipped file, once per session; the import's report."""
    from sanad.core.tests.session_data import load_r54

    report = SESSION_DATA.value("r54")
    return load_r54() if report is None else report


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
