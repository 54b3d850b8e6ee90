"""Shared API pieces: one error shape, permission by action (pagination: ``core/lists.py``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from sanad.core.errors import DomainError, Forbidden
from sanad.core.lists import Pagination, paginated  # noqa: F401  (the one pagination, re-exported)
from sanad.core.permissions import has_permission


def _field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub_key, sub_value in _field_errors(value).items():
                    out[f"{key}.{sub_key}"] = sub_value
            elif isinstance(value, list):
                out[key] = [str(v) for v in value]
            else:
                out[key] = [str(value)]
        return out
    return {}


def error_body(*, code: str, message: str, fields: dict | None = None) -> dict:
    """The one JSON shape of every API error."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, DomainError):
        # A rule refusing the actor a right is a 403 like any missing right; other rules, a conflict.
        forbidden = isinstance(exc, Forbidden) or exc.code == "forbidden"
        refused = status.HTTP_403_FORBIDDEN if forbidden else status.HTTP_409_CONFLICT
        return Response(error_body(code=exc.code, message=exc.message), status=refused)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_errors(exc.detail) if isinstance(exc.detail, dict) else {}
        non_field = fields.pop("non_field_errors", None)
        if isinstance(exc.detail, list):
            non_field = [str(d) for d in exc.detail]
        message = " ".join(non_field) if non_field else _("Some fields are not valid.")
        response.data = error_body(code="invalid", message=message, fields=fields)
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(code=str(code), message=str(detail))
    return response


class ActionPermission(permissions.BasePermission):
    """Allow the request when the actor holds the view's ``required_actions[method]``."""

    def has_permission(self, request, view):
        required = getattr(view, "required_actions", {})
        action = required.get(request.method) or required.get("*")
        if action is None:
            return request.method in permissions.SAFE_METHODS and bool(required.get("GET"))
        return has_permission(request.user, action)


class ApiViewMixin:
    """Mix into every API view: the API authenticates requests itself (token or session) and answers
    401 in the one error shape, so Django's LoginRequiredMiddleware must not redirect to the login page."""

    @classmethod
    def as_view(cls, **initkwargs):
        from django.contrib.auth.decorators import login_not_required

        return login_not_required(super().as_view(**initkwargs))


class ActionApiView(ApiViewMixin, APIView):
    """An endpoint for signed-in users holding the action ``required_actions`` names for the method."""

    permission_classes = [IsAuthenticated, ActionPermission]


# The one error shape every endpoint answers with, for the OpenAPI schema.
ERROR_RESPONSE = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorBody",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
            },
        )
    },
)

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A retried request with the same key returns the first result instead of doing the work again."
    ),
)
