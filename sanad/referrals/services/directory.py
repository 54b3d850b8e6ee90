"""Writes to the service directory: providers, services and referral pathways."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanad.core.audit import audit_record, diff, snapshot
from sanad.core.idempotency import idempotent_lookup, idempotent_remember
from sanad.core.needs import Need
from sanad.referrals.models import (
    PathwayStep,
    ReferralPathway,
    ReferralService,
    ServiceProvider,
    ServiceStatus,
)
from sanad.referrals.services.policy import require
from sanad.registry.models import PopulationGroup

PROVIDER_FIELDS = (
    "name_en",
    "name_ar",
    "name_fr",
    "kind",
    "organisation_type",
    "agency",
    "contact_name",
    "contact_phone",
    "contact_email",
    "contact_is_public",
    "website",
    "is_active",
)
SERVICE_FIELDS = (
    "name_en",
    "name_ar",
    "name_fr",
    "need",
    "provider",
    "unit",
    "description_en",
    "description_ar",
    "description_fr",
    "admin_unit",
    "address",
    "latitude",
    "longitude",
    "population_groups",
    "eligible_sex",
    "age_min",
    "age_max",
    "languages",
    "opening_hours",
    "contact_phone",
    "contact_email",
    "contact_is_public",
    "capacity",
    "status",
)
SERVICE_M2M = ("sites", "catchment")


def _validate_provider(data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not (data.get("name_en") or "").strip():
        errors["name_en"] = _("Give the provider's name in English.")
    kind = data.get("kind") or ServiceProvider.Kind.EXTERNAL
    if kind == ServiceProvider.Kind.SANAD_AGENCY and not data.get("agency"):
        errors["agency"] = _("Choose the agency: the provider works in Sanad.")
    if kind == ServiceProvider.Kind.EXTERNAL and data.get("agency"):
        errors["agency"] = _("An organisation outside Sanad has no agency in Sanad.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def service_provider_create(
    *, actor, data: dict[str, Any], idempotency_key: str | None = None
) -> ServiceProvider:
    require(actor, "directory.manage", _("You may not manage the service directory."))
    previous = idempotent_lookup(
        actor=actor, action="referrals.provider.create", key=idempotency_key, model=ServiceProvider
    )
    if previous is not None:
        return previous
    _validate_provider(data)
    provider = ServiceProvider(**{f: data[f] for f in PROVIDER_FIELDS if f in data})
    provider.full_clean()
    provider.save()
    idempotent_remember(actor=actor, action="referrals.provider.create", key=idempotency_key, obj=provider)
    audit_record(
        actor=actor,
        action="referrals.provider.create",
        obj=provider,
        changes={k: [None, v] for k, v in snapshot(provider, PROVIDER_FIELDS).items()},
    )
    return provider


@transaction.atomic
def service_provider_update(*, actor, provider: ServiceProvider, data: dict[str, Any]) -> ServiceProvider:
    require(actor, "directory.manage", _("You may not manage the service directory."))
    provider = ServiceProvider.objects.select_for_update().get(pk=provider.pk)
    before = snapshot(provider, PROVIDER_FIELDS)
    merged = {**before, **{f: data[f] for f in PROVIDER_FIELDS if f in data}}
    merged["agency"] = data.get("agency", provider.agency) if "agency" in data else provider.agency
    _validate_provider(merged)
    for name in PROVIDER_FIELDS:
        if name in data:
            setattr(provider, name, data[name])
    provider.full_clean()
    provider.save()
    changes = diff(before, snapshot(provider, PROVIDER_FIELDS))
    if changes:
        audit_record(actor=actor, action="referrals.provider.update", obj=provider, changes=changes)
    return provider


def _validate_service(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not (data.get("name_en") or "").strip():
        errors["name_en"] = _("Give the service's name in English.")
    if data.get("need") not in Need.values:
        errors["need"] = _("Choose the type of service from the list.")
    provider = data.get("provider")
    if provider is None:
        errors["provider"] = _("Choose the provider.")
    unit = data.get("unit")
    if (
        unit is not None
        and provider is not None
        and (provider.kind != ServiceProvider.Kind.SANAD_AGENCY or unit.agency_id != provider.agency_id)
    ):
        errors["unit"] = _("The receiving unit must belong to the provider's agency.")
    if data.get("admin_unit") is None:
        errors["admin_unit"] = _("Choose where the service is.")
    groups = data.get("population_groups") or []
    if any(g not in PopulationGroup.values for g in groups):
        errors["population_groups"] = _("Choose population groups from the list.")
    age_min, age_max = data.get("age_min"), data.get("age_max")
    if age_min is not None and age_max is not None and age_min > age_max:
        errors["age_max"] = _("The maximum age must not be below the minimum age.")
    if data.get("status", ServiceStatus.ACTIVE) not in ServiceStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if (data.get("latitude") is None) != (data.get("longitude") is None):
        errors["longitude"] = _("Give both latitude and longitude, or neither.")
    if errors:
        raise ValidationError(errors)
    return data


def _service_state(service: ReferralService) -> dict[str, Any]:
    state = snapshot(service, SERVICE_FIELDS)
    state["sites"] = sorted(str(s.uuid) for s in service.sites.all())
    state["catchment"] = sorted(a.pcode for a in service.catchment.all())
    return state


@transaction.atomic
def referral_service_create(
    *, actor, data: dict[str, Any], idempotency_key: str | None = None
) -> ReferralService:
    require(actor, "directory.manage", _("You may not manage the service directory."))
    previous = idempotent_lookup(
        actor=actor, action="referrals.service.create", key=idempotency_key, model=ReferralService
    )
    if previous is not None:
        return previous
    _validate_service(data)
    service = ReferralService(**{f: data[f] for f in SERVICE_FIELDS if f in data}, created_by=actor)
    service.full_clean()
    service.save()
    for name in SERVICE_M2M:
        if name in data:
            getattr(service, name).set(data[name] or [])
    idempotent_remember(actor=actor, action="referrals.service.create", key=idempotency_key, obj=service)
    audit_record(
        actor=actor,
        action="referrals.service.create",
        obj=service,
        changes={k: [None, v] for k, v in _service_state(service).items()},
    )
    return service


@transaction.atomic
def referral_service_update(*, actor, service: ReferralService, data: dict[str, Any]) -> ReferralService:
    require(actor, "directory.manage", _("You may not manage the service directory."))
    service = ReferralService.objects.select_for_update().get(pk=service.pk)
    before = _service_state(service)
    current = {f: getattr(service, f) for f in SERVICE_FIELDS}
    _validate_service({**current, **{f: data[f] for f in SERVICE_FIELDS if f in data}})
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    service.full_clean()
    service.save()
    for name in SERVICE_M2M:
        if name in data:
            getattr(service, name).set(data[name] or [])
    changes = diff(before, _service_state(service))
    if changes:
        audit_record(actor=actor, action="referrals.service.update", obj=service, changes=changes)
    return service


@transaction.atomic
def referral_pathway_save(
    *,
    actor,
    pathway: ReferralPathway | None = None,
    need: str,
    admin_unit=None,
    name_en: str,
    name_ar: str = "",
    name_fr: str = "",
    notes: str = "",
    is_active: bool = True,
    services: list[ReferralService],
) -> ReferralPathway:
    """Create or replace a pathway: its need, place and the ordered services."""
    require(actor, "directory.manage", _("You may not manage the service directory."))
    errors: dict[str, str] = {}
    if need not in Need.values:
        errors["need"] = _("Choose the need from the list.")
    if not name_en.strip():
        errors["name_en"] = _("Give the pathway's name in English.")
    if not services:
        errors["services"] = _("Add at least one service to the pathway.")
    if len({s.pk for s in services}) != len(services):
        errors["services"] = _("A service appears twice in the pathway.")
    if errors:
        raise ValidationError(errors)
    if pathway is None:
        pathway = ReferralPathway()
        before: dict[str, Any] = {}
        action = "referrals.pathway.create"
    else:
        pathway = ReferralPathway.objects.select_for_update().get(pk=pathway.pk)
        before = {
            **snapshot(
                pathway, ("need", "admin_unit", "name_en", "name_ar", "name_fr", "notes", "is_active")
            ),
            "services": [str(step.service.uuid) for step in pathway.steps.select_related("service")],
        }
        action = "referrals.pathway.update"
    pathway.need, pathway.admin_unit = need, admin_unit
    pathway.name_en, pathway.name_ar, pathway.name_fr = name_en.strip(), name_ar.strip(), name_fr.strip()
    pathway.notes, pathway.is_active, pathway.updated_by = notes, is_active, actor
    pathway.save()
    pathway.steps.all().delete()
    PathwayStep.objects.bulk_create(
        PathwayStep(pathway=pathway, position=index, service=service)
        for index, service in enumerate(services, 1)
    )
    after = {
        **snapshot(pathway, ("need", "admin_unit", "name_en", "name_ar", "name_fr", "notes", "is_active")),
        "services": [str(s.uuid) for s in services],
    }
    audit_record(actor=actor, action=action, obj=pathway, changes=diff(before, after))
    return pathway
