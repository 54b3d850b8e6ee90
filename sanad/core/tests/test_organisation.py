"""Organisation services: agencies, units, teams, members — validated, scoped and audited."""

import pytest
from django.core.exceptions import ValidationError

from sanad.core.errors import DomainError
from sanad.core.models import Agency, AuditEvent, Team, TeamMembership, Unit
from sanad.core.services.organisation import (
    agency_create,
    agency_update,
    team_add_member,
    team_create,
    team_remove_member,
    team_update,
    unit_create,
    unit_update,
)
from sanad.core.tests.factories import AdminUnitFactory, SiteFactory


def _audit(action):
    return list(AuditEvent.objects.filter(action=action))


def test_agency_create_is_audited_and_idempotent(users):
    admin = users["system_admin"]
    agency = agency_create(
        actor=admin, code="unhcr", name_en="UNHCR", name_ar="المفوضية", idempotency_key="k1"
    )
    again = agency_create(actor=admin, code="unhcr", name_en="UNHCR", idempotency_key="k1")
    assert again.pk == agency.pk and Agency.objects.filter(code="unhcr").count() == 1
    [event] = _audit("core.agency.create")
    assert event.changes["code"] == [None, "unhcr"] and event.changes["name_ar"] == [None, "المفوضية"]


def test_agency_create_validates_and_refuses(users):
    with pytest.raises(ValidationError) as error:
        agency_create(actor=users["system_admin"], code="iom", name_en="Duplicate")
    assert "code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        agency_create(actor=users["system_admin"], code="bad code!", name_en="")
    assert {"code", "name_en"} <= set(error.value.message_dict)
    with pytest.raises(DomainError):
        agency_create(actor=users["agency_admin"], code="new", name_en="New")
    assert not Agency.objects.filter(code__in=["new", "bad code!"]).exists()
    assert not _audit("core.agency.create")


def test_agency_update_records_before_and_after(users, org):
    agency_update(actor=users["system_admin"], agency=org.agency, name_en="IOM Libya", is_active=True)
    [event] = _audit("core.agency.update")
    assert event.changes == {"name_en": ["IOM", "IOM Libya"]}
    agency_update(actor=users["system_admin"], agency=org.agency, name_en="IOM Libya")
    assert len(_audit("core.agency.update")) == 1  # nothing changed, nothing recorded


def test_units_are_managed_within_the_agency(users, other_agency_users, org):
    unit = unit_create(actor=users["agency_admin"], agency=org.agency, code="vhr", name_en="VHR", kind="vhr")
    assert unit.agency == org.agency and _audit("core.unit.create")
    with pytest.raises(DomainError):
        unit_create(actor=other_agency_users["agency_admin"], agency=org.agency, code="x", name_en="X")
    with pytest.raises(DomainError):
        unit_update(actor=other_agency_users["agency_admin"], unit=unit, name_en="Hijacked")
    with pytest.raises(ValidationError):
        unit_create(actor=users["agency_admin"], agency=org.agency, code="mrrm", name_en="Duplicate code")
    unit_update(actor=users["agency_admin"], unit=unit, name_en="Voluntary return")
    unit.refresh_from_db()
    assert unit.name_en == "Voluntary return"
    assert _audit("core.unit.update")[0].changes == {"name_en": ["VHR", "Voluntary return"]}
    # A code may repeat in another agency.
    assert unit_create(actor=users["system_admin"], agency=org.other_agency, code="vhr", name_en="VHR").pk


