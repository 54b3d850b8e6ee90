"""User administration: create, update, roles, team memberships, deactivation, 2FA reset,
unlock, API tokens. Every function is audited with before → after (never passwords or keys).

Who may do what
---------------
``users.manage`` decides who may administer users at all, and its scope which users:

* A **system administrator** (scope ``all``) may do everything below for every user.
* An **agency administrator** (scope ``agency``) is limited to their own agency:

  - may create users only in their own agency, and may not move a user to another agency;
  - may assign only units and teams of their own agency;
  - may not grant or remove the *reserved* roles (``RESERVED_ROLES``): system administrator,
    agency administrator, auditor, data-protection officer and PSEA focal point. These roles see
    beyond one agency or guard the most sensitive records, so only a system administrator hands
    them out (otherwise an agency administrator could widen their own reach);
  - may not *grant* ``sensitive_access`` (naming someone on GBV / VoT / child-protection / PSEA
    records is a system-administrator decision) but may *withdraw* it;
  - may not change, deactivate, reset or unlock a user who holds a reserved role (for instance
    the agency's system administrator or a fellow agency administrator): that would let them
    take over a more powerful account.

* Nobody may deactivate their own account or remove their own administrator role here (no
  accidental lock-out of the last administrator).
* API tokens need ``api_tokens.manage`` (system administrators only).

A user outside the actor's ``users.manage`` scope is a 404 (``Http404``), as everywhere.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import axes.utils
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError, Forbidden
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.models import Agency, Role, Team, TeamMembership, Unit, User
from sanad.core.permissions import ROLES, Scope, scope_for
from sanad.core.scoping import scope_filter

RESERVED_ROLES = frozenset(
    {"system_admin", "agency_admin", "auditor", "data_protection_officer", "psea_focal_point"}
)

PROFILE_FIELDS = ("username", "first_name", "last_name", "email", "phone", "preferred_language")
AUDITED_FIELDS = (*PROFILE_FIELDS, "agency", "units", "roles", "sensitive_access", "is_active")


# ---------------------------------------------------------------------------------------------
# Checks shared by the services
# ---------------------------------------------------------------------------------------------
def _manage_scope(actor) -> Scope:
    scope = scope_for(actor, "users.manage")
    if scope is None:
        raise DomainError(_("You may not manage users."), code="forbidden")
    return scope


def _check_target(actor, user: User) -> Scope:
    """The actor may manage ``user``: in scope (else 404) and not a protected account."""
    scope = _manage_scope(actor)
    if user.pk is not None and not scope_filter(
        User.objects.filter(pk=user.pk), actor=actor, action="users.manage"
    ):
        raise Http404
    if scope < Scope.ALL and user.pk is not None and user.role_codes & RESERVED_ROLES and user.pk != actor.pk:
        raise DomainError(
            _("Only a system administrator may change an administrator, auditor or focal-point account."),
            code="forbidden",
        )
    return scope


def _check_agency(actor, scope: Scope, agency: Agency | None) -> None:
    if scope < Scope.ALL and (agency is None or agency.pk != actor.agency_id):
        raise ValidationError({"agency": _("You may only manage users of your own agency.")})


def _check_units(actor, scope: Scope, agency: Agency | None, units: Iterable[Unit]) -> None:
    for unit in units:
        if agency is not None and unit.agency_id != agency.pk:
            raise ValidationError({"units": _("Unit %(unit)s belongs to another agency.") % {"unit": unit}})
        if scope < Scope.ALL and unit.agency_id != actor.agency_id:
            raise ValidationError({"units": _("You may only assign units of your own agency.")})


def _check_roles(actor, scope: Scope, user: User | None, new_codes: set[str]) -> None:
    unknown = new_codes - set(ROLES)
    if unknown:
        raise ValidationError(
            {"roles": _("Unknown role: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    old_codes = set(user.role_codes) if user is not None and user.pk else set()
    changed = old_codes ^ new_codes
    if scope < Scope.ALL and changed & RESERVED_ROLES:
        message = _(
            "Only a system administrator may grant or remove administrator, auditor or focal-point roles."
        )
        raise ValidationError({"roles": message})
    if user is not None and user.pk == actor.pk:
        lost_admin = (old_codes - new_codes) & {"system_admin", "agency_admin"}
        if lost_admin:
            raise ValidationError({"roles": _("You may not remove your own administrator role.")})


def _check_sensitive(scope: Scope, user: User | None, sensitive_access: bool) -> None:
    had = bool(user is not None and user.pk and user.sensitive_access)
    if scope < Scope.ALL and sensitive_access and not had:
        raise ValidationError(
            {"sensitive_access": _("Only a system administrator may grant sensitive access.")}
        )


def _validate_profile(user: User, *, exclude_pk: int | None) -> None:
    if not user.username:
        raise ValidationError({"username": _("Enter a username.")})
    clash = User.objects.filter(username__iexact=user.username)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"username": _("This username is already taken.")})
    try:
        user.full_clean(exclude=["password", "agency", "uuid"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


def generate_password(length: int = 16) -> str:
    """A random password that passes the strength validators (all four character classes)."""
    alphabet = string.ascii_letters + string.digits + "-_.!@#%+="
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


def _audited(user: User) -> dict:
    user.forget_cached_access()
    return snapshot(user, AUDITED_FIELDS)


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------
@dataclass
class CreatedUser:
    user: User
    # Set only when Sanad generated the initial password: show it once, never store it.
    generated_password: str | None = None
    created: bool = True


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    preferred_language: str = "en",
    agency: Agency | None,
    units: Iterable[Unit] = (),
    roles: Iterable[str] = (),
    sensitive_access: bool = False,
    password: str | None = None,
    idempotency_key: str | None = None,
) -> CreatedUser:
    """Create a user. Without ``password`` a one-time password is generated and returned once."""
    scope = _manage_scope(actor)
    existing = idempotent_lookup(actor=actor, action="core.user.create", key=idempotency_key, model=User)
    if existing is not None:
        return CreatedUser(user=existing, created=False)
    units = list(units)
    role_codes = set(roles)
    _check_agency(actor, scope, agency)
    _check_units(actor, scope, agency, units)
    _check_roles(actor, scope, None, role_codes)
    _check_sensitive(scope, None, sensitive_access)

    user = User(
        username=username.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        preferred_language=preferred_language,
        agency=agency,
        sensitive_access=sensitive_access,
        is_active=True,
    )
    _validate_profile(user, exclude_pk=None)
    generated = None
    if password:
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
    else:
        password = generated = generate_password()
    # Set by an administrator: password_changed_at stays empty until the user picks their own.
    user.set_password(password)
    user.save()
    user.units.set(units)
    user.roles.set(Role.objects.filter(code__in=role_codes))
    idempotent_remember(actor=actor, action="core.user.create", key=idempotency_key, obj=user)
    audit_record(actor=actor, action="core.user.create", obj=user, changes=diff({}, _audited(user)))
    return CreatedUser(user=user, generated_password=generated)


@transaction.atomic
def user_update(
    *,
    actor,
    user: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    preferred_language: str,
    agency: Agency | None,
    units: Iterable[Unit],
    sensitive_access: bool,
) -> User:
    """Change a user's profile, agency, units and sensitive-access flag (roles: ``user_set_roles``)."""
    scope = _check_target(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    units = list(units)
    _check_agency(actor, scope, agency)
    _check_units(actor, scope, agency, units)
    _check_sensitive(scope, user, sensitive_access)
    before = _audited(user)
    user.username = username.strip()
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email.strip()
    user.phone = phone.strip()
    user.preferred_language = preferred_language
    user.agency = agency
    user.sensitive_access = sensitive_access
    _validate_profile(user, exclude_pk=user.pk)
    user.save()
    user.units.set(units)
    after = _audited(user)
    changes = diff(before, after)
    if changes:
        audit_record(actor=actor, action="core.user.update", obj=user, changes=changes)
    return user


@transaction.atomic
def user_set_roles(*, actor, user: User, roles: Iterable[str]) -> User:
    scope = _check_target(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    codes = set(roles)
    _check_roles(actor, scope, user, codes)
    before = _audited(user)
    user.roles.set(Role.objects.filter(code__in=codes))
    changes = diff(before, _audited(user))
    if changes:
        audit_record(actor=actor, action="core.user.roles_set", obj=user, changes=changes)
    return user


def _memberships_state(user: User) -> dict[str, str]:
    return {str(m.team.uuid): m.function for m in user.memberships.select_related("team")}


@transaction.atomic
def user_set_memberships(*, actor, user: User, memberships: Mapping[Team, str]) -> User:
    """Replace the user's team memberships with ``{team: function}``.

    Memberships in teams outside the actor's reach (another agency, for an agency administrator)
    are left untouched; adding one is refused.
    """
    scope = _check_target(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    valid_functions = set(TeamMembership.Function.values)
    for team, function in memberships.items():
        if function not in valid_functions:
            raise ValidationError({"function": _("Choose a valid function.")})
        if scope < Scope.ALL and team.agency_id != actor.agency_id:
            raise ValidationError({"team": _("You may only assign teams of your own agency.")})
        if user.agency_id and team.agency_id != user.agency_id:
            raise ValidationError({"team": _("Team %(team)s belongs to another agency.") % {"team": team}})
    before = _memberships_state(user)
    current = {m.team_id: m for m in user.memberships.all()}
    wanted = {team.pk: function for team, function in memberships.items()}
    for team_id, membership in current.items():
        if team_id in wanted:
            continue
        if scope < Scope.ALL and membership.team.agency_id != actor.agency_id:
            continue
        membership.delete()
    for team_id, function in wanted.items():
        membership = current.get(team_id)
        if membership is None:
            TeamMembership.objects.create(team_id=team_id, user=user, function=function)
        elif membership.function != function:
            membership.function = function
            membership.save(update_fields=["function", "updated_at"])
    user.forget_cached_access()
    after = _memberships_state(user)
    changes = diff({"memberships": before}, {"memberships": after})
    if changes:
        audit_record(actor=actor, action="core.user.memberships_set", obj=user, changes=changes)
    return user


def _set_active(*, actor, user: User, active: bool) -> User:
    _check_target(actor, user)
    if user.pk == actor.pk and not active:
        raise Forbidden(_("You may not deactivate your own account."), code="self_deactivation")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="core.user.activate" if active else "core.user.deactivate",
        obj=user,
        changes={"is_active": [not active, active]},
    )
    if not active:
        # A deactivated integration account must not keep working through its token.
        Token.objects.filter(user=user).delete()
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    """Users are never deleted (their records and audit trail point to them); they are deactivated."""
    return _set_active(actor=actor, user=user, active=False)


@transaction.atomic
def user_activate(*, actor, user: User) -> User:
    return _set_active(actor=actor, user=user, active=True)


@transaction.atomic
def user_reset_two_factor(*, actor, user: User) -> int:
    """Remove the user's authenticator devices; they enrol again at their next sign-in."""
    _check_target(actor, user)
    count, _deleted = TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="core.user.two_factor_reset",
        obj=user,
        changes={"two_factor_devices": [count, 0]},
    )
    return count


@transaction.atomic
def user_set_password(*, actor, user: User, password: str | None = None) -> str | None:
    """An administrator sets a new password (forgotten password). Without ``password`` a one-time
    password is generated and returned once. The user is asked to choose their own at sign-in."""
    _check_target(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    generated = None
    if password:
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
    else:
        password = generated = generate_password()
    before = user.password_changed_at
    user.set_password(password)
    user.password_changed_at = None
    user.save(update_fields=["password", "password_changed_at"])
    audit_record(
        actor=actor,
        action="core.user.password_set",
        obj=user,
        changes={"password_set_by_administrator": [before.isoformat() if before else None, True]},
    )
    return generated


@transaction.atomic
def user_unlock(*, actor, user: User) -> int:
    """Clear the failed sign-in attempts that locked the account (django-axes)."""
    _check_target(actor, user)
    removed = axes.utils.reset(username=user.username)
    audit_record(
        actor=actor, action="core.user.unlock", obj=user, changes={"failed_attempts_cleared": [removed, 0]}
    )
    return removed


def _check_tokens(actor, user: User) -> None:
    if scope_for(actor, "api_tokens.manage") is None:
        raise DomainError(_("You may not manage API tokens."), code="forbidden")
    if not scope_filter(User.objects.filter(pk=user.pk), actor=actor, action="users.view"):
        raise Http404


@transaction.atomic
def api_token_issue(*, actor, user: User) -> str:
    """Issue (or replace) the user's API token. Returns the key: show it once, it is not shown again."""
    _check_tokens(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError(_("An inactive user cannot have an API token."), code="inactive_user")
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit_record(
        actor=actor,
        action="core.api_token.issue",
        obj=user,
        changes={"api_token": ["replaced" if replaced else None, "issued"]},
    )
    return token.key


@transaction.atomic
def api_token_revoke(*, actor, user: User) -> bool:
    _check_tokens(actor, user)
    removed = Token.objects.filter(user=user).delete()[0] > 0
    if removed:
        audit_record(
            actor=actor, action="core.api_token.revoke", obj=user, changes={"api_token": ["issued", None]}
        )
    return removed


@transaction.atomic
def user_create_first_admin(*, username: str, password: str, email: str = "") -> User:
    """Create a system administrator from the command line, before any administrator exists
    to do it through the pages. The one user creation without an acting user; still audited."""
    username = username.strip()
    if not username:
        raise ValidationError({"username": [_("Enter a username.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("A user with this username already exists.")]})
    user = User(username=username, email=email.strip(), sensitive_access=True)
    _validate_profile(user, exclude_pk=None)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save()
    user.roles.set(Role.objects.filter(code="system_admin"))
    user.forget_cached_access()
    audit_record(
        actor=None, action="core.user.create_first_admin", obj=user, changes=diff({}, _audited(user))
    )
    return user
