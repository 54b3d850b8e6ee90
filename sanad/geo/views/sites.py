"""Site pages: list, detail, create, edit, deactivate/reactivate, the map and its data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.bidi import sentence
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.geo.filters import SiteFilterSet
from sanad.geo.forms import SiteCreateForm, SiteForm
from sanad.geo.models import Site
from sanad.geo.selectors import baladiya_centroids, site_get, site_list
from sanad.geo.services import site_create, site_set_active, site_update
from sanad.geo.validation import LIBYA_BOUNDS
from sanad.geo.views.page_parts import attach_errors

# Colour of each site type on the map and in its legend (distinct, readable on a light ground).
SITE_TYPE_COLOURS = {
    Site.Type.DETENTION_CENTRE: "#c0392b",
    Site.Type.DISEMBARKATION_POINT: "#1f77b4",
    Site.Type.URBAN_COMMUNITY: "#2ca02c",
    Site.Type.SHELTER: "#9467bd",
    Site.Type.HEALTH_FACILITY: "#e377c2",
    Site.Type.MRRM_BASE: "#ff7f0e",
    Site.Type.FLOW_MONITORING_POINT: "#17becf",
    Site.Type.BORDER_CROSSING: "#8c564b",
    Site.Type.SCHOOL: "#bcbd22",
    Site.Type.OTHER: "#555555",
}


class SiteListView(ScopedListView):
    required_action = "sites.view"
    filterset_class = SiteFilterSet
    template_name = "geo/site_list.html"

    def get_items(self, data):
        return site_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        return {**context, "can_manage": has_permission(self.request.user, "sites.manage")}


class SiteDetailView(ActionRequiredMixin, View):
    required_action = "sites.view"

    def get(self, request, uuid):
        site = site_get(actor=request.user, uuid=uuid)
        return render(
            request,
            "geo/site_detail.html",
            {
                "site": site,
                "ancestors": [*site.admin_unit.ancestors(), site.admin_unit],
                "can_manage": has_permission(request.user, "sites.manage"),
                "colour": SITE_TYPE_COLOURS.get(site.site_type, "#555555"),
            },
        )


class SiteCreateView(ActionRequiredMixin, View):
    required_action = "sites.manage"

    def get(self, request):
        initial = {}
        if request.GET.get("admin_unit"):
            initial["admin_unit"] = request.GET["admin_unit"]
        return self._render(request, SiteCreateForm(initial=initial, actor=request.user))

    def post(self, request):
        form = SiteCreateForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                site = site_create(
                    actor=request.user,
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    **form.service_data(),
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, sentence(_("The site %(site)s was saved."), site=site.name))
                return redirect("geo:site_detail", uuid=site.uuid)
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(
            request,
            "geo/site_form.html",
            {"form": form, "title": _("Add a site"), "cancel_url": reverse("geo:site_list")},
            status=status,
        )


class SiteEditView(ActionRequiredMixin, View):
    required_action = "sites.manage"

    def get(self, request, uuid):
        site = site_get(actor=request.user, uuid=uuid)
        initial = {
            "site_type": site.site_type,
            "name_en": site.name_en,
            "name_ar": site.name_ar,
            "admin_unit": site.admin_unit.uuid,
            "latitude": site.latitude if site.latitude is not None else "",
            "longitude": site.longitude if site.longitude is not None else "",
            "notes": site.notes,
        }
        return self._render(request, site, SiteForm(initial=initial, actor=request.user))

    def post(self, request, uuid):
        site = site_get(actor=request.user, uuid=uuid)
        form = SiteForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                site_update(actor=request.user, site=site, data=form.service_data())
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The site was saved."))
                return redirect("geo:site_detail", uuid=site.uuid)
        return self._render(request, site, form, status=400)

    def _render(self, request, site, form, status=200):
        return render(
            request,
            "geo/site_form.html",
            {
                "form": form,
                "site": site,
                "title": _("Edit %(site)s") % {"site": site.name},
                "cancel_url": reverse("geo:site_detail", kwargs={"uuid": site.uuid}),
            },
            status=status,
        )


class SiteSetActiveView(ActionRequiredMixin, View):
    required_action = "sites.manage"
    is_active = False

    def post(self, request, uuid):
        site = site_get(actor=request.user, uuid=uuid)
        site = site_set_active(actor=request.user, site=site, is_active=self.is_active)
        if self.is_active:
            messages.success(request, sentence(_("The site %(site)s is active again."), site=site.name))
        else:
            messages.success(request, sentence(_("The site %(site)s was deactivated."), site=site.name))
        return redirect("geo:site_detail", uuid=site.uuid)


# ---------------------------------------------------------------------------------------------
# Map
# ---------------------------------------------------------------------------------------------
class SiteMapView(ActionRequiredMixin, View):
    required_action = "sites.view"

    def get(self, request):
        form = SiteFilterSet(request.GET or None, actor=request.user).form
        legend = [
            {"type": value, "label": label, "colour": SITE_TYPE_COLOURS[value]}
            for value, label in Site.Type.choices
        ]
        return render(
            request,
            "geo/site_map.html",
            {
                "form": form,
                "legend": legend,
                "map_config": {
                    "sitesUrl": reverse("geo:site_geojson")
                    + ("?" + request.GET.urlencode() if request.GET else ""),
                    # The language in the URL keeps a cached copy from showing the other language's names.
                    "centroidsUrl": reverse("geo:baladiya_centroids") + "?lang=" + (get_language() or "en"),
                    "bounds": LIBYA_BOUNDS,
                    "colours": {str(k): v for k, v in SITE_TYPE_COLOURS.items()},
                    "zoomIn": _("Zoom in"),
                    "zoomOut": _("Zoom out"),
                    "loadError": _(
                        "The sites could not be loaded. Check the connection and reload the page."
                    ),
                    "noCoordinates": _("%(count)s sites without coordinates are not shown."),
                },
            },
        )


def _point(longitude, latitude) -> dict:
    return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}


class SiteGeoJsonView(ActionRequiredMixin, View):
    """Sites as GeoJSON, with the same filters as the list. Names follow the language."""

    required_action = "sites.view"

    def get(self, request):
        try:
            sites = site_list(actor=request.user, data=request.GET)
        except ValidationError:
            sites = []  # the map's filter form shows what is wrong, as the list does
        features, without = [], 0
        for site in sites:
            if site.latitude is None or site.longitude is None:
                without += 1
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": _point(site.longitude, site.latitude),
                    "properties": {
                        "uuid": str(site.uuid),
                        "name": site.name,
                        "type": site.site_type,
                        "type_label": str(site.get_site_type_display()),
                        "admin_unit": site.admin_unit.name,
                        "pcode": site.admin_unit.pcode,
                        "active": site.is_active,
                        "url": reverse("geo:site_detail", kwargs={"uuid": site.uuid}),
                    },
                }
            )
        return JsonResponse(
            {"type": "FeatureCollection", "features": features, "without_coordinates": without}
        )


class BaladiyaCentroidsView(ActionRequiredMixin, View):
    required_action = "geo.view"

    def get(self, request):
        features = [
            {
                "type": "Feature",
                "geometry": _point(unit.longitude, unit.latitude),
                "properties": {"name": unit.name, "pcode": unit.pcode},
            }
            for unit in baladiya_centroids(actor=request.user)
        ]
        response = JsonResponse({"type": "FeatureCollection", "features": features})
        response["Cache-Control"] = "private, max-age=3600"
        return response
