from __future__ import annotations

import uuid

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from sanad.core.context import Origin, origin


def client_ip(request) -> str | None:
    if getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", [None])[0] == "HTTP_X_FORWARDED_FOR":
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the request's origin (IP, user agent, channel) available to audit events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.META.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex
        channel = "api" if request.path.startswith("/api/") else "web"
        value = Origin(
            channel=channel,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            request_id=request_id[:64],
        )
        with origin(value):
            response = self.get_response(request)
        response["X-Request-ID"] = value.request_id
        return response


class TwoFactorEnforcementMiddleware:
    """A user whose role requires 2FA must enrol before doing anything else.

    Users with an enrolled device are only logged in after the code step (see views.auth), so
    here we only catch users who must enrol. API token requests are outside: tokens are issued
    by administrators to integrations.
    """

    ALLOWED_PREFIXES = ("/account/two-factor/", "/account/logout/", "/i18n/", "/static/", "/jsi18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
            and not user.is_verified()
            and user.requires_2fa
        ):
            return redirect(reverse("core:two_factor_setup"))
        return self.get_response(request)
