"""Organisation pages: agencies, their units, and teams with their members."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView, View

from sanad.core.bidi import isolate
from sanad.core.errors import DomainError
from sanad.core.forms.organisation import AgencyForm, TeamForm, TeamMemberForm, UnitForm
from sanad.core.permissions import Scope, has_permission, scope_for
from sanad.core.selectors.organisation import (
    actor_may_create_team,
    agency_get,
    agency_list,
    record_permits,
    team_base_admin_unit_choices,
    team_base_site_choices,
    team_get,
    team_list,
    team_member_candidates,
    team_membership_of,
    unit_get,
    unit_ids,
    unit_list,
)
from sanad.core.services.organisation import (
    agency_create,
    agency_update,
    team_add_member,
    team_create,
    team_remove_member,
    team_update,
    unit_create,
    unit_update,
)
from sanad.core.views.base import ActionRequiredMixin, query_string_without_page


class ServiceFormView(ActionRequiredMixin, FormView):
    """A form whose valid data goes to one service; the service's errors land on the form."""

    template_name = "core/organisation/form.html"
    title = ""
    cancel_url = ""

    def call_service(self, form):
        raise NotImplementedError

    def success_url_for(self, obj) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.call_service(form)
        except ValidationError as exc:
            for field, errors in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.form_invalid(form)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.success_url_for(obj))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["cancel_url"] = self.cancel_url
        return context


