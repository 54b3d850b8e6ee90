"""User and role administration (Sanad's own pages, not the Django admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from sanad.core.errors import DomainError
from sanad.core.filters import UserFilterSet
from sanad.core.forms.users import MembershipAddForm, UserCreateForm, UserEditForm
from sanad.core.lists import ScopedListView
from sanad.core.permissions import ROLES, Scope, has_permission, scope_for
from sanad.core.selectors.users import (
    filter_choices,
    role_get,
    role_list,
    role_matrix,
    user_get,
    user_list,
    user_memberships,
    user_security_status,
    user_unit_uuids,
)
from sanad.core.services.roles import role_set_requires_2fa
from sanad.core.services.users import (
    RESERVED_ROLES,
    api_token_issue,
    api_token_revoke,
    user_activate,
    user_create,
    user_deactivate,
    user_reset_two_factor,
    user_set_memberships,
    user_set_password,
    user_set_roles,
    user_unlock,
    user_update,
)
from sanad.core.views.auth import attach_errors
from sanad.core.views.base import ActionRequiredMixin


def _may_manage(actor, user) -> bool:
    try:
        user_get(actor=actor, uuid=user.uuid, action="users.manage")
    except Http404:
        return False
    protected = bool(user.role_codes & RESERVED_ROLES) and user.pk != actor.pk
    return scope_for(actor, "users.manage") == Scope.ALL or not protected


class UserListView(ScopedListView):
    required_action = "users.view"
    filterset_class = UserFilterSet
    template_name = "core/users/user_list.html"

    def get_items(self, data):
        return user_list(actor=self.request.user, data=data)

    def get_context_data(self, **context):
        request = self.request
        return {
            **context,
            "users": context["page_obj"].object_list,
            # The form's selects are drawn by hand (names of agencies and teams are data, not UI text).
            "filters": {key: request.GET.get(key, "") for key in ("q", "agency", "role", "team", "active")},
            "roles": [(code, spec.label) for code, spec in ROLES.items()],
            "can_create": has_permission(request.user, "users.manage"),
            **filter_choices(actor=request.user),
        }


class UserDetailView(ActionRequiredMixin, View):
    required_action = "users.view"
    template_name = "core/users/user_detail.html"

    def get(self, request, uuid):
        user = user_get(actor=request.user, uuid=uuid)
        return render(request, self.template_name, user_detail_context(request, user))


def user_detail_context(request, user, *, membership_form=None) -> dict:
    can_manage = _may_manage(request.user, user)
    return {
        "subject": user,
        "roles": [ROLES[code] for code in sorted(user.role_codes) if code in ROLES],
        "memberships": user_memberships(user=user),
        "security": user_security_status(user=user),
        "can_manage": can_manage,
        "can_manage_tokens": has_permission(request.user, "api_tokens.manage"),
        "membership_form": membership_form
        or (MembershipAddForm(actor=request.user, user=user) if can_manage else None),
    }


class UserCreateView(ActionRequiredMixin, View):
    required_action = "users.manage"
    template_name = "core/users/user_form.html"

    def get(self, request):
        initial = {"agency": request.user.agency.uuid if request.user.agency_id else None}
        form = UserCreateForm(actor=request.user, initial=initial)
        return render(request, self.template_name, {"form": form, "creating": True})

    def post(self, request):
        form = UserCreateForm(request.POST, actor=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = user_create(
                    actor=request.user,
                    username=data["username"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                    preferred_language=data["preferred_language"],
                    agency=data["agency"],
                    units=data["units"],
                    roles=data["roles"],
                    sensitive_access=data["sensitive_access"],
                    password=data["password"] or None,
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if result.generated_password:
                    # Shown on this response only; a reload does not show it again.
                    return render(
                        request,
                        "core/users/user_password_once.html",
                        {"subject": result.user, "password": result.generated_password},
                    )
                messages.success(request, _("The user was created."))
                return redirect("core:user_detail", uuid=result.user.uuid)
        return render(request, self.template_name, {"form": form, "creating": True})


class UserEditView(ActionRequiredMixin, View):
    required_action = "users.manage"
    template_name = "core/users/user_form.html"

    def _get_user(self, request, uuid):
        user = user_get(actor=request.user, uuid=uuid, action="users.manage")
        return user

    def get(self, request, uuid):
        user = self._get_user(request, uuid)
        initial = {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "agency": user.agency.uuid if user.agency_id else None,
            "units": user_unit_uuids(user=user),
            "roles": sorted(user.role_codes),
            "sensitive_access": user.sensitive_access,
        }
        form = UserEditForm(actor=request.user, user=user, initial=initial)
        return render(request, self.template_name, {"form": form, "subject": user})

    def post(self, request, uuid):
        user = self._get_user(request, uuid)
        form = UserEditForm(request.POST, actor=request.user, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    user = user_update(
                        actor=request.user,
                        user=user,
                        username=data["username"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"],
                        phone=data["phone"],
                        preferred_language=data["preferred_language"],
                        agency=data["agency"],
                        units=data["units"],
                        sensitive_access=data["sensitive_access"],
                    )
                    user_set_roles(actor=request.user, user=user, roles=set(data["roles"]) | form.fixed_roles)
            except ValidationError as error:
                attach_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The user was saved."))
                return redirect("core:user_detail", uuid=user.uuid)
        return render(request, self.template_name, {"form": form, "subject": user})


class _UserActionView(ActionRequiredMixin, View):
    """A POST-only action on one user, then back to the user's page with a message."""

    http_method_names = ["post"]
    required_action = "users.manage"
    lookup_action = "users.manage"

    def post(self, request, uuid, **kwargs):
        user = user_get(actor=request.user, uuid=uuid, action=self.lookup_action)
        try:
            response = self.perform(request, user)
        except DomainError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if response is not None:
                return response
        return redirect("core:user_detail", uuid=user.uuid)

    def perform(self, request, user):
        raise NotImplementedError


