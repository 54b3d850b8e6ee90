"""Sign-in (password, then the authenticator code when enrolled), sign-out, lock-out page,
own account, password change and two-factor enrolment."""

from __future__ import annotations

import base64
import math

import django_otp
import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.i18n import set_language
from django_otp import DEVICE_ID_SESSION_KEY

from sanad.core.errors import DomainError
from sanad.core.forms.auth import CodeForm, LoginForm, PasswordChangeForm, PasswordConfirmForm, ProfileForm
from sanad.core.permissions import ROLES
from sanad.core.selectors.users import login_pending_user, user_memberships
from sanad.core.services.accounts import (
    account_change_password,
    account_update_profile,
    auth_record_lockout,
    auth_record_login,
    auth_record_login_failed,
    auth_record_logout,
    two_factor_confirmed_device,
    two_factor_device_confirm,
    two_factor_device_start,
    two_factor_reset_own,
)

PENDING_USER_KEY = "sanad_pending_user"
PENDING_BACKEND_KEY = "sanad_pending_backend"
PENDING_NEXT_KEY = "sanad_pending_next"
LANGUAGE_CHOSEN_KEY = "sanad_language_chosen"


def attach_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (unknown fields become form-wide errors)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def lockout_minutes() -> int:
    return max(1, math.ceil(float(settings.AXES_COOLOFF_TIME or 0) * 60))


def lockout_response(request, original_response=None, credentials=None):
    """django-axes calls this when an account is locked: a translated page, HTTP 429."""
    return render(
        request,
        "core/auth/locked_out.html",
        {"minutes": lockout_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _apply_language(response, language: str):
    """``language`` becomes the language of the browser (cookie)."""
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
    return response


def _sign_in_language(request, user) -> str:
    """The language after sign-in: the one chosen before signing in, else the user's preference.

    The choice serves this sign-in only; the preference stays as set on the account page (a
    choice made on a shared phone should not change someone's profile).
    """
    chosen = request.session.pop(LANGUAGE_CHOSEN_KEY, None)
    return chosen if chosen in dict(settings.LANGUAGES) else user.preferred_language


def _finish_login(request, user, *, device=None, next_url: str):
    language = _sign_in_language(request, user)
    login(request, user)
    if device is not None:
        django_otp.login(request, device)
    auth_record_login(user=user, two_factor=device is not None)
    if user.password_changed_at is None and user.has_usable_password():
        # The password was set by an administrator: ask the user to choose their own.
        messages.warning(request, _("Your password was set by an administrator. Please choose your own now."))
        next_url = reverse("core:password_change")
    return _apply_language(redirect(next_url), language)


@login_not_required
def language_set(request):
    """Django's ``set_language``; a choice made before signing in is also remembered in the
    session, so that it holds at sign-in (see ``_sign_in_language``)."""
    response = set_language(request)
    language = request.POST.get("language") if request.method == "POST" else None
    if language in dict(settings.LANGUAGES) and not request.user.is_authenticated:
        request.session[LANGUAGE_CHOSEN_KEY] = language
    return response


sensitive = method_decorator([sensitive_post_parameters(), csrf_protect, never_cache], name="dispatch")


@method_decorator(login_not_required, name="dispatch")
@sensitive
class LoginView(View):
    template_name = "core/auth/login.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect(_safe_next(request, request.GET.get("next")))
        return render(request, self.template_name, {"form": LoginForm(), "next": request.GET.get("next", "")})

    def post(self, request):
        form = LoginForm(request.POST)
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "next": next_url})
        username = form.cleaned_data["username"]
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            auth_record_login_failed(username=username, stage="password")
            if getattr(request, "axes_locked_out", False):
                auth_record_lockout(username=username)
            form.add_error(None, _("The username or password is not correct."))
            # When axes flagged a lock-out, its middleware replaces this page with ours (429).
            return render(request, self.template_name, {"form": form, "next": next_url})
        device = two_factor_confirmed_device(user=user)
        if device is not None:
            request.session.cycle_key()
            request.session[PENDING_USER_KEY] = user.pk
            request.session[PENDING_BACKEND_KEY] = user.backend
            request.session[PENDING_NEXT_KEY] = next_url
            return redirect("core:login_verify")
        return _finish_login(request, user, next_url=_safe_next(request, next_url))


