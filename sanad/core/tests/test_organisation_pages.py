"""Organisation pages: role matrix (allowed / 403 / 404 / refused write changed nothing), query counts."""

import re

import pytest
from django.urls import reverse

from sanad.core.models import Agency, AuditEvent, Team, TeamMembership, Unit
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.factories import AdminUnitFactory, SiteFactory, TeamFactory
from sanad.core.tests.role_matrix import REVIEWED


def _nothing_written(before: int) -> bool:
    return AuditEvent.objects.count() == before


# --- Agencies -------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ALL_ROLES)
def test_agency_pages_role_matrix(role, users, client_for, org):
    client = client_for(users[role])
    assert client.get(reverse("core:agency_list")).status_code == 200
    assert client.get(reverse("core:agency_detail", args=[org.other_agency.uuid])).status_code == 200
    manage = 200 if role in REVIEWED["agencies.manage"] else 403
    assert client.get(reverse("core:agency_create")).status_code == manage
    assert client.get(reverse("core:agency_edit", args=[org.agency.uuid])).status_code == manage


def test_agency_create_and_edit_pages(users, client_for, org):
    client = client_for(users["system_admin"])
    form = client.get(reverse("core:agency_create")).context["form"]
    key = form.initial["idempotency_key"]
    data = {
        "code": "wfp",
        "name_en": "WFP",
        "name_ar": "برنامج الأغذية",
        "kind": "un_agency",
        "is_active": "on",
    }
    response = client.post(reverse("core:agency_create"), {**data, "idempotency_key": key})
    agency = Agency.objects.get(code="wfp")
    assert response.status_code == 302 and response["Location"] == reverse(
        "core:agency_detail", args=[agency.uuid]
    )
    client.post(reverse("core:agency_create"), {**data, "idempotency_key": key})  # double submit
    assert Agency.objects.filter(code="wfp").count() == 1
    response = client.post(reverse("core:agency_create"), {**data, "code": "iom", "idempotency_key": "other"})
    assert response.status_code == 200 and "This code is already in use." in response.content.decode()
    response = client.post(
        reverse("core:agency_edit", args=[agency.uuid]), {**data, "name_en": "World Food Programme"}
    )
    agency.refresh_from_db()
    assert response.status_code == 302 and agency.name_en == "World Food Programme"


def test_refused_agency_write_changes_nothing(users, client_for, org):
    before = AuditEvent.objects.count()
    client = client_for(users["agency_admin"])
    data = {"code": "x", "name_en": "X", "kind": "other"}
    assert client.post(reverse("core:agency_create"), data).status_code == 403
    assert client.post(reverse("core:agency_edit", args=[org.agency.uuid]), data).status_code == 403
    assert not Agency.objects.filter(code="x").exists() and Agency.objects.get(pk=org.agency.pk).code == "iom"
    assert _nothing_written(before)


