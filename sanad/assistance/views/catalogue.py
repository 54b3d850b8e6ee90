"""The item catalogue and the stock pages: overview (pipeline), store detail, receipts, transfers,
adjustments after counts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from sanad.assistance.forms import (
    AdjustmentForm,
    EntitlementRuleForm,
    ItemForm,
    ReceiveForm,
    StoreForm,
    TransferForm,
)
from sanad.assistance.selectors import (
    adjustment_get,
    adjustment_list,
    entitlement_rule_get,
    entitlement_rule_list,
    item_list,
    movement_list,
    receivable_transfer_ids,
    stock_pipeline,
    store_balances,
    store_get,
    store_list,
    transfer_get_to_receive,
    transfer_lines,
    transfer_list,
)
from sanad.assistance.services.entitlements import entitlement_rule_create, entitlement_rule_deactivate
from sanad.assistance.services.stock import (
    adjustment_decide,
    adjustment_request,
    item_create,
    stock_receive,
    store_create,
    transfer_dispatch,
    transfer_receive,
)
from sanad.assistance.views.page_parts import attach_errors, error_message, positive_int
from sanad.core.bidi import sentence
from sanad.core.errors import DomainError
from sanad.core.lists import page_of
from sanad.core.permissions import has_permission
from sanad.core.views.base import ActionRequiredMixin


class ItemListView(ActionRequiredMixin, TemplateView):
    required_action = "items.view"
    template_name = "assistance/item_list.html"

    def get_context_data(self, **kwargs):
        can_manage = has_permission(self.request.user, "items.manage")
        # Those who manage the catalogue also see retired items (to bring one back).
        items = item_list(actor=self.request.user, active_only=not can_manage)
        context = {**super().get_context_data(**kwargs), "items": items, "can_manage": can_manage}
        if can_manage:
            context["form"] = kwargs.get("form") or ItemForm(items=[i for i in items if i.is_active])
        return context

    def post(self, request):
        if not has_permission(request.user, "items.manage"):
            raise PermissionDenied
        form = ItemForm(request.POST, items=item_list(actor=request.user))
        if form.is_valid():
            try:
                item = item_create(actor=request.user, **form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, sentence(_("%(item)s was added to the catalogue."), item=item.name))
                return redirect("assistance:item_list")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StockOverviewView(ActionRequiredMixin, TemplateView):
    required_action = "stock.view"
    template_name = "assistance/stock_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "rows": stock_pipeline(actor=user),
            "stores": store_list(actor=user),
            "transfers": transfer_list(actor=user, open_only=True)[:50],
            "adjustments": adjustment_list(actor=user, newest_first=True)[:50],
            "can_approve": has_permission(user, "stock.approve"),
            "can_manage": has_permission(user, "stock.manage"),
            "receivable": receivable_transfer_ids(actor=user),
            "store_form": kwargs.get("store_form") or _store_form(self.request),
        }

    def post(self, request):
        if not has_permission(request.user, "stock.manage"):
            raise PermissionDenied
        form = _store_form(request, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            team = data.get("team")
            try:
                store = store_create(
                    actor=request.user,
                    agency=team.agency if team else request.user.agency,
                    logistics_officer=request.user,
                    **data,
                )
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                return redirect("assistance:store_detail", uuid=store.uuid)
        return self.render_to_response(self.get_context_data(store_form=form), status=400)


def _store_form(request, data=None):
    from sanad.core.selectors.organisation import team_list
    from sanad.geo.selectors import site_list

    return StoreForm(
        data,
        teams=team_list(actor=request.user, action="stock.manage"),
        sites=site_list(actor=request.user, active_only=True),
    )


class StoreDetailView(ActionRequiredMixin, TemplateView):
    required_action = "stock.view"
    template_name = "assistance/store_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        store = store_get(actor=user, uuid=self.kwargs["uuid"])
        items = item_list(actor=user)
        context = {
            **super().get_context_data(**kwargs),
            "store": store,
            "balances": store_balances(store=store),
            "page_obj": page_of(self.request, movement_list(actor=user, store=store)),
            "can_manage": has_permission(user, "stock.manage"),
            "incoming": transfer_list(actor=user, open_only=True, to_store=store, oldest_first=True),
            "receivable": receivable_transfer_ids(actor=user, to_store=store),
        }
        if context["can_manage"]:
            context.setdefault("receive_form", ReceiveForm(items=items, prefix="receive"))
            context.setdefault(
                "transfer_form",
                TransferForm(items=items, stores=store_list(actor=user, other_than=store), prefix="transfer"),
            )
            context.setdefault("adjust_form", AdjustmentForm(items=items, prefix="adjust"))
        return context


class _StoreWriteView(ActionRequiredMixin, View):
    required_action = "stock.manage"
    form_class = None
    prefix = ""

    def post(self, request, uuid):
        store = store_get(actor=request.user, uuid=uuid, action="stock.manage")
        items = item_list(actor=request.user)
        kwargs = {"items": items, "prefix": self.prefix}
        if self.form_class is TransferForm:
            kwargs["stores"] = store_list(actor=request.user, action="stock.manage", other_than=store)
        form = self.form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                self.write(request, store, form.cleaned_data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                return redirect("assistance:store_detail", uuid=store.uuid)
        view = StoreDetailView(request=request, kwargs={"uuid": uuid})
        context = view.get_context_data(**{f"{self.prefix}_form": form})
        return view.render_to_response(context, status=400)


class StockReceiveView(_StoreWriteView):
    form_class, prefix = ReceiveForm, "receive"

    def write(self, request, store, data):
        stock_receive(actor=request.user, store=store, **data)
        messages.success(request, _("The receipt was recorded."))


class TransferDispatchView(_StoreWriteView):
    form_class, prefix = TransferForm, "transfer"

    def write(self, request, store, data):
        transfer = transfer_dispatch(
            actor=request.user,
            from_store=store,
            to_store=data["to_store"],
            lines=data["lines"],
            note=data["note"],
        )
        messages.success(request, sentence(_("Transfer %(ref)s dispatched."), ref=transfer.reference))


class AdjustmentRequestView(_StoreWriteView):
    form_class, prefix = AdjustmentForm, "adjust"

    def write(self, request, store, data):
        adjustment_request(actor=request.user, store=store, **data)
        messages.success(request, _("The adjustment awaits approval by a second person."))


class TransferReceiveView(ActionRequiredMixin, View):
    """Confirm an arrival: logistics anywhere, a team leader for the team's own store."""

    required_action = "stock.receive"

    def post(self, request, uuid):
        transfer = transfer_get_to_receive(actor=request.user, uuid=uuid)
        received = {}
        for line in transfer_lines(transfer=transfer):
            value = request.POST.get(f"received_{line.pk}", "")
            if value.strip() != "":
                quantity = positive_int(value, default=0) if value.strip() != "0" else 0
                received[line.pk] = (quantity, request.POST.get(f"reason_{line.pk}", ""))
        try:
            transfer_receive(actor=request.user, transfer=transfer, received=received)
        except (ValidationError, DomainError) as exc:
            error_message(request, exc)
        else:
            messages.success(request, sentence(_("Transfer %(ref)s received."), ref=transfer.reference))
        if request.POST.get("back") == "store":
            return redirect("assistance:store_detail", uuid=transfer.to_store.uuid)
        return redirect("assistance:stock_overview")


