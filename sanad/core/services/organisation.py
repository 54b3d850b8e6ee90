"""Writing agencies, units, teams and team memberships. Every write is audited (before → after)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.models import Agency, Team, TeamMembership, Unit, User
from sanad.core.permissions import Scope, scope_for
from sanad.core.selectors.organisation import actor_may_create_team, agency_list, team_list, unit_list

AGENCY_FIELDS = ("code", "name_en", "name_ar", "name_fr", "kind", "is_active")
UNIT_FIELDS = ("agency", "code", "name_en", "name_ar", "name_fr", "kind", "is_active")
TEAM_FIELDS = ("agency", "unit", "code", "name", "is_mobile", "base_admin_unit", "base_site", "is_active")
TEAM_EDITABLE = ("code", "name", "is_mobile", "base_admin_unit", "base_site", "is_active")


def _forbidden() -> DomainError:
    return DomainError(_("You may not make this change."), code="forbidden")


def _apply(instance, values: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    for name, value in values.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)


def _validate(instance, *, unique_code_qs=None) -> None:
    errors: dict[str, list[str]] = {}
    try:
        instance.full_clean(validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if unique_code_qs is not None and instance.code:
        clash = unique_code_qs.filter(code=instance.code).exclude(pk=instance.pk).exists()
        if clash:
            errors.setdefault("code", []).append(_("This code is already in use."))
    if errors:
        raise ValidationError(errors)


# --- Agencies -----------------------------------------------------------------------------------
def _require_agency_manager(actor) -> None:
    if scope_for(actor, "agencies.manage") != Scope.ALL:
        raise _forbidden()


@transaction.atomic
def agency_create(
    *,
    actor,
    code: str,
    name_en: str,
    name_ar: str = "",
    name_fr: str = "",
    kind: str = Agency.Kind.UN_AGENCY,
    is_active: bool = True,
    idempotency_key: str | None = None,
) -> Agency:
    _require_agency_manager(actor)
    existing = idempotent_lookup(actor=actor, action="core.agency.create", key=idempotency_key, model=Agency)
    if existing is not None:
        return existing
    agency = Agency()
    _apply(
        agency,
        {
            "code": code,
            "name_en": name_en,
            "name_ar": name_ar,
            "name_fr": name_fr,
            "kind": kind,
            "is_active": is_active,
        },
        AGENCY_FIELDS,
    )
    _validate(agency, unique_code_qs=Agency.objects.all())
    agency.save()
    audit_record(
        actor=actor,
        action="core.agency.create",
        obj=agency,
        changes=diff({}, snapshot(agency, AGENCY_FIELDS)),
    )
    idempotent_remember(actor=actor, action="core.agency.create", key=idempotency_key, obj=agency)
    return agency


@transaction.atomic
def agency_update(*, actor, agency: Agency, **values) -> Agency:
    _require_agency_manager(actor)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = snapshot(agency, AGENCY_FIELDS)
    _apply(agency, values, AGENCY_FIELDS)
    _validate(agency, unique_code_qs=Agency.objects.all())
    changes = diff(before, snapshot(agency, AGENCY_FIELDS))
    if changes:
        agency.save()
        audit_record(actor=actor, action="core.agency.update", obj=agency, changes=changes)
    return agency


# --- Units --------------------------------------------------------------------------------------
@transaction.atomic
def unit_create(
    *,
    actor,
    agency: Agency,
    code: str,
    name_en: str,
    name_ar: str = "",
    name_fr: str = "",
    kind: str = Unit.Kind.OTHER,
    is_active: bool = True,
    idempotency_key: str | None = None,
) -> Unit:
    if not agency_list(actor=actor, action="units.manage").filter(pk=agency.pk).exists():
        raise _forbidden()
    existing = idempotent_lookup(actor=actor, action="core.unit.create", key=idempotency_key, model=Unit)
    if existing is not None:
        return existing
    unit = Unit(agency=agency)
    _apply(
        unit,
        {
            "code": code,
            "name_en": name_en,
            "name_ar": name_ar,
            "name_fr": name_fr,
            "kind": kind,
            "is_active": is_active,
        },
        UNIT_FIELDS,
    )
    _validate(unit, unique_code_qs=Unit.objects.filter(agency=agency))
    unit.save()
    audit_record(
        actor=actor, action="core.unit.create", obj=unit, changes=diff({}, snapshot(unit, UNIT_FIELDS))
    )
    idempotent_remember(actor=actor, action="core.unit.create", key=idempotency_key, obj=unit)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **values) -> Unit:
    if not unit_list(actor=actor, action="units.manage").filter(pk=unit.pk).exists():
        raise _forbidden()
    if "agency" in values:
        raise ValidationError({"agency": _("A unit cannot move to another agency.")})
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    _apply(unit, values, UNIT_FIELDS)
    _validate(unit, unique_code_qs=Unit.objects.filter(agency_id=unit.agency_id))
    changes = diff(before, snapshot(unit, UNIT_FIELDS))
    if changes:
        unit.save()
        audit_record(actor=actor, action="core.unit.update", obj=unit, changes=changes)
    return unit


# --- Teams --------------------------------------------------------------------------------------
def _check_base_location(team: Team) -> None:
    """A site in the base municipality (or one of its neighbourhoods) is fine; elsewhere is a mistake."""
    site, admin_unit = team.base_site, team.base_admin_unit
    if site is None or admin_unit is None:
        return
    if admin_unit.pk not in (site.admin_unit_id, site.admin_unit.parent_id):
        raise ValidationError({"base_site": _("This site is not in the team's base municipality.")})


@transaction.atomic
def team_create(
    *,
    actor,
    unit: Unit,
    code: str,
    name: str,
    is_mobile: bool = True,
    base_admin_unit=None,
    base_site=None,
    is_active: bool = True,
    idempotency_key: str | None = None,
) -> Team:
    if not actor_may_create_team(actor=actor):
        raise _forbidden()
    if not unit_list(actor=actor, action="teams.manage").filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Choose a unit of an agency you manage.")})
    existing = idempotent_lookup(actor=actor, action="core.team.create", key=idempotency_key, model=Team)
    if existing is not None:
        return existing
    team = Team(agency_id=unit.agency_id, unit=unit)
    _apply(
        team,
        {
            "code": code,
            "name": name,
            "is_mobile": is_mobile,
            "base_admin_unit": base_admin_unit,
            "base_site": base_site,
            "is_active": is_active,
        },
        TEAM_EDITABLE,
    )
    _validate(team, unique_code_qs=Team.objects.filter(agency_id=unit.agency_id))
    _check_base_location(team)
    team.save()
    audit_record(
        actor=actor, action="core.team.create", obj=team, changes=diff({}, snapshot(team, TEAM_FIELDS))
    )
    idempotent_remember(actor=actor, action="core.team.create", key=idempotency_key, obj=team)
    return team


@transaction.atomic
def team_update(*, actor, team: Team, **values) -> Team:
    """Team leaders edit their own team's details; moving a team to another unit needs agency scope."""
    if not team_list(actor=actor, action="teams.manage").filter(pk=team.pk).exists():
        raise _forbidden()
    team = (
        Team.objects.select_for_update(of=("self",)).select_related("base_site__admin_unit").get(pk=team.pk)
    )
    before = snapshot(team, TEAM_FIELDS)
    new_unit = values.pop("unit", None)
    if new_unit is not None and new_unit.pk != team.unit_id:
        if not actor_may_create_team(actor=actor):
            raise ValidationError({"unit": _("You may not move this team to another unit.")})
        if new_unit.agency_id != team.agency_id:
            raise ValidationError({"unit": _("A team cannot move to a unit of another agency.")})
        if not unit_list(actor=actor, action="teams.manage").filter(pk=new_unit.pk).exists():
            raise ValidationError({"unit": _("Choose a unit of an agency you manage.")})
        team.unit = new_unit
    _apply(team, values, TEAM_EDITABLE)
    _validate(team, unique_code_qs=Team.objects.filter(agency_id=team.agency_id))
    _check_base_location(team)
    changes = diff(before, snapshot(team, TEAM_FIELDS))
    if changes:
        team.save()
        audit_record(actor=actor, action="core.team.update", obj=team, changes=changes)
    return team


