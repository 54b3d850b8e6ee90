"""API authentication (kept apart from api_base: DRF loads it while importing its own views)."""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication


class VerifiedSessionAuthentication(SessionAuthentication):
    """Browser sessions reach the API only after the two-factor step their roles require.

    (Tokens are issued by administrators to integrations and stand on their own.)"""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = request._request.user
        if user.requires_2fa and not user.is_verified():
            raise exceptions.AuthenticationFailed(_("Two-factor authentication is required."))
        return result


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    """Documents the session cookie in the OpenAPI schema, like DRF's own session scheme."""

    target_class = "sanad.core.api_auth.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
