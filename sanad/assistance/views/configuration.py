"""Editing an item or a store after it was created (names, category, team, site, retiring it)
and a store's low-stock minimums. Codes and kit contents never change: see
services.configuration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from sanad.assistance.forms import FspEditForm, ItemEditForm, StoreEditForm
from sanad.assistance.selectors import fsp_get, item_get, item_list, store_get, store_thresholds
from sanad.assistance.services.configuration import (
    fsp_update,
    item_update,
    store_set_thresholds,
    store_update,
)
from sanad.assistance.views.page_parts import attach_errors
from sanad.core.bidi import sentence
from sanad.core.errors import DomainError
from sanad.core.views.base import ActionRequiredMixin


class ItemEditView(ActionRequiredMixin, TemplateView):
    required_action = "items.manage"
    template_name = "assistance/item_edit.html"

    def get_context_data(self, **kwargs):
        item = kwargs.pop("item", None) or item_get(actor=self.request.user, uuid=self.kwargs["uuid"])
        form = kwargs.pop("form", None) or ItemEditForm(
            initial={
                "name_en": item.name_en,
                "name_ar": item.name_ar,
                "name_fr": item.name_fr,
                "category": item.category,
                "unit_of_measure": item.unit_of_measure,
                "description": item.description,
                "is_active": item.is_active,
            }
        )
        return {**super().get_context_data(**kwargs), "item": item, "form": form}

    def post(self, request, uuid):
        item = item_get(actor=request.user, uuid=uuid)
        form = ItemEditForm(request.POST)
        if form.is_valid():
            try:
                item = item_update(actor=request.user, item=item, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, sentence(_("%(item)s was saved."), item=item.name))
                return redirect("assistance:item_list")
        return self.render_to_response(self.get_context_data(item=item, form=form), status=400)


class StoreEditView(ActionRequiredMixin, TemplateView):
    required_action = "stock.manage"
    template_name = "assistance/store_edit.html"

    def _form(self, store, data=None):
        from sanad.core.selectors.organisation import team_list
        from sanad.geo.selectors import site_list

        user = self.request.user
        minimums = {t.item_id: t.minimum for t in store_thresholds(store_ids=[store.pk])}
        items = item_list(actor=user)
        initial = {
            "name_en": store.name_en,
            "name_ar": store.name_ar,
            "name_fr": store.name_fr,
            "team": store.team,
            "site": store.site,
            "is_active": store.is_active,
            **{f"minimum_{item.uuid}": minimums.get(item.pk) for item in items},
        }
        return StoreEditForm(
            data,
            initial=initial,
            teams=team_list(actor=user, action="stock.manage").filter(agency_id=store.agency_id),
            sites=site_list(actor=user, active_only=True),
            items=items,
        )

    def get_context_data(self, **kwargs):
        store = kwargs.pop("store", None) or store_get(
            actor=self.request.user, uuid=self.kwargs["uuid"], action="stock.manage"
        )
        form = kwargs.pop("form", None) or self._form(store)
        return {**super().get_context_data(**kwargs), "store": store, "form": form}

    def post(self, request, uuid):
        store = store_get(actor=request.user, uuid=uuid, action="stock.manage")
        form = self._form(store, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    store_set_thresholds(actor=request.user, store=store, minimums=form.minimums())
                    store = store_update(actor=request.user, store=store, **form.store_changes())
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The store was saved."))
                return redirect("assistance:store_detail", uuid=store.uuid)
        return self.render_to_response(self.get_context_data(store=store, form=form), status=400)


class FspEditView(ActionRequiredMixin, TemplateView):
    required_action = "cash.manage"
    template_name = "assistance/fsp_edit.html"

    def get_context_data(self, **kwargs):
        fsp = kwargs.pop("fsp", None) or fsp_get(actor=self.request.user, uuid=self.kwargs["uuid"])
        form = kwargs.pop("form", None) or FspEditForm(
            initial={
                "name": fsp.name,
                "export_format": fsp.export_format,
                "columns": fsp.columns,
                "is_active": fsp.is_active,
            }
        )
        return {**super().get_context_data(**kwargs), "fsp": fsp, "form": form}

    def post(self, request, uuid):
        fsp = fsp_get(actor=request.user, uuid=uuid)
        form = FspEditForm(request.POST)
        if form.is_valid():
            try:
                fsp = fsp_update(actor=request.user, fsp=fsp, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, sentence(_("%(fsp)s was saved."), fsp=fsp.name))
                return redirect("assistance:cash_plan_list")
        return self.render_to_response(self.get_context_data(fsp=fsp, form=form), status=400)
