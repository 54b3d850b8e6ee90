"""Helpers shared by the referral views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import get_language

from sanad.core.errors import DomainError


def attach_errors(form: forms.Form, exc: ValidationError | DomainError) -> None:
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def map_feature(service, *, url: str, public: bool = False) -> dict | None:
    lat, lon = service.latitude, service.longitude
    if lat is None and service.admin_unit.latitude is not None:
        lat, lon = service.admin_unit.latitude, service.admin_unit.longitude
    if lat is None:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": {
            "name": service.name,
            "provider": service.provider.name,
            "need": str(service.get_need_display()),
            "place": service.admin_unit.name,
            "url": url,
        },
    }


def baladiya_centroids_url() -> str:
    """The public baladiya reference dots of the directory maps, one URL per language (the names
    follow it) so that caches keep the languages apart."""
    return reverse("referrals_public:baladiya_centroids") + "?lang=" + (get_language() or "en")
