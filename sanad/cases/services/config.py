"""Per-unit case settings (approvals, escalation) and focal points for sensitive cases."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.cases.models import CaseSetting, CaseType, FocalPoint
from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.models import Unit
from sanad.core.scoping import scope_filter

SETTING_FIELDS = ("plan_approval_required", "closure_approval_required", "high_risk_no_contact_days")


def _unit_in_scope(actor, unit: Unit, action: str) -> None:
    if unit is None or not scope_filter(Unit.objects.filter(pk=unit.pk), actor=actor, action=action).exists():
        raise ValidationError({"unit": [_("Choose a unit you manage.")]})


@transaction.atomic
def case_setting_save(
    *,
    actor,
    unit: Unit,
    case_type: str = "",
    plan_approval_required: bool,
    closure_approval_required: bool,
    high_risk_no_contact_days: int,
) -> CaseSetting:
    _unit_in_scope(actor, unit, "cases.configure")
    if case_type and case_type not in CaseType.values:
        raise ValidationError({"case_type": [_("Choose a case type.")]})
    if high_risk_no_contact_days is None or not (1 <= high_risk_no_contact_days <= 365):
        raise ValidationError({"high_risk_no_contact_days": [_("Give a number of days from 1 to 365.")]})
    setting = CaseSetting.objects.select_for_update().filter(unit=unit, case_type=case_type).first()
    before = snapshot(setting, SETTING_FIELDS) if setting else {}
    if setting is None:
        setting = CaseSetting(unit=unit, case_type=case_type)
    setting.plan_approval_required = bool(plan_approval_required)
    setting.closure_approval_required = bool(closure_approval_required)
    setting.high_risk_no_contact_days = high_risk_no_contact_days
    setting.updated_by = actor
    setting.save()
    changes = diff(before, snapshot(setting, SETTING_FIELDS))
    if changes:
        audit_record(actor=actor, action="cases.setting.save", obj=setting, changes=changes)
    return setting


@transaction.atomic
def focal_point_assign(*, actor, unit: Unit, case_type: str, user) -> FocalPoint:
    _unit_in_scope(actor, unit, "cases.focal_points")
    errors = {}
    if case_type not in CaseType.values:
        errors["case_type"] = [_("Choose a case type.")]
    if user is None or not user.is_active or user.agency_id != unit.agency_id:
        errors["user"] = [_("Choose an active user of the unit's agency.")]
    elif not user.sensitive_access:
        errors["user"] = [
            _("This user has no access to sensitive records; an administrator must grant it first.")
        ]
    if errors:
        raise ValidationError(errors)
    if FocalPoint.objects.filter(unit=unit, category=case_type, user=user).exists():
        raise DomainError(_("This user is already a focal point for this unit and case type."))
    focal = FocalPoint.objects.create(
        agency_id=unit.agency_id, unit=unit, category=case_type, user=user, named_by=actor
    )
    audit_record(
        actor=actor,
        action="cases.focal_point.assign",
        obj=focal,
        changes={"unit": [None, unit.code], "case_type": [None, case_type], "user": [None, user.username]},
    )
    return focal


@transaction.atomic
def focal_point_remove(*, actor, focal_point: FocalPoint) -> None:
    _unit_in_scope(actor, focal_point.unit, "cases.focal_points")
    audit_record(
        actor=actor,
        action="cases.focal_point.remove",
        obj=focal_point,
        changes={
            "unit": [focal_point.unit.code, None],
            "case_type": [focal_point.category, None],
            "user": [focal_point.user.username, None],
        },
    )
    focal_point.delete()
