"""Admin unit pages: list, detail with hierarchy, create/edit of local units, gazetteer reload."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.bidi import sentence
from sanad.core.errors import DomainError
from sanad.core.lists import ScopedListView
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin
from sanad.geo.filters import AdminUnitFilterSet
from sanad.geo.forms import AdminUnitCreateForm, AdminUnitForm
from sanad.geo.models import AdminUnit
from sanad.geo.selectors import (
    admin_unit_children,
    admin_unit_get,
    admin_unit_list,
    admin_unit_options,
    site_list_for_admin_unit,
)
from sanad.geo.services import admin_unit_create, admin_unit_update, gazetteer_reload_start
from sanad.geo.views.page_parts import attach_errors

SITES_ON_DETAIL = 50


class AdminUnitListView(ScopedListView):
    required_action = "geo.view"
    filterset_class = AdminUnitFilterSet
    template_name = "geo/admin_unit_list.html"

    def get_items(self, data):
        return admin_unit_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        user = self.request.user
        return {
            **context,
            "can_manage": has_permission(user, "geo.manage_admin_units"),
            "can_reload": has_permission(user, "geo.load_gazetteer"),
        }


class AdminUnitDetailView(ActionRequiredMixin, View):
    required_action = "geo.view"

    def get(self, request, uuid):
        unit = admin_unit_get(actor=request.user, uuid=uuid)
        sites = site_list_for_admin_unit(actor=request.user, unit=unit)
        ancestors = unit.ancestors()
        return render(
            request,
            "geo/admin_unit_detail.html",
            {
                "unit": unit,
                "ancestors": ancestors,
                "breadcrumb": [*ancestors, unit],
                "children": admin_unit_children(actor=request.user, unit=unit),
                "sites": sites[:SITES_ON_DETAIL],
                "site_count": sites.count(),
                "can_manage": has_permission(request.user, "geo.manage_admin_units")
                and unit.source == AdminUnit.Source.LOCAL,
                "can_add_child": has_permission(request.user, "geo.manage_admin_units")
                and unit.level < AdminUnit.Level.MUHALLA,
            },
        )


class AdminUnitCreateView(ActionRequiredMixin, View):
    required_action = "geo.manage_admin_units"

    def get(self, request):
        initial = {}
        parent_uuid = request.GET.get("parent")
        if parent_uuid:
            parent = admin_unit_get(actor=request.user, uuid=parent_uuid)
            initial = {"parent": parent.uuid, "level": parent.level + 1, "pcode": parent.pcode}
        form = AdminUnitCreateForm(initial=initial, actor=request.user)
        return self._render(request, form)

    def post(self, request):
        form = AdminUnitCreateForm(request.POST, actor=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                unit = admin_unit_create(
                    actor=request.user,
                    pcode=data["pcode"],
                    level=data["level"],
                    parent=data["parent"],
                    name_en=data["name_en"],
                    name_ar=data["name_ar"],
                    name_fr=data["name_fr"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                added = sentence(_("The administrative unit %(unit)s was added."), unit=unit)
                messages.success(request, added)
                return redirect("geo:admin_unit_detail", uuid=unit.uuid)
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(
            request,
            "geo/admin_unit_form.html",
            {
                "form": form,
                "title": _("Add an administrative unit"),
                "cancel_url": reverse("geo:admin_unit_list"),
            },
            status=status,
        )


class AdminUnitEditView(ActionRequiredMixin, View):
    required_action = "geo.manage_admin_units"

    def _unit(self, request, uuid):
        unit = admin_unit_get(actor=request.user, uuid=uuid)
        if unit.source != AdminUnit.Source.LOCAL:
            messages.error(
                request, _("Units from the OCHA COD-AB change only when the gazetteer is reloaded.")
            )
            return unit, redirect("geo:admin_unit_detail", uuid=unit.uuid)
        return unit, None

    def get(self, request, uuid):
        unit, refused = self._unit(request, uuid)
        if refused:
            return refused
        initial = {
            "pcode": unit.pcode,
            "level": unit.level,
            "parent": unit.parent.uuid if unit.parent else None,
            "name_en": unit.name_en,
            "name_ar": unit.name_ar,
            "name_fr": unit.name_fr,
            "latitude": unit.latitude if unit.latitude is not None else "",
            "longitude": unit.longitude if unit.longitude is not None else "",
        }
        return self._render(request, unit, AdminUnitForm(initial=initial, actor=request.user))

    def post(self, request, uuid):
        unit, refused = self._unit(request, uuid)
        if refused:
            return refused
        form = AdminUnitForm(request.POST, actor=request.user)
        if form.is_valid():
            try:
                admin_unit_update(actor=request.user, unit=unit, data=dict(form.cleaned_data))
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The administrative unit was saved."))
                return redirect("geo:admin_unit_detail", uuid=unit.uuid)
        return self._render(request, unit, form, status=400)

    def _render(self, request, unit, form, status=200):
        return render(
            request,
            "geo/admin_unit_form.html",
            {
                "form": form,
                "unit": unit,
                "title": _("Edit %(unit)s") % {"unit": unit.name},
                "cancel_url": reverse("geo:admin_unit_detail", kwargs={"uuid": unit.uuid}),
            },
            status=status,
        )


class AdminUnitOptionsView(ActionRequiredMixin, View):
    """``<option>``s for the admin unit picker (htmx)."""

    required_action = "geo.view"

    def get(self, request):
        query = request.GET.get("q") or next(
            (value for key, value in request.GET.items() if key.endswith("_search")), ""
        )
        levels = tuple(int(v) for v in request.GET.get("levels", "").split(",") if v.strip().isdigit())
        units = admin_unit_options(actor=request.user, query=query[:100], levels=levels)
        return render(
            request,
            "geo/includes/admin_unit_options.html",
            {"units": units, "blank": request.GET.get("blank", "")[:100]},
        )


class GazetteerReloadView(ActionRequiredMixin, View):
    required_action = "geo.load_gazetteer"

    def post(self, request):
        try:
            job = gazetteer_reload_start(actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("geo:admin_unit_list")
        return redirect("core:job_detail", uuid=job.uuid)