def test_team_create_scope(users, other_agency_users, org):
    baladiya = AdminUnitFactory()
    site = SiteFactory(admin_unit=baladiya)
    team = team_create(
        actor=users["agency_admin"],
        unit=org.unit,
        code="zawiya-1",
        name="Zawiya 1",
        base_admin_unit=baladiya,
        base_site=site,
        idempotency_key="t1",
    )
    assert team.agency == org.agency
    assert (
        team_create(actor=users["agency_admin"], unit=org.unit, code="zz", name="zz", idempotency_key="t1")
        == team
    )
    [event] = _audit("core.team.create")
    assert event.changes["base_site"] == [None, str(site.uuid)]
    with pytest.raises(ValidationError) as error:
        team_create(actor=other_agency_users["agency_admin"], unit=org.unit, code="x", name="X")
    assert "unit" in error.value.message_dict
    with pytest.raises(DomainError):
        team_create(actor=users["team_leader"], unit=org.unit, code="y", name="Y")
    with pytest.raises(ValidationError) as error:
        team_create(actor=users["agency_admin"], unit=org.unit, code="tripoli-1", name="Same code")
    assert "code" in error.value.message_dict
    assert not Team.objects.filter(code__in=["x", "y"]).exists()


def test_team_base_site_must_lie_in_the_base_municipality(users, org):
    here, there = AdminUnitFactory(), AdminUnitFactory()
    neighbourhood = AdminUnitFactory(level=4, parent=here)
    with pytest.raises(ValidationError) as error:
        team_update(
            actor=users["team_leader"],
            team=org.team,
            base_admin_unit=here,
            base_site=SiteFactory(admin_unit=there),
        )
    assert "base_site" in error.value.message_dict
    team_update(
        actor=users["team_leader"],
        team=org.team,
        base_admin_unit=here,
        base_site=SiteFactory(admin_unit=neighbourhood),
    )
    org.team.refresh_from_db()
    assert org.team.base_admin_unit == here


def test_team_leader_edits_own_team_only_and_cannot_move_it(users, other_team_users, org):
    team_update(actor=users["team_leader"], team=org.team, name="Tripoli outreach")
    assert _audit("core.team.update")[0].changes == {"name": ["Tripoli mobile team 1", "Tripoli outreach"]}
    with pytest.raises(DomainError):
        team_update(actor=other_team_users["team_leader"], team=org.team, name="Not mine")
    with pytest.raises(ValidationError):
        team_update(actor=users["team_leader"], team=org.team, unit=org.other_unit)
    with pytest.raises(ValidationError):
        team_update(actor=users["system_admin"], team=org.team, unit=org.partner_unit)  # other agency
    org.team.refresh_from_db()
    assert org.team.name == "Tripoli outreach" and org.team.unit == org.unit
    team_update(actor=users["agency_admin"], team=org.team, unit=org.other_unit)
    org.team.refresh_from_db()
    assert org.team.unit == org.other_unit


def test_members_added_changed_and_removed(users, other_agency_users, make_user, org):
    newcomer = make_user(None, team=org.other_team, username="newcomer")
    leader = users["team_leader"]
    membership = team_add_member(actor=leader, team=org.team, user=newcomer, function="nurse")
    assert membership.function == "nurse"
    team_add_member(actor=leader, team=org.team, user=newcomer, function="doctor")
    assert TeamMembership.objects.get(team=org.team, user=newcomer).function == "doctor"
    assert _audit("core.team.change_member_function")[0].changes["function"] == ["nurse", "doctor"]
    with pytest.raises(ValidationError):
        team_add_member(actor=leader, team=org.team, user=other_agency_users["caseworker"], function="nurse")
    with pytest.raises(ValidationError):
        team_add_member(actor=leader, team=org.team, user=newcomer, function="pilot")
    with pytest.raises(DomainError):
        team_add_member(actor=users["caseworker"], team=org.team, user=newcomer, function="nurse")
    team_remove_member(actor=leader, team=org.team, user=newcomer)
    assert not TeamMembership.objects.filter(team=org.team, user=newcomer).exists()
    assert _audit("core.team.remove_member")[0].changes == {
        "member": ["newcomer", None],
        "function": ["doctor", None],
    }
    with pytest.raises(ValidationError):
        team_remove_member(actor=leader, team=org.team, user=newcomer)
    assert Unit.objects.count() == 3
