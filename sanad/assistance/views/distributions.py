"""Distribution pages: list, create, detail (stock position, receipts, beneficiary list), the
point-of-distribution recording screen (phone, htmx), bulk list mode, head-count, closing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from sanad.assistance.filters import DistributionFilterSet
from sanad.assistance.forms import CloseForm, DistributionForm, ListCriteriaForm, SampleForm
from sanad.assistance.models import Distribution
from sanad.assistance.selectors import (
    distribution_get,
    distribution_list,
    distribution_list_entries,
    distribution_receipts,
    item_list,
    items_in_store,
    pdm_samples_of,
    receipt_lines,
    store_list,
    store_stocked_items,
)
from sanad.assistance.services.distributions import (
    distribution_close,
    distribution_create,
    distribution_list_prepare,
    distribution_open,
    distribution_record,
    distribution_record_bulk,
    distribution_record_headcount,
    distribution_stock_position,
)
from sanad.assistance.services.entitlements import entitlements_for
from sanad.assistance.services.stock import stock_issue
from sanad.assistance.views.page_parts import attach_errors, error_message, positive_int
from sanad.core.errors import DomainError
from sanad.core.forms.base import IdempotentFormMixin
from sanad.core.lists import ScopedListView, page_of
from sanad.core.permissions import has_permission
from sanad.core.selectors.organisation import team_list
from sanad.core.views.base import ActionRequiredMixin
from sanad.geo.selectors import site_list
from sanad.registry.selectors import person_get, person_list, person_search


class DistributionListView(ScopedListView):
    required_action = "distributions.view"
    filterset_class = DistributionFilterSet
    template_name = "assistance/distribution_list.html"

    def get_items(self, data):
        return distribution_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        return {**context, "can_manage": has_permission(self.request.user, "distributions.manage")}


def _distribution_form(request, data=None):
    user = request.user
    return DistributionForm(
        data,
        stores=store_list(actor=user, action="distributions.manage"),
        teams=team_list(actor=user, action="distributions.manage"),
        sites=site_list(actor=user, active_only=True),
        initial={"date": timezone.localdate()},
    )


class DistributionCreateView(ActionRequiredMixin, TemplateView):
    required_action = "distributions.manage"
    template_name = "assistance/distribution_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", _distribution_form(self.request))
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = _distribution_form(request, request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            key = data.pop("idempotency_key")
            try:
                distribution = distribution_create(actor=request.user, idempotency_key=key, **data)
            except (ValidationError, DomainError) as exc:
                attach_errors(form, exc)
            else:
                return redirect("assistance:distribution_detail", uuid=distribution.uuid)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DistributionDetailView(ActionRequiredMixin, TemplateView):
    required_action = "distributions.view"
    template_name = "assistance/distribution_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        distribution = distribution_get(actor=user, uuid=self.kwargs["uuid"])
        items = {item.pk: item for item in item_list(actor=user, active_only=False)}
        position = [
            (items[item_id], values)
            for item_id, values in sorted(distribution_stock_position(distribution).items())
        ]
        can_manage = has_permission(user, "distributions.manage")
        context = {
            **super().get_context_data(**kwargs),
            "distribution": distribution,
            "position": position,
            "page_obj": page_of(self.request, distribution_receipts(distribution=distribution), per_page=30),
            "list_entries": distribution_list_entries(distribution=distribution),
            "samples": pdm_samples_of(distribution=distribution),
            "can_manage": can_manage,
            "can_record": has_permission(user, "distributions.record"),
            "items": list(items.values()),
        }
        if can_manage and distribution.status == Distribution.Status.OPEN:
            context["issuable_items"] = list(items_in_store(actor=user, store=distribution.store))
        if can_manage:
            context.setdefault(
                "criteria_form",
                ListCriteriaForm(
                    admin_units=_admin_units(user),
                    sites=site_list(actor=user, active_only=True),
                ),
            )
            context.setdefault("close_form", CloseForm())
            context.setdefault("sample_form", SampleForm())
        return context


def _admin_units(actor):
    """Regions, mantikas and baladiyas in use, for the list criteria."""
    from sanad.geo.selectors import admin_unit_choices

    return admin_unit_choices(actor=actor, levels=(1, 2, 3), active_only=True)


class _DistributionAction(ActionRequiredMixin, View):
    required_action = "distributions.manage"

    def post(self, request, uuid):
        distribution = distribution_get(actor=request.user, uuid=uuid, action=self.required_action)
        try:
            response = self.act(request, distribution)
        except (ValidationError, DomainError) as exc:
            error_message(request, exc)
            response = None
        return response or redirect("assistance:distribution_detail", uuid=distribution.uuid)


class DistributionOpenView(_DistributionAction):
    def act(self, request, distribution):
        distribution_open(actor=request.user, distribution=distribution)
        messages.success(request, _("The distribution is open."))


class DistributionIssueView(_DistributionAction):
    def act(self, request, distribution):
        items = {str(i.uuid): i for i in item_list(actor=request.user)}
        item = items.get(request.POST.get("item", ""))
        quantity = positive_int(request.POST.get("quantity"))
        if item is None or not quantity:
            raise ValidationError(_("Choose an item and a quantity of at least 1."))
        stock_issue(actor=request.user, distribution=distribution, item=item, quantity=quantity)
        messages.success(
            request,
            _("%(n)d × %(item)s issued from %(store)s.")
            % {"n": quantity, "item": item.name, "store": distribution.store.name},
        )


class DistributionCloseView(_DistributionAction):
    def act(self, request, distribution):
        form = CloseForm(request.POST)
        form.is_valid()
        returns = {}
        for item in item_list(actor=request.user, active_only=False):
            quantity = positive_int(request.POST.get(f"return_{item.uuid}"))
            if quantity:
                returns[item] = quantity
        distribution_close(
            actor=request.user,
            distribution=distribution,
            returns=returns,
            note=form.cleaned_data.get("note", ""),
        )
        messages.success(request, _("The distribution is closed and reconciled."))


class DistributionListPrepareView(_DistributionAction):
    def act(self, request, distribution):
        form = ListCriteriaForm(
            request.POST,
            admin_units=_admin_units(request.user),
            sites=site_list(actor=request.user),
        )
        if not form.is_valid():
            raise ValidationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        people = person_list(
            actor=request.user,
            data={
                "population_group": data["population_group"],
                "admin_unit": data["admin_unit"],
                "site": data["site"],
            },
        )
        added = distribution_list_prepare(
            actor=request.user,
            distribution=distribution,
            people=people,
            priority=data.get("priority", ""),
            household_size_min=data["household_size_min"],
            household_size_max=data["household_size_max"],
        )
        messages.success(request, _("%(n)d people added to the list.") % {"n": added})


class RecordForm(IdempotentFormMixin):
    """Holds the idempotency key and receives the service's errors; items are read from the POST."""

    override_reason = forms.CharField(required=False, max_length=300)
    items = forms.CharField(required=False)
    person = forms.CharField(required=False)