class AdjustmentDecideView(ActionRequiredMixin, View):
    required_action = "stock.approve"

    def post(self, request, uuid):
        adjustment = adjustment_get(actor=request.user, uuid=uuid)
        approve = request.POST.get("decision") == "approve"
        try:
            adjustment_decide(actor=request.user, adjustment=adjustment, approve=approve)
        except (ValidationError, DomainError) as exc:
            error_message(request, exc)
        else:
            messages.success(
                request, _("Adjustment approved and posted.") if approve else _("Adjustment rejected.")
            )
        return redirect("assistance:stock_overview")


class EntitlementRuleListView(ActionRequiredMixin, TemplateView):
    """The entitlement rules; holders of ``items.manage`` add and retire them."""

    required_action = "items.view"
    template_name = "assistance/entitlement_rules.html"

    def _form(self, data=None):
        from sanad.core.selectors.organisation import unit_list

        return EntitlementRuleForm(
            data, items=item_list(actor=self.request.user), units=unit_list(actor=self.request.user)
        )

    def get_context_data(self, **kwargs):
        can_manage = has_permission(self.request.user, "items.manage")
        context = {
            **super().get_context_data(**kwargs),
            "rules": entitlement_rule_list(actor=self.request.user),
            "can_manage": can_manage,
        }
        if can_manage:
            context["form"] = kwargs.get("form") or self._form()
        return context

    def post(self, request):
        if not has_permission(request.user, "items.manage"):
            raise PermissionDenied
        if request.POST.get("deactivate"):
            rule = entitlement_rule_get(actor=request.user, uuid=request.POST["deactivate"])
            entitlement_rule_deactivate(actor=request.user, rule=rule)
            messages.success(request, _("The rule no longer applies."))
            return redirect("assistance:entitlement_rules")
        form = self._form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["sex"] = data.get("sex") or ""
            try:
                entitlement_rule_create(actor=request.user, **data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The rule was added."))
                return redirect("assistance:entitlement_rules")
        return self.render_to_response(self.get_context_data(form=form), status=400)