def _require_team_manager(actor, team: Team) -> None:
    if not team_list(actor=actor, action="teams.manage").filter(pk=team.pk).exists():
        raise _forbidden()


@transaction.atomic
def team_add_member(*, actor, team: Team, user: User, function: str) -> TeamMembership:
    """Add ``user`` to ``team`` with ``function``; for a member already there, change the function."""
    _require_team_manager(actor, team)
    if function not in TeamMembership.Function.values:
        raise ValidationError({"function": _("Choose a valid function.")})
    if user.agency_id != team.agency_id:
        raise ValidationError({"user": _("Only users of the team's agency can join it.")})
    if not user.is_active:
        raise ValidationError({"user": _("This user is deactivated.")})
    membership = TeamMembership.objects.select_for_update().filter(team=team, user=user).first()
    repr_ = f"{user.username} — {team.name}"
    if membership is None:
        membership = TeamMembership.objects.create(team=team, user=user, function=function)
        audit_record(
            actor=actor,
            action="core.team.add_member",
            obj=team,
            object_repr=repr_,
            changes={"member": [None, user.username], "function": [None, function]},
        )
    elif membership.function != function:
        before = membership.function
        membership.function = function
        membership.save(update_fields=["function", "updated_at"])
        audit_record(
            actor=actor,
            action="core.team.change_member_function",
            obj=team,
            object_repr=repr_,
            changes={"member": [user.username, user.username], "function": [before, function]},
        )
    user.forget_cached_access()
    return membership


@transaction.atomic
def team_remove_member(*, actor, team: Team, user: User) -> None:
    _require_team_manager(actor, team)
    membership = TeamMembership.objects.select_for_update().filter(team=team, user=user).first()
    if membership is None:
        raise ValidationError({"user": _("This user is not a member of the team.")})
    function = membership.function
    membership.delete()
    audit_record(
        actor=actor,
        action="core.team.remove_member",
        obj=team,
        object_repr=f"{user.username} — {team.name}",
        changes={"member": [user.username, None], "function": [function, None]},
    )
    user.forget_cached_access()