def _person_from(request, value):
    if not value:
        return None
    try:
        return person_get(actor=request.user, uuid=value)
    except Http404:
        return None


class DistributionRecordView(ActionRequiredMixin, TemplateView):
    """The point-of-distribution screen: find the person, see entitlements, tick, done."""

    required_action = "distributions.record"
    template_name = "assistance/distribution_record.html"

    def get_distribution(self):
        return distribution_get(
            actor=self.request.user, uuid=self.kwargs["uuid"], action="distributions.record"
        )

    def get_context_data(self, **kwargs):
        request = self.request
        distribution = kwargs.pop("distribution", None) or self.get_distribution()
        query = request.GET.get("q", "").strip()[:100]
        person = kwargs.pop("person", None) or _person_from(request, request.GET.get("person"))
        matches = []
        if person is None and query:
            matches = person_search(actor=request.user, text=query, limit=10)
            if len(matches) == 1:
                person = matches[0]
        rows = []
        if person is not None:
            stocked = store_stocked_items(store=distribution.store)
            posted = kwargs.pop("posted", None)
            stocked_ids = {i.pk for i in stocked}
            for entitlement in entitlements_for(
                person=person,
                unit=distribution.unit,
                day=distribution.date,
                items=list({i.pk: i for i in stocked}.values()),
            ):
                if entitlement.item.pk not in stocked_ids:
                    continue  # a rule for an item this distribution has no stock of
                key = str(entitlement.item.uuid)
                if posted is None:
                    # Pre-tick what the person is entitled to now: at the point of distribution
                    # the usual case is "hand over the entitlement", one tap on Done.
                    checked = (
                        entitlement.rule is not None and not entitlement.problem and entitlement.suggested > 0
                    )
                else:
                    checked = key in posted
                rows.append(
                    {
                        "entitlement": entitlement,
                        "key": key,
                        "checked": checked,
                        "quantity": (posted or {}).get(key) or entitlement.suggested or 1,
                    }
                )
        return {
            **super().get_context_data(**kwargs),
            "distribution": distribution,
            "query": query,
            "person": person,
            "matches": matches,
            "rows": rows,
            "has_problem": any(row["entitlement"].problem for row in rows),
            "form": kwargs.get("form") or RecordForm(),
            "recent": distribution_receipts(distribution=distribution)[:5],
        }

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and self.request.method == "GET":
            return ["assistance/includes/record_panel.html"]
        return [self.template_name]

    def post(self, request, uuid):
        distribution = self.get_distribution()
        person = _person_from(request, request.POST.get("person"))
        if person is None:
            raise Http404
        form = RecordForm(request.POST)
        form.is_valid()
        catalogue = {str(i.uuid): i for i in item_list(actor=request.user)}
        posted = {}
        for key in request.POST.getlist("item"):
            if key in catalogue:
                posted[key] = positive_int(request.POST.get(f"qty_{key}"), default=1)
        try:
            receipt = distribution_record(
                actor=request.user,
                distribution=distribution,
                person=person,
                items={catalogue[k]: q for k, q in posted.items()},
                override_reason=request.POST.get("override_reason", ""),
                idempotency_key=form.cleaned_data.get("idempotency_key"),
            )
        except (ValidationError, DomainError) as exc:
            attach_errors(form, exc)
            context = self.get_context_data(
                distribution=distribution, person=person, form=form, posted=posted
            )
            context["needs_override"] = "override_reason" in form.errors
            context["override_reason"] = request.POST.get("override_reason", "")
            return self.render_to_response(context, status=400)
        summary = ", ".join(
            f"{line.quantity} × {line.item.name}" for line in receipt_lines(receipt=receipt, load_items=True)
        )
        messages.success(
            request, _("Recorded for %(person)s: %(items)s.") % {"person": person.reference, "items": summary}
        )
        return redirect(reverse("assistance:distribution_record", args=[distribution.uuid]))