@method_decorator(login_not_required, name="dispatch")
@sensitive
class LoginVerifyView(View):
    """Second step: the 6-digit code of the enrolled authenticator."""

    template_name = "core/auth/login_verify.html"

    def _pending(self, request):
        pk = request.session.get(PENDING_USER_KEY)
        return login_pending_user(pk=pk) if pk else None

    def get(self, request):
        if self._pending(request) is None:
            return redirect("core:login")
        return render(request, self.template_name, {"form": CodeForm()})

    def post(self, request):
        user = self._pending(request)
        if user is None:
            return redirect("core:login")
        credentials = {"username": user.username}
        if AxesProxyHandler.is_locked(request, credentials):
            self._clear(request)
            return lockout_response(request, None, credentials)
        device = two_factor_confirmed_device(user=user)
        if device is None:
            # The device was reset meanwhile: start again.
            self._clear(request)
            return redirect("core:login")
        form = CodeForm(request.POST)
        verified = False
        if form.is_valid():
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                form.add_error("token", _("Too many wrong codes. Wait a moment and try again."))
            verified = allowed and device.verify_token(form.cleaned_data["token"])
        if verified:
            next_url = _safe_next(request, request.session.get(PENDING_NEXT_KEY))
            user.backend = request.session.get(PENDING_BACKEND_KEY) or settings.AUTHENTICATION_BACKENDS[-1]
            self._clear(request)
            return _finish_login(request, user, device=device, next_url=next_url)
        # Every wrong code counts as a failed sign-in, so guessing codes locks the account too.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        auth_record_login_failed(username=user.username, stage="code")
        if getattr(request, "axes_locked_out", False):
            auth_record_lockout(username=user.username)
            self._clear(request)
        if not form.errors:
            form.add_error(
                "token", _("This code is not correct. Check the time on your phone and try again.")
            )
        return render(request, self.template_name, {"form": form})

    @staticmethod
    def _clear(request):
        for key in (PENDING_USER_KEY, PENDING_BACKEND_KEY, PENDING_NEXT_KEY):
            request.session.pop(key, None)


class LogoutView(View):
    http_method_names = ["post"]

    def post(self, request):
        if request.user.is_authenticated:
            auth_record_logout(user=request.user)
        logout(request)
        messages.info(request, _("You have signed out."))
        return redirect(settings.LOGOUT_REDIRECT_URL)


# ---------------------------------------------------------------------------------------------
# Own account
# ---------------------------------------------------------------------------------------------
class AccountView(View):
    template_name = "core/auth/account.html"

    def _context(self, request, form):
        user = request.user
        return {
            "form": form,
            "roles": [ROLES[code] for code in sorted(user.role_codes) if code in ROLES],
            "memberships": user_memberships(user=user),
            "two_factor_enrolled": two_factor_confirmed_device(user=user) is not None,
            "requires_2fa": user.requires_2fa,
            "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        }

    def get(self, request):
        user = request.user
        form = ProfileForm(initial={f: getattr(user, f) for f in ProfileForm.base_fields})
        return render(request, self.template_name, self._context(request, form))

    def post(self, request):
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                user = account_update_profile(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("Your profile was saved."))
                return _apply_language(redirect("core:account"), user.preferred_language)
        return render(request, self.template_name, self._context(request, form))


@sensitive
class PasswordChangeView(View):
    template_name = "core/auth/password_change.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PasswordChangeForm()})

    def post(self, request):
        form = PasswordChangeForm(request.POST)
        if form.is_valid():
            try:
                user = account_change_password(
                    actor=request.user,
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password1"],
                )
            except ValidationError as error:
                attach_errors(form, error)
            else:
                update_session_auth_hash(request, user)
                messages.success(request, _("Your password was changed."))
                return redirect("core:account")
        return render(request, self.template_name, {"form": form})


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@sensitive
class TwoFactorSetupView(View):
    template_name = "core/auth/two_factor_setup.html"

    def _render(self, request, form, device=None, status=200):
        context = {
            "form": form,
            "reset_form": PasswordConfirmForm(),
            "enrolled": device is None,
            "requires_2fa": request.user.requires_2fa,
        }
        if device is not None:
            context["qr_svg"] = mark_safe(_qr_svg(device.config_url))  # noqa: S308 (generated by qrcode)
            secret = base64.b32encode(device.bin_key).decode()
            context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        try:
            device = two_factor_device_start(actor=request.user)
        except DomainError:
            return self._render(request, None)
        return self._render(request, CodeForm(), device)

    def post(self, request):
        try:
            device = two_factor_device_start(actor=request.user)
        except DomainError:
            return self._render(request, None)
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                two_factor_device_confirm(actor=request.user, device=device, token=form.cleaned_data["token"])
            except ValidationError as error:
                attach_errors(form, error)
            else:
                django_otp.login(request, device)
                messages.success(request, _("Two-factor authentication is now set up."))
                return redirect("core:account")
        return self._render(request, form, device)


@sensitive
class TwoFactorResetView(View):
    """Remove one's own authenticator (new phone), after re-entering the password."""

    http_method_names = ["post"]

    def post(self, request):
        form = PasswordConfirmForm(request.POST)
        if form.is_valid():
            try:
                two_factor_reset_own(actor=request.user, password=form.cleaned_data["password"])
            except ValidationError:
                messages.error(request, _("Your password was entered incorrectly. Nothing was changed."))
                return redirect("core:two_factor_setup")
            request.session.pop(DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("Your authenticator was removed. Set up the new one now."))
        else:
            messages.error(request, _("Enter your password to remove your authenticator."))
        return redirect("core:two_factor_setup")


urlpatterns = [
    path("account/login/", LoginView.as_view(), name="login"),
    path("account/login/verify/", LoginVerifyView.as_view(), name="login_verify"),
    path("account/logout/", LogoutView.as_view(), name="logout"),
    path("account/", AccountView.as_view(), name="account"),
    path("account/password/", PasswordChangeView.as_view(), name="password_change"),
    path("account/two-factor/setup/", TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("account/two-factor/reset/", TwoFactorResetView.as_view(), name="two_factor_reset"),
]
