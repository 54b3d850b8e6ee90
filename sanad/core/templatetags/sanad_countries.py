"""Country names in the page language from ISO 3166 alpha-3 codes."""

from django import template
from django.utils.translation import get_language

from sanad.core.countries import COUNTRIES, country_name

register = template.Library()


@register.filter(name="country_name")
def country_name_filter(code, fallback: str = "") -> str:
    """``{{ code|country_name:label }}``: the name in the page language. In English a published
    ``label`` (e.g. DTM's "Syria") is kept rather than the formal ISO name."""
    code = (code or "").strip().upper()
    if code not in COUNTRIES:
        return fallback
    if fallback and (get_language() or "en").startswith("en"):
        return fallback
    return country_name(code)