class DistributionBulkView(ActionRequiredMixin, TemplateView):
    """Bulk list mode: tick many people of the prepared list; each gets what they are entitled to."""

    required_action = "distributions.record"
    template_name = "assistance/distribution_bulk.html"

    def get_context_data(self, **kwargs):
        distribution = distribution_get(
            actor=self.request.user, uuid=self.kwargs["uuid"], action="distributions.record"
        )
        return {
            **super().get_context_data(**kwargs),
            "distribution": distribution,
            "entries": distribution_list_entries(distribution=distribution),
        }

    def post(self, request, uuid):
        distribution = distribution_get(actor=request.user, uuid=uuid, action="distributions.record")
        wanted = set(request.POST.getlist("person"))
        people = [
            p
            for p, received in distribution_list_entries(distribution=distribution)
            if str(p.uuid) in wanted and not received
        ]
        try:
            result = distribution_record_bulk(actor=request.user, distribution=distribution, people=people)
        except DomainError as exc:
            error_message(request, exc)
            return redirect("assistance:distribution_bulk", uuid=uuid)
        messages.success(request, _("%(n)d recorded.") % {"n": len(result["recorded"])})
        for person, reason in result["skipped"]:
            messages.warning(request, f"{person.reference}: {reason}")
        return redirect("assistance:distribution_bulk", uuid=uuid)


class DistributionHeadcountView(ActionRequiredMixin, View):
    required_action = "distributions.record"

    def post(self, request, uuid):
        distribution = distribution_get(actor=request.user, uuid=uuid, action="distributions.record")
        items = {}
        for item in item_list(actor=request.user):
            quantity = positive_int(request.POST.get(f"qty_{item.uuid}"))
            if quantity:
                items[item] = quantity
        try:
            distribution_record_headcount(
                actor=request.user,
                distribution=distribution,
                head_count=positive_int(request.POST.get("head_count")),
                items=items,
                idempotency_key=request.POST.get("idempotency_key") or None,
            )
        except (ValidationError, DomainError) as exc:
            error_message(request, exc)
        else:
            messages.success(request, _("Head-count recorded."))
        return redirect("assistance:distribution_detail", uuid=distribution.uuid)


class DistributionSampleView(_DistributionAction):
    def act(self, request, distribution):
        from sanad.assistance.services.pdm import pdm_sample_draw

        form = SampleForm(request.POST)
        if not form.is_valid():
            raise ValidationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        sample = pdm_sample_draw(
            actor=request.user,
            distribution=distribution,
            size=form.cleaned_data["size"],
            seed=form.cleaned_data["seed"],
        )
        messages.success(
            request,
            _("PDM sample drawn: %(n)d people (seed %(seed)d).") % {"n": sample.size, "seed": sample.seed},
        )
        return redirect("assistance:distribution_pdm", uuid=distribution.uuid, sample=sample.uuid)