class UserDeactivateView(_UserActionView):
    def perform(self, request, user):
        user_deactivate(actor=request.user, user=user)
        messages.success(request, _("The user was deactivated. They can no longer sign in."))


class UserActivateView(_UserActionView):
    def perform(self, request, user):
        user_activate(actor=request.user, user=user)
        messages.success(request, _("The user was reactivated."))


class UserResetTwoFactorView(_UserActionView):
    def perform(self, request, user):
        user_reset_two_factor(actor=request.user, user=user)
        messages.success(
            request, _("Two-factor authentication was reset. The user sets it up again at sign-in.")
        )


class UserUnlockView(_UserActionView):
    def perform(self, request, user):
        user_unlock(actor=request.user, user=user)
        messages.success(request, _("The account was unlocked."))


class UserPasswordResetView(_UserActionView):
    """A forgotten password: a one-time password, shown once to the administrator."""

    def perform(self, request, user):
        password = user_set_password(actor=request.user, user=user)
        return render(
            request,
            "core/users/user_password_once.html",
            {"subject": user, "password": password, "resetting": True},
        )


class UserMembershipAddView(_UserActionView):
    def perform(self, request, user):
        form = MembershipAddForm(request.POST, actor=request.user, user=user)
        if not form.is_valid():
            return render(
                request,
                "core/users/user_detail.html",
                user_detail_context(request, user, membership_form=form),
                status=400,
            )
        wanted = {m.team: m.function for m in user_memberships(user=user)}
        wanted[form.cleaned_data["team"]] = form.cleaned_data["function"]
        user_set_memberships(actor=request.user, user=user, memberships=wanted)
        messages.success(request, _("The team membership was saved."))
        return None


class UserMembershipRemoveView(_UserActionView):
    def perform(self, request, user):
        team_uuid = str(self.kwargs["team_uuid"])
        current = {m.team: m.function for m in user_memberships(user=user)}
        wanted = {team: function for team, function in current.items() if str(team.uuid) != team_uuid}
        if len(wanted) == len(current):
            raise Http404
        user_set_memberships(actor=request.user, user=user, memberships=wanted)
        messages.success(request, _("The team membership was removed."))


class ApiTokenIssueView(_UserActionView):
    required_action = "api_tokens.manage"
    lookup_action = "users.view"

    def perform(self, request, user):
        key = api_token_issue(actor=request.user, user=user)
        # The key is shown on this response only.
        return render(request, "core/users/api_token_once.html", {"subject": user, "key": key})


class ApiTokenRevokeView(_UserActionView):
    required_action = "api_tokens.manage"
    lookup_action = "users.view"

    def perform(self, request, user):
        if api_token_revoke(actor=request.user, user=user):
            messages.success(request, _("The API token was revoked."))
        else:
            messages.info(request, _("This user had no API token."))


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------
class RoleListView(ActionRequiredMixin, View):
    required_action = "roles.manage"
    template_name = "core/users/role_list.html"

    def get(self, request):
        roles = role_list(actor=request.user)
        return render(request, self.template_name, {"roles": roles, "matrix": role_matrix()})


class RoleTwoFactorToggleView(ActionRequiredMixin, View):
    required_action = "roles.manage"
    http_method_names = ["post"]

    def post(self, request, code):
        role = role_get(actor=request.user, code=code)
        wanted = request.POST.get("requires_2fa") in {"on", "true", "1"}
        role = role_set_requires_2fa(actor=request.user, role=role, requires_2fa=wanted)
        if request.htmx:
            return render(request, "core/users/_role_2fa_toggle.html", {"role": role, "saved": True})
        messages.success(request, _("The role was saved."))
        return redirect("core:role_list")


uuid_path = "admin/users/<uuid:uuid>/"

urlpatterns = [
    path("admin/users/", UserListView.as_view(), name="user_list"),
    path("admin/users/new/", UserCreateView.as_view(), name="user_create"),
    path(uuid_path, UserDetailView.as_view(), name="user_detail"),
    path(f"{uuid_path}edit/", UserEditView.as_view(), name="user_edit"),
    path(f"{uuid_path}deactivate/", UserDeactivateView.as_view(), name="user_deactivate"),
    path(f"{uuid_path}activate/", UserActivateView.as_view(), name="user_activate"),
    path(f"{uuid_path}two-factor/reset/", UserResetTwoFactorView.as_view(), name="user_reset_two_factor"),
    path(f"{uuid_path}unlock/", UserUnlockView.as_view(), name="user_unlock"),
    path(f"{uuid_path}password/", UserPasswordResetView.as_view(), name="user_password_reset"),
    path(f"{uuid_path}memberships/", UserMembershipAddView.as_view(), name="user_membership_add"),
    path(
        f"{uuid_path}memberships/<uuid:team_uuid>/remove/",
        UserMembershipRemoveView.as_view(),
        name="user_membership_remove",
    ),
    path(f"{uuid_path}api-token/", ApiTokenIssueView.as_view(), name="api_token_issue"),
    path(f"{uuid_path}api-token/revoke/", ApiTokenRevokeView.as_view(), name="api_token_revoke"),
    path("admin/roles/", RoleListView.as_view(), name="role_list"),
    path("admin/roles/<slug:code>/two-factor/", RoleTwoFactorToggleView.as_view(), name="role_two_factor"),
]
