"""Service directory pages: search with a map, a service's page, create / edit, providers and
referral pathways."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView
from sanad.core.permissions import has_permission
from sanad.core.selectors.organisation import agency_list, unit_list
from sanad.core.views.base import ActionRequiredMixin
from sanad.geo.selectors import site_list
from sanad.referrals.filters import DirectoryFilterSet
from sanad.referrals.forms import PathwayForm, ProviderForm, ServiceForm
from sanad.referrals.selectors import (
    referral_pathway_get,
    referral_pathway_list,
    referral_pathway_steps,
    referral_service_catchment,
    referral_service_get,
    referral_service_list,
    referral_service_sites,
    service_provider_get,
    service_provider_list,
)
from sanad.referrals.services import (
    referral_pathway_save,
    referral_service_create,
    referral_service_update,
    service_provider_create,
    service_provider_update,
)
from sanad.referrals.views.page_parts import attach_errors, baladiya_centroids_url, map_feature

LIBYA_BOUNDS = [[19.5, 9.3], [33.2, 25.2]]


class ServiceListView(ScopedListView):
    required_action = "directory.view"
    filterset_class = DirectoryFilterSet
    template_name = "referrals/service_list.html"

    def get_items(self, data):
        return referral_service_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        request = self.request
        return {
            **context,
            "can_manage": has_permission(request.user, "directory.manage"),
            "map_config": {
                "bounds": LIBYA_BOUNDS,
                "dataUrl": reverse("referrals:service_map_data") + "?" + request.GET.urlencode(),
                "centroidsUrl": baladiya_centroids_url(),
                "loadError": _("The map could not be loaded."),
            },
        }


class ServiceMapDataView(ActionRequiredMixin, View):
    required_action = "directory.view"

    def get(self, request):
        try:
            services = referral_service_list(actor=request.user, data=request.GET)[:500]
        except ValidationError:
            services = []  # the list beside the map shows what is wrong
        features = [
            f
            for f in (
                map_feature(s, url=reverse("referrals:service_detail", args=[s.uuid])) for s in services
            )
            if f is not None
        ]
        return JsonResponse({"type": "FeatureCollection", "features": features})


class ServiceDetailView(ActionRequiredMixin, View):
    required_action = "directory.view"

    def get(self, request, uuid):
        service = referral_service_get(actor=request.user, uuid=uuid)
        return render(
            request,
            "referrals/service_detail.html",
            {
                "service": service,
                "can_manage": has_permission(request.user, "directory.manage"),
                "can_refer": has_permission(request.user, "referrals.create"),
            },
        )


def _service_form(request, *, data=None, initial=None):
    return ServiceForm(
        data,
        initial=initial,
        actor=request.user,
        providers=service_provider_list(actor=request.user, active_only=True),
        units=unit_list(actor=request.user),
        sites=site_list(actor=request.user),
    )


def _service_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("idempotency_key", None)
    data["population_groups"] = list(data.get("population_groups") or [])
    data["languages"] = list(data.get("languages") or [])
    data["sites"] = list(data.get("sites") or [])
    return data


class ServiceCreateView(ActionRequiredMixin, View):
    required_action = "directory.manage"

    def get(self, request):
        return render(request, "referrals/service_form.html", {"form": _service_form(request)})

    def post(self, request):
        form = _service_form(request, data=request.POST)
        if form.is_valid():
            try:
                service = referral_service_create(
                    actor=request.user,
                    data=_service_data(form),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Service added to the directory."))
                return redirect("referrals:service_detail", uuid=service.uuid)
        return render(request, "referrals/service_form.html", {"form": form}, status=400)


class ServiceEditView(ActionRequiredMixin, View):
    required_action = "directory.manage"

    def get(self, request, uuid):
        service = referral_service_get(actor=request.user, uuid=uuid)
        initial = {
            **{
                f: getattr(service, f)
                for f in (
                    "name_en",
                    "name_ar",
                    "name_fr",
                    "need",
                    "description_en",
                    "description_ar",
                    "description_fr",
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
            },
            "provider": service.provider.uuid,
            "unit": service.unit.uuid if service.unit else None,
            "admin_unit": service.admin_unit.uuid,
            "sites": [s.uuid for s in referral_service_sites(service=service)],
            "catchment": ", ".join(a.pcode for a in referral_service_catchment(service=service)),
        }
        form = _service_form(request, initial=initial)
        return render(request, "referrals/service_form.html", {"form": form, "service": service})

    def post(self, request, uuid):
        service = referral_service_get(actor=request.user, uuid=uuid)
        form = _service_form(request, data=request.POST)
        if form.is_valid():
            try:
                referral_service_update(actor=request.user, service=service, data=_service_data(form))
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Service updated."))
                return redirect("referrals:service_detail", uuid=service.uuid)
        return render(request, "referrals/service_form.html", {"form": form, "service": service}, status=400)


class ProviderListView(ActionRequiredMixin, View):
    required_action = "directory.view"

    def get(self, request):
        return render(
            request,
            "referrals/provider_list.html",
            {
                "providers": service_provider_list(actor=request.user),
                "can_manage": has_permission(request.user, "directory.manage"),
            },
        )


class ProviderFormView(ActionRequiredMixin, View):
    required_action = "directory.manage"

    def _form(self, request, data=None, initial=None):
        return ProviderForm(data, initial=initial, agencies=agency_list(actor=request.user))

    def get(self, request, uuid=None):
        provider = service_provider_get(actor=request.user, uuid=uuid) if uuid else None
        initial = None
        if provider is not None:
            initial = {
                f: getattr(provider, f)
                for f in (
                    "name_en",
                    "name_ar",
                    "name_fr",
                    "kind",
                    "organisation_type",
                    "contact_name",
                    "contact_phone",
                    "contact_email",
                    "contact_is_public",
                    "website",
                    "is_active",
                )
            }
            initial["agency"] = provider.agency.uuid if provider.agency else None
        return render(
            request,
            "referrals/provider_form.html",
            {"form": self._form(request, initial=initial), "provider": provider},
        )

    def post(self, request, uuid=None):
        provider = service_provider_get(actor=request.user, uuid=uuid) if uuid else None
        form = self._form(request, data=request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            key = data.pop("idempotency_key", None)
            try:
                if provider is None:
                    service_provider_create(actor=request.user, data=data, idempotency_key=key)
                else:
                    service_provider_update(actor=request.user, provider=provider, data=data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Provider saved."))
                return redirect("referrals:provider_list")
        return render(
            request, "referrals/provider_form.html", {"form": form, "provider": provider}, status=400
        )


class PathwayListView(ActionRequiredMixin, View):
    required_action = "directory.view"

    def get(self, request):
        return render(
            request,
            "referrals/pathway_list.html",
            {
                "pathways": referral_pathway_list(actor=request.user),
                "can_manage": has_permission(request.user, "directory.manage"),
            },
        )


class PathwayEditView(ActionRequiredMixin, View):
    required_action = "directory.manage"

    def _form(self, request, data=None, initial=None):
        services = referral_service_list(actor=request.user, include_inactive=True)
        return PathwayForm(data, initial=initial, actor=request.user, services=services)

    def get(self, request, uuid=None):
        pathway = referral_pathway_get(actor=request.user, uuid=uuid) if uuid else None
        initial = None
        if pathway is not None:
            initial = {
                "name_en": pathway.name_en,
                "name_ar": pathway.name_ar,
                "name_fr": pathway.name_fr,
                "need": pathway.need,
                "notes": pathway.notes,
                "is_active": pathway.is_active,
                "admin_unit": pathway.admin_unit.uuid if pathway.admin_unit else None,
            }
            for step in referral_pathway_steps(pathway=pathway):
                initial[f"step_{step.position}"] = step.service.uuid
        return render(
            request,
            "referrals/pathway_form.html",
            {"form": self._form(request, initial=initial), "pathway": pathway},
        )

    def post(self, request, uuid=None):
        pathway = referral_pathway_get(actor=request.user, uuid=uuid) if uuid else None
        form = self._form(request, data=request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral_pathway_save(
                    actor=request.user,
                    pathway=pathway,
                    need=data["need"],
                    admin_unit=data.get("admin_unit"),
                    name_en=data["name_en"],
                    name_ar=data["name_ar"],
                    name_fr=data["name_fr"],
                    notes=data["notes"],
                    is_active=data["is_active"],
                    services=form.ordered_services(),
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("Referral pathway saved."))
                return redirect("referrals:pathway_list")
        return render(request, "referrals/pathway_form.html", {"form": form, "pathway": pathway}, status=400)