def _values(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


# --- Agencies -----------------------------------------------------------------------------------
class AgencyListView(ActionRequiredMixin, ListView):
    required_action = "agencies.view"
    template_name = "core/organisation/agency_list.html"
    context_object_name = "agencies"
    paginate_by = 50

    def get_queryset(self):
        return agency_list(actor=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_manage"] = scope_for(self.request.user, "agencies.manage") == Scope.ALL
        context["query_string"] = query_string_without_page(self.request)
        return context


class AgencyDetailView(ActionRequiredMixin, TemplateView):
    required_action = "agencies.view"
    template_name = "core/organisation/agency_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        agency = agency_get(actor=user, uuid=kwargs["uuid"])
        context["agency"] = agency
        context["units"] = unit_list(actor=user, agency=agency)
        context["teams"] = team_list(actor=user, agency=agency) if has_permission(user, "teams.view") else []
        context["may_manage"] = scope_for(user, "agencies.manage") == Scope.ALL
        context["managed_unit_ids"] = unit_ids(actor=user, action="units.manage", agency=agency)
        context["may_add_unit"] = record_permits(agency_list(actor=user, action="units.manage"), agency)
        return context


AGENCY_FIELDS = ("code", "name_en", "name_ar", "name_fr", "kind", "is_active")


class AgencyCreateView(ServiceFormView):
    required_action = "agencies.manage"
    form_class = AgencyForm
    title = gettext_lazy("New agency")

    def call_service(self, form):
        return agency_create(
            actor=self.request.user,
            idempotency_key=form.cleaned_data.get("idempotency_key"),
            **_values(form, AGENCY_FIELDS),
        )

    def success_url_for(self, obj):
        return redirect("core:agency_detail", uuid=obj.uuid).url

    def get_context_data(self, **kwargs):
        self.cancel_url = redirect("core:agency_list").url
        return super().get_context_data(**kwargs)


class AgencyEditView(ServiceFormView):
    required_action = "agencies.manage"
    form_class = AgencyForm

    def get_agency(self):
        if not hasattr(self, "agency"):
            self.agency = agency_get(
                actor=self.request.user, uuid=self.kwargs["uuid"], action="agencies.manage"
            )
        return self.agency

    def get_initial(self):
        agency = self.get_agency()
        return {name: getattr(agency, name) for name in AGENCY_FIELDS}

    def call_service(self, form):
        return agency_update(
            actor=self.request.user, agency=self.get_agency(), **_values(form, AGENCY_FIELDS)
        )

    def success_url_for(self, obj):
        return redirect("core:agency_detail", uuid=obj.uuid).url

    def get_context_data(self, **kwargs):
        agency = self.get_agency()
        self.title = _("Edit agency %(name)s") % {"name": isolate(agency.name)}
        self.cancel_url = redirect("core:agency_detail", uuid=agency.uuid).url
        return super().get_context_data(**kwargs)


# --- Units --------------------------------------------------------------------------------------
UNIT_FIELDS = ("code", "name_en", "name_ar", "name_fr", "kind", "is_active")


class UnitCreateView(ServiceFormView):
    required_action = "units.manage"
    form_class = UnitForm

    def get_agency(self):
        if not hasattr(self, "agency"):
            self.agency = agency_get(actor=self.request.user, uuid=self.kwargs["uuid"], action="units.manage")
        return self.agency

    def get(self, request, *args, **kwargs):
        self.get_agency()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_agency()
        return super().post(request, *args, **kwargs)

    def call_service(self, form):
        return unit_create(
            actor=self.request.user,
            agency=self.get_agency(),
            idempotency_key=form.cleaned_data.get("idempotency_key"),
            **_values(form, UNIT_FIELDS),
        )

    def success_url_for(self, obj):
        return redirect("core:agency_detail", uuid=obj.agency.uuid).url

    def get_context_data(self, **kwargs):
        agency = self.get_agency()
        self.title = _("New unit in %(agency)s") % {"agency": isolate(agency.name)}
        self.cancel_url = redirect("core:agency_detail", uuid=agency.uuid).url
        return super().get_context_data(**kwargs)


class UnitEditView(ServiceFormView):
    required_action = "units.manage"
    form_class = UnitForm

    def get_unit(self):
        if not hasattr(self, "unit"):
            self.unit = unit_get(actor=self.request.user, uuid=self.kwargs["uuid"], action="units.manage")
        return self.unit

    def get(self, request, *args, **kwargs):
        self.get_unit()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_unit()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        unit = self.get_unit()
        return {name: getattr(unit, name) for name in UNIT_FIELDS}

    def call_service(self, form):
        return unit_update(actor=self.request.user, unit=self.get_unit(), **_values(form, UNIT_FIELDS))

    def success_url_for(self, obj):
        return redirect("core:agency_detail", uuid=obj.agency.uuid).url

    def get_context_data(self, **kwargs):
        unit = self.get_unit()
        self.title = _("Edit unit %(name)s") % {"name": isolate(unit.name)}
        self.cancel_url = redirect("core:agency_detail", uuid=unit.agency.uuid).url
        return super().get_context_data(**kwargs)


# --- Teams --------------------------------------------------------------------------------------
TEAM_FIELDS = ("code", "name", "is_mobile", "base_admin_unit", "base_site", "is_active")


class TeamListView(ActionRequiredMixin, ListView):
    required_action = "teams.view"
    template_name = "core/organisation/team_list.html"
    context_object_name = "teams"
    paginate_by = 50

    def get_queryset(self):
        return team_list(actor=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_create"] = actor_may_create_team(actor=self.request.user)
        context["query_string"] = query_string_without_page(self.request)
        return context


class TeamDetailView(ActionRequiredMixin, TemplateView):
    required_action = "teams.view"
    template_name = "core/organisation/team_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        team = team_get(actor=user, uuid=kwargs["uuid"])
        context["team"] = team
        may_manage = record_permits(team_list(actor=user, action="teams.manage"), team)
        context["may_manage"] = may_manage
        if may_manage:
            context["member_form"] = kwargs.get("member_form") or TeamMemberForm(
                candidates=team_member_candidates(actor=user, team=team)
            )
        return context


class _TeamFormMixin:
    form_class = TeamForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs["units"] = (
            unit_list(actor=user, action="teams.manage") if actor_may_create_team(actor=user) else None
        )
        kwargs["admin_units"] = team_base_admin_unit_choices()
        kwargs["sites"] = team_base_site_choices()
        return kwargs


class TeamCreateView(_TeamFormMixin, ServiceFormView):
    required_action = "teams.manage"
    title = gettext_lazy("New team")

    def dispatch(self, request, *args, **kwargs):
        if has_permission(request.user, "teams.manage") and not actor_may_create_team(actor=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def call_service(self, form):
        return team_create(
            actor=self.request.user,
            unit=form.cleaned_data["unit"],
            idempotency_key=form.cleaned_data.get("idempotency_key"),
            **_values(form, TEAM_FIELDS),
        )

    def success_url_for(self, obj):
        return redirect("core:team_detail", uuid=obj.uuid).url

    def get_context_data(self, **kwargs):
        self.cancel_url = redirect("core:team_list").url
        return super().get_context_data(**kwargs)


class TeamEditView(_TeamFormMixin, ServiceFormView):
    required_action = "teams.manage"

    def get_team(self):
        if not hasattr(self, "team"):
            self.team = team_get(actor=self.request.user, uuid=self.kwargs["uuid"], action="teams.manage")
        return self.team

    def get(self, request, *args, **kwargs):
        self.get_team()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_team()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        team = self.get_team()
        initial = {name: getattr(team, name) for name in TEAM_FIELDS}
        initial["unit"] = team.unit
        return initial

    def call_service(self, form):
        values = _values(form, (*TEAM_FIELDS, "unit"))
        return team_update(actor=self.request.user, team=self.get_team(), **values)

    def success_url_for(self, obj):
        return redirect("core:team_detail", uuid=obj.uuid).url

    def get_context_data(self, **kwargs):
        team = self.get_team()
        self.title = _("Edit team %(name)s") % {"name": isolate(team.name)}
        self.cancel_url = redirect("core:team_detail", uuid=team.uuid).url
        return super().get_context_data(**kwargs)


class TeamMemberAddView(ActionRequiredMixin, View):
    required_action = "teams.manage"

    def post(self, request, uuid):
        team = team_get(actor=request.user, uuid=uuid, action="teams.manage")
        form = TeamMemberForm(request.POST, candidates=team_member_candidates(actor=request.user, team=team))
        if form.is_valid():
            try:
                team_add_member(
                    actor=request.user,
                    team=team,
                    user=form.cleaned_data["user"],
                    function=form.cleaned_data["function"],
                )
            except (ValidationError, DomainError) as exc:
                message = exc.message if isinstance(exc, DomainError) else " ".join(exc.messages)
                form.add_error(None, message)
            else:
                messages.success(request, _("Member added."))
                return redirect("core:team_detail", uuid=team.uuid)
        view = TeamDetailView(request=request, kwargs={"uuid": uuid})
        context = view.get_context_data(uuid=uuid, member_form=form)
        return view.render_to_response(context, status=400)


class TeamMemberRemoveView(ActionRequiredMixin, View):
    required_action = "teams.manage"

    def post(self, request, uuid, user_uuid):
        team = team_get(actor=request.user, uuid=uuid, action="teams.manage")
        membership = team_membership_of(team=team, user_uuid=user_uuid)
        if membership is None:
            raise Http404
        try:
            team_remove_member(actor=request.user, team=team, user=membership.user)
        except (ValidationError, DomainError) as exc:
            messages.error(request, exc.message if isinstance(exc, DomainError) else " ".join(exc.messages))
        else:
            messages.success(request, _("Member removed."))
        return redirect("core:team_detail", uuid=team.uuid)


urlpatterns = [
    path("agencies/", AgencyListView.as_view(), name="agency_list"),
    path("agencies/new/", AgencyCreateView.as_view(), name="agency_create"),
    path("agencies/<uuid:uuid>/", AgencyDetailView.as_view(), name="agency_detail"),
    path("agencies/<uuid:uuid>/edit/", AgencyEditView.as_view(), name="agency_edit"),
    path("agencies/<uuid:uuid>/units/new/", UnitCreateView.as_view(), name="unit_create"),
    path("units/<uuid:uuid>/edit/", UnitEditView.as_view(), name="unit_edit"),
    path("teams/", TeamListView.as_view(), name="team_list"),
    path("teams/new/", TeamCreateView.as_view(), name="team_create"),
    path("teams/<uuid:uuid>/", TeamDetailView.as_view(), name="team_detail"),
    path("teams/<uuid:uuid>/edit/", TeamEditView.as_view(), name="team_edit"),
    path("teams/<uuid:uuid>/members/add/", TeamMemberAddView.as_view(), name="team_member_add"),
    path(
        "teams/<uuid:uuid>/members/<uuid:user_uuid>/remove/",
        TeamMemberRemoveView.as_view(),
        name="team_member_remove",
    ),
]