def test_agency_list_query_count(users, client_for, django_assert_max_num_queries):
    for i in range(20):
        Agency.objects.create(code=f"a{i}", name_en=f"Agency {i}")
    client = client_for(users["caseworker"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("core:agency_list"))
    assert len(re.findall(r'href="/agencies/[0-9a-f-]{36}/"', response.content.decode())) == 22


def test_agency_detail_lists_units_and_visible_teams(users, other_agency_users, client_for, org):
    body = (
        client_for(users["caseworker"])
        .get(reverse("core:agency_detail", args=[org.agency.uuid]))
        .content.decode()
    )
    assert (
        "MRRM" in body
        and "MHPSS" in body
        and "Tripoli mobile team 1" in body
        and "Misrata mobile team 1" in body
    )
    assert reverse("core:unit_create", args=[org.agency.uuid]) not in body
    body = (
        client_for(users["agency_admin"])
        .get(reverse("core:agency_detail", args=[org.agency.uuid]))
        .content.decode()
    )
    assert reverse("core:unit_create", args=[org.agency.uuid]) in body
    assert reverse("core:unit_edit", args=[org.unit.uuid]) in body
    # Someone of another agency sees the agency and its units, but not its teams.
    other = client_for(other_agency_users["partner_caseworker"])
    body = other.get(reverse("core:agency_detail", args=[org.agency.uuid])).content.decode()
    assert "MRRM" in body and "Tripoli mobile team 1" not in body


# --- Units ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ALL_ROLES)
def test_unit_pages_role_matrix(role, users, other_agency_users, client_for, org):
    client = client_for(users[role])
    create, edit = (
        reverse("core:unit_create", args=[org.agency.uuid]),
        reverse("core:unit_edit", args=[org.unit.uuid]),
    )
    expected = 200 if role in REVIEWED["units.manage"] else 403
    assert client.get(create).status_code == expected
    assert client.get(edit).status_code == expected
    if role == "agency_admin":  # agency scope: the other agency's units are out of sight
        other = client_for(other_agency_users[role])
        assert other.get(create).status_code == 404
        assert other.get(edit).status_code == 404


def test_unit_create_and_refused_write(users, other_agency_users, client_for, org):
    data = {"code": "cash", "name_en": "Cash", "kind": "cash", "is_active": "on", "idempotency_key": "u1"}
    before = AuditEvent.objects.count()
    response = client_for(other_agency_users["agency_admin"]).post(
        reverse("core:unit_create", args=[org.agency.uuid]), data
    )
    assert response.status_code == 404
    response = client_for(users["caseworker"]).post(
        reverse("core:unit_edit", args=[org.unit.uuid]), {**data, "name_en": "X"}
    )
    assert response.status_code == 403
    assert (
        not Unit.objects.filter(code="cash").exists() and Unit.objects.get(pk=org.unit.pk).name_en == "MRRM"
    )
    assert _nothing_written(before)
    response = client_for(users["agency_admin"]).post(
        reverse("core:unit_create", args=[org.agency.uuid]), data
    )
    assert response.status_code == 302 and Unit.objects.get(code="cash").agency == org.agency


# --- Teams ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ALL_ROLES)
def test_team_pages_role_matrix(role, users, other_agency_users, client_for, org):
    client = client_for(users[role])
    assert client.get(reverse("core:team_list")).status_code == 200
    assert client.get(reverse("core:team_detail", args=[org.team.uuid])).status_code == 200
    scope = REVIEWED["teams.view"][role]
    sibling = client.get(reverse("core:team_detail", args=[org.other_team.uuid])).status_code
    assert sibling == (200 if scope >= scope.AGENCY else 404)
    partner = client.get(reverse("core:team_detail", args=[org.partner_team.uuid])).status_code
    assert partner == (200 if scope == scope.ALL else 404)

    may_create = (
        REVIEWED["teams.manage"].get(role) is not None and REVIEWED["teams.manage"][role] >= scope.AGENCY
    )
    assert client.get(reverse("core:team_create")).status_code == (200 if may_create else 403)
    edit = client.get(reverse("core:team_edit", args=[org.team.uuid])).status_code
    assert edit == (200 if role in REVIEWED["teams.manage"] else 403)


def test_user_without_roles_is_refused(make_user, client_for, org):
    client = client_for(make_user(None))
    assert client.get(reverse("core:team_list")).status_code == 403
    assert client.get(reverse("core:agency_list")).status_code == 403


def test_team_list_scope_and_query_count(users, client_for, org, django_assert_max_num_queries):
    for i in range(25):
        TeamFactory(unit=org.unit, code=f"extra-{i}", base_site=SiteFactory())
    client = client_for(users["caseworker"])
    with django_assert_max_num_queries(12):
        body = client.get(reverse("core:team_list")).content.decode()
    assert (
        "Tripoli mobile team 1" in body
        and "Misrata mobile team 1" in body
        and "Partner clinic team" not in body
    )
    body = client_for(users["partner_caseworker"]).get(reverse("core:team_list")).content.decode()
    assert "Tripoli mobile team 1" in body and "Misrata mobile team 1" not in body


def test_team_detail_shows_members_with_functions(users, client_for, org):
    body = (
        client_for(users["caseworker"])
        .get(reverse("core:team_detail", args=[org.team.uuid]))
        .content.decode()
    )
    assert "team_leader-tripoli-1" in body and "Team leader" in body
    assert reverse("core:team_edit", args=[org.team.uuid]) not in body
    body = (
        client_for(users["team_leader"])
        .get(reverse("core:team_detail", args=[org.team.uuid]))
        .content.decode()
    )
    assert reverse("core:team_edit", args=[org.team.uuid]) in body and 'data-testid="member-add-form"' in body


def test_team_edit_out_of_scope_is_404_and_changes_nothing(
    users, other_team_users, other_agency_users, client_for, org
):
    before = AuditEvent.objects.count()
    url = reverse("core:team_edit", args=[org.team.uuid])
    data = {"code": "tripoli-1", "name": "Renamed"}
    assert client_for(other_team_users["team_leader"]).post(url, data).status_code == 404
    assert client_for(other_agency_users["agency_admin"]).post(url, data).status_code == 404
    assert client_for(users["caseworker"]).post(url, data).status_code == 403
    assert Team.objects.get(pk=org.team.pk).name == "Tripoli mobile team 1" and _nothing_written(before)


def test_team_leader_edits_own_team_without_unit_field(users, client_for, org):
    client = client_for(users["team_leader"])
    url = reverse("core:team_edit", args=[org.team.uuid])
    assert "unit" not in client.get(url).context["form"].fields
    baladiya = AdminUnitFactory()
    response = client.post(
        url,
        {
            "code": "tripoli-1",
            "name": "Tripoli outreach",
            "is_mobile": "on",
            "is_active": "on",
            "base_admin_unit": baladiya.uuid,
        },
    )
    assert response.status_code == 302
    team = Team.objects.get(pk=org.team.pk)
    assert (team.name, team.base_admin_unit, team.unit) == ("Tripoli outreach", baladiya, org.unit)


def test_team_create_page(users, other_agency_users, client_for, org):
    client = client_for(users["agency_admin"])
    units = client.get(reverse("core:team_create")).context["form"].fields["unit"].queryset
    assert set(units) == {org.unit, org.other_unit}
    data = {
        "unit": org.unit.uuid,
        "code": "sabha-1",
        "name": "Sabha 1",
        "is_mobile": "on",
        "is_active": "on",
        "idempotency_key": "k",
    }
    response = client.post(reverse("core:team_create"), data)
    team = Team.objects.get(code="sabha-1")
    assert response.status_code == 302 and team.agency == org.agency
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("core:team_create"),
        {**data, "unit": org.partner_unit.uuid, "code": "evil", "idempotency_key": "k2"},
    )
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert not Team.objects.filter(code="evil").exists() and _nothing_written(before)


