"""Base pieces for Sanad's views: permission by action, list helpers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sanad.core.permissions import has_permission


class ActionRequiredMixin:
    """Refuse (403) a user whose roles do not grant ``required_action`` at all.

    Object-level visibility is the selector's job: an object outside the actor's scope is a 404.
    """

    required_action: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.required_action:
            raise NotImplementedError(f"{type(self).__name__} must set required_action")
        if not has_permission(request.user, self.required_action):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
