"""User services: what an agency administrator may and may not do; audit before → after."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework.authtoken.models import Token

from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent, Role, TeamMembership, User
from sanad.core.services.users import (
    RESERVED_ROLES,
    api_token_issue,
    generate_password,
    user_create,
    user_deactivate,
    user_reset_two_factor,
    user_set_memberships,
    user_set_roles,
    user_update,
)
from sanad.core.validators import CharacterClassValidator


def create(actor, agency, **kwargs):
    return user_create(actor=actor, username=kwargs.pop("username", "fresh"), agency=agency, **kwargs)


def update_kwargs(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "agency": user.agency,
        "units": list(user.units.all()),
        "sensitive_access": user.sensitive_access,
    }
    data.update(overrides)
    return data


def test_generated_password_passes_validators(users, org):
    result = create(users["system_admin"], org.agency)
    assert result.generated_password
    assert result.user.check_password(result.generated_password)
    CharacterClassValidator().validate(generate_password())


def test_non_manager_cannot_create(users, org):
    with pytest.raises(DomainError):
        create(users["team_leader"], org.agency)
    assert not User.objects.filter(username="fresh").exists()


def test_agency_admin_creates_only_in_own_agency(users, org):
    admin = users["agency_admin"]
    with pytest.raises(ValidationError) as error:
        create(admin, org.other_agency)
    assert "agency" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(admin, org.agency, units=[org.partner_unit])
    assert "units" in error.value.message_dict
    assert not User.objects.filter(username="fresh").exists()
    assert not AuditEvent.objects.exists()
    result = create(admin, org.agency, units=[org.unit], roles=["caseworker"])
    assert result.user.agency == org.agency


@pytest.mark.parametrize("role", sorted(RESERVED_ROLES))
def test_agency_admin_cannot_grant_reserved_roles(role, users, org):
    admin = users["agency_admin"]
    with pytest.raises(ValidationError) as error:
        create(admin, org.agency, roles=[role])
    assert "roles" in error.value.message_dict
    target = users["caseworker"]
    with pytest.raises(ValidationError):
        user_set_roles(actor=admin, user=target, roles=["caseworker", role])
    assert set(User.objects.get(pk=target.pk).roles.values_list("code", flat=True)) == {"caseworker"}
    assert not AuditEvent.objects.exists()


def test_system_admin_may_grant_reserved_roles(users, org):
    result = create(users["system_admin"], org.agency, roles=["agency_admin"], sensitive_access=True)
    assert result.user.role_codes == {"agency_admin"}
    assert result.user.sensitive_access


def test_agency_admin_cannot_grant_but_may_withdraw_sensitive_access(users, org, make_user):
    admin = users["agency_admin"]
    with pytest.raises(ValidationError) as error:
        create(admin, org.agency, sensitive_access=True)
    assert "sensitive_access" in error.value.message_dict
    target = users["caseworker"]
    with pytest.raises(ValidationError):
        user_update(actor=admin, user=target, **update_kwargs(target, sensitive_access=True))
    target.refresh_from_db()
    assert not target.sensitive_access
    holder = make_user("protection_caseworker", sensitive=True, username="holder")
    user_update(actor=admin, user=holder, **update_kwargs(holder, sensitive_access=False))
    holder.refresh_from_db()
    assert not holder.sensitive_access
    event = AuditEvent.objects.get(action="core.user.update")
    assert event.changes == {"sensitive_access": [True, False]}


def test_agency_admin_cannot_touch_reserved_accounts(users, other_team_users):
    admin = users["agency_admin"]
    peer = other_team_users["agency_admin"]
    sysadmin = users["system_admin"]
    for target in (peer, sysadmin):
        with pytest.raises(DomainError):
            user_deactivate(actor=admin, user=target)
        with pytest.raises(DomainError):
            user_reset_two_factor(actor=admin, user=target)
        with pytest.raises(DomainError):
            user_update(actor=admin, user=target, **update_kwargs(target, first_name="Hijacked"))
    assert User.objects.filter(pk__in=[peer.pk, sysadmin.pk], is_active=True).count() == 2
    assert not User.objects.filter(first_name="Hijacked").exists()
    assert not AuditEvent.objects.exists()


def test_agency_admin_gets_404_for_other_agency(users, other_agency_users):
    with pytest.raises(Http404):
        user_deactivate(actor=users["agency_admin"], user=other_agency_users["caseworker"])
    assert other_agency_users["caseworker"].is_active


def test_agency_admin_cannot_move_user_to_other_agency(users, org):
    target = users["caseworker"]
    with pytest.raises(ValidationError):
        user_update(
            actor=users["agency_admin"],
            user=target,
            **update_kwargs(target, agency=org.other_agency, units=[]),
        )
    target.refresh_from_db()
    assert target.agency == org.agency


def test_admin_cannot_remove_own_admin_role(users):
    admin = users["system_admin"]
    with pytest.raises(ValidationError):
        user_set_roles(actor=admin, user=admin, roles=["caseworker"])
    assert "system_admin" in set(admin.roles.values_list("code", flat=True))


def test_update_audit_before_after(users, org):
    target = users["caseworker"]
    user_update(
        actor=users["system_admin"],
        user=target,
        **update_kwargs(target, first_name="Mona", units=[org.unit, org.other_unit]),
    )
    event = AuditEvent.objects.get(action="core.user.update")
    assert event.actor == users["system_admin"]
    assert event.object_uuid == str(target.uuid)
    assert event.changes["first_name"][1] == "Mona"
    assert event.changes["units"] == [["mrrm"], ["mhpss", "mrrm"]]


def test_memberships_keep_other_agency_teams_for_agency_admin(users, org):
    target = users["caseworker"]
    # A system administrator gave the user a membership elsewhere.
    TeamMembership.objects.create(team=org.partner_team, user=target, function="nurse")
    user_set_memberships(actor=users["agency_admin"], user=target, memberships={org.other_team: "driver"})
    teams = set(TeamMembership.objects.filter(user=target).values_list("team__code", flat=True))
    assert teams == {"clinic-1", "misrata-1"}


def test_membership_function_is_validated(users, org):
    with pytest.raises(ValidationError):
        user_set_memberships(
            actor=users["system_admin"], user=users["caseworker"], memberships={org.team: "king"}
        )
    assert TeamMembership.objects.get(user=users["caseworker"]).function == "caseworker"


def test_deactivation_revokes_api_token(users):
    target = users["dtm_officer"]
    api_token_issue(actor=users["system_admin"], user=target)
    user_deactivate(actor=users["system_admin"], user=target)
    assert not Token.objects.filter(user=target).exists()
    with pytest.raises(DomainError):
        api_token_issue(actor=users["system_admin"], user=target)


def test_role_rows_exist_for_every_matrix_role(db):
    from sanad.core.permissions import ROLES

    assert set(Role.objects.values_list("code", flat=True)) == set(ROLES)
