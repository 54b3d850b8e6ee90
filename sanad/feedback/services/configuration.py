"""Helpline configuration: call scripts, SLA rules and the focal points of sensitive categories."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.errors import DomainError
from sanad.core.permissions import Scope, has_permission, scope_for
from sanad.feedback.models import SENSITIVE_CATEGORIES, CallScript, Category, FocalPoint, Priority, SlaRule


def _require(actor, action: str) -> None:
    if not has_permission(actor, action):
        raise DomainError(_("You may not change the helpline configuration."), code="forbidden")


@transaction.atomic
def call_script_save(*, actor, category: str, language: str, text: str) -> CallScript | None:
    """Replace the script of ``category`` in ``language``; an empty text restores the default."""
    _require(actor, "tickets.configure")
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors.setdefault("category", []).append(_("Choose a category."))
    if language not in dict(settings.LANGUAGES):
        errors.setdefault("language", []).append(_("Choose a language."))
    text = (text or "").strip()
    if len(text) > 10000:
        errors.setdefault("text", []).append(_("Keep the script under 10000 characters."))
    if errors:
        raise ValidationError(errors)
    script = CallScript.objects.select_for_update().filter(category=category, language=language).first()
    if not text:
        if script is not None:
            audit_record(
                actor=actor, action="feedback.call_script.reset", obj=script, changes={"text": ["…", ""]}
            )
            script.delete()
        return None
    if script is None:
        script = CallScript.objects.create(category=category, language=language, text=text, updated_by=actor)
        audit_record(actor=actor, action="feedback.call_script.create", obj=script)
    elif script.text != text:
        script.text = text
        script.updated_by = actor
        script.save()
        audit_record(
            actor=actor, action="feedback.call_script.update", obj=script, changes={"text": ["…", "…"]}
        )
    return script


def _hours(value, field: str, errors: dict) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError):
        errors.setdefault(field, []).append(_("Enter a number of hours."))
        return None
    if number < Decimal("0.1") or number > Decimal("99999"):
        errors.setdefault(field, []).append(_("Enter between 0.1 and 99999 hours."))
        return None
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def sla_rule_save(*, actor, category: str, priority: str, acknowledge_hours, resolve_hours) -> SlaRule:
    """Set the SLA of a category (and optionally one urgency). Applies to tickets logged from now on."""
    _require(actor, "tickets.configure")
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors.setdefault("category", []).append(_("Choose a category."))
    if priority and priority not in Priority.values:
        errors.setdefault("priority", []).append(_("Choose an urgency from the list."))
    acknowledge = _hours(acknowledge_hours, "acknowledge_hours", errors)
    resolve = _hours(resolve_hours, "resolve_hours", errors)
    if acknowledge is not None and resolve is not None and resolve < acknowledge:
        errors.setdefault("resolve_hours", []).append(
            _("The answer cannot be due before the acknowledgement.")
        )
    if errors:
        raise ValidationError(errors)
    rule = SlaRule.objects.select_for_update().filter(category=category, priority=priority or "").first()
    fields = ("category", "priority", "acknowledge_hours", "resolve_hours")
    if rule is None:
        rule = SlaRule.objects.create(
            category=category, priority=priority or "", acknowledge_hours=acknowledge, resolve_hours=resolve
        )
        audit_record(actor=actor, action="feedback.sla_rule.create", obj=rule, changes=snapshot(rule, fields))
        return rule
    before = snapshot(rule, fields)
    rule.acknowledge_hours, rule.resolve_hours = acknowledge, resolve
    rule.save()
    changes = diff(before, snapshot(rule, fields))
    if changes:
        audit_record(actor=actor, action="feedback.sla_rule.update", obj=rule, changes=changes)
    return rule


@transaction.atomic
def sla_rule_delete(*, actor, rule: SlaRule) -> None:
    """Remove a rule: the default SLA applies again."""
    _require(actor, "tickets.configure")
    audit_record(
        actor=actor,
        action="feedback.sla_rule.delete",
        obj=rule,
        changes=snapshot(rule, ("category", "priority", "acknowledge_hours", "resolve_hours")),
    )
    rule.delete()


def _require_focal_point_admin(actor, agency) -> None:
    scope = scope_for(actor, "tickets.focal_points")
    if scope is None or (scope < Scope.ALL and agency.pk != actor.agency_id):
        raise DomainError(_("You may not name focal points for this agency."), code="forbidden")


@transaction.atomic
def focal_point_add(*, actor, agency, category: str, user) -> FocalPoint:
    """Name ``user`` focal point for a sensitive ``category`` in ``agency``."""
    _require_focal_point_admin(actor, agency)
    errors: dict[str, list[str]] = {}
    if category not in {str(c) for c in SENSITIVE_CATEGORIES}:
        errors.setdefault("category", []).append(
            _("Focal points are named for PSEA, fraud / corruption or data breach.")
        )
    if user is None or not user.is_active:
        errors.setdefault("user", []).append(_("Choose an active user."))
    elif user.agency_id != agency.pk:
        errors.setdefault("user", []).append(_("A focal point belongs to the agency they serve."))
    elif FocalPoint.objects.filter(agency=agency, category=category, user=user).exists():
        errors.setdefault("user", []).append(_("This user is already a focal point for this category."))
    if errors:
        raise ValidationError(errors)
    focal_point = FocalPoint.objects.create(agency=agency, category=category, user=user, named_by=actor)
    audit_record(
        actor=actor,
        action="feedback.focal_point.add",
        obj=focal_point,
        changes={"agency": agency.code, "category": category, "user": user.username},
    )
    return focal_point


@transaction.atomic
def focal_point_remove(*, actor, focal_point: FocalPoint) -> None:
    _require_focal_point_admin(actor, focal_point.agency)
    audit_record(
        actor=actor,
        action="feedback.focal_point.remove",
        obj=focal_point,
        changes={
            "agency": focal_point.agency.code,
            "category": focal_point.category,
            "user": focal_point.user.username,
        },
    )
    focal_point.delete()