def test_member_add_and_remove_pages(users, other_team_users, client_for, make_user, org):
    newcomer = make_user(None, team=org.other_team, username="newcomer")
    add = reverse("core:team_member_add", args=[org.team.uuid])
    remove = reverse("core:team_member_remove", args=[org.team.uuid, newcomer.uuid])
    before = AuditEvent.objects.count()
    assert (
        client_for(other_team_users["team_leader"])
        .post(add, {"user": newcomer.uuid, "function": "nurse"})
        .status_code
        == 404
    )
    assert (
        client_for(users["caseworker"]).post(add, {"user": newcomer.uuid, "function": "nurse"}).status_code
        == 403
    )
    assert not TeamMembership.objects.filter(team=org.team, user=newcomer).exists() and _nothing_written(
        before
    )

    client = client_for(users["team_leader"])
    assert client.post(add, {"user": newcomer.uuid, "function": "bogus"}).status_code == 400
    assert client.post(add, {"user": newcomer.uuid, "function": "nurse"}).status_code == 302
    assert TeamMembership.objects.get(team=org.team, user=newcomer).function == "nurse"
    assert client_for(other_team_users["team_leader"]).post(remove).status_code == 404
    assert TeamMembership.objects.filter(team=org.team, user=newcomer).exists()
    assert client.post(remove).status_code == 302
    assert not TeamMembership.objects.filter(team=org.team, user=newcomer).exists()
