"""Reads of the gazetteer: admin units and sites. Every read applies the actor's scope."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from sanad.core.lists import filtered
from sanad.core.scoping import scope_filter
from sanad.core.selectors.lookup import get_by_uuid_or_404
from sanad.geo.models import AdminUnit, Site

# Letters that Arabic writers use interchangeably; a search for one finds the others
# (the COD itself spells Derna both درنه and درنة).
_ARABIC_EQUIVALENTS = [
    "اأإآٱ",  # alef with and without hamza / madda / wasla
    "ةه",  # ta marbuta / ha
    "يىئ",  # ya / alef maqsura / ya with hamza
    "وؤ",  # waw / waw with hamza
]
_EQUIVALENT_CLASS = {ch: f"[{group}]" for group in _ARABIC_EQUIVALENTS for ch in group}
# Tatweel and short vowels (harakat) are ignored in the stored names by allowing them anywhere.
_IGNORABLE = "\u0640\u064b-\u0652"
_REGEX_SPECIAL = set(r"\.^$*+?()[]{}|-/")


def _term_pattern(term: str) -> str:
    """A regular expression, valid in Python (SQLite) and PostgreSQL, matching ``term`` with
    Arabic letter variants and optional diacritics."""
    parts = []
    for ch in term:
        if ch in _EQUIVALENT_CLASS:
            parts.append(_EQUIVALENT_CLASS[ch])
        elif ch in _REGEX_SPECIAL:
            parts.append("\\" + ch)
        else:
            parts.append(ch)
    optional = f"[{_IGNORABLE}]*"
    return optional.join(parts)


def search_terms(query: str | None) -> list[str]:
    """Whitespace-separated terms of a search box, diacritics and tatweel removed."""
    cleaned = re.sub(f"[{_IGNORABLE}]", "", query or "")
    return [term for term in cleaned.split() if term][:8]


def name_search_q(query: str | None, fields: Iterable[str]) -> Q:
    """Every term of ``query`` must occur in at least one of ``fields`` (either script,
    case-insensitive, Arabic letter variants equivalent). An empty query matches everything."""
    fields = list(fields)
    condition = Q()
    for term in search_terms(query):
        pattern = _term_pattern(term)
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__iregex": pattern})
        condition &= any_field
    return condition


# ---------------------------------------------------------------------------------------------
# Admin units
# ---------------------------------------------------------------------------------------------
ADMIN_UNIT_SEARCH_FIELDS = ("name_en", "name_ar", "name_fr", "pcode")


def admin_unit_list(*, actor, data=None, levels: tuple[int, ...] = ()) -> QuerySet[AdminUnit]:
    """Units the actor may see by P-code, narrowed by the list's filters (``geo.filters``) that
    ``data`` names and, for choices offered elsewhere, to ``levels``."""
    from sanad.geo.filters import AdminUnitFilterSet

    qs = scope_filter(AdminUnit.objects.select_related("parent"), actor=actor, action="geo.view")
    if levels:
        qs = qs.filter(level__in=levels)
    return filtered(qs, AdminUnitFilterSet, data, user=actor).order_by("pcode")


def admin_unit_choices(*, actor, levels: tuple[int, ...], active_only: bool = False) -> QuerySet[AdminUnit]:
    """Units of ``levels`` by name, for a form's choices (``active_only``: those still in use)."""
    qs = admin_unit_list(actor=actor, levels=levels)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name_en")


def admin_unit_get(*, actor, uuid) -> AdminUnit:
    """The unit with its ancestors loaded (the breadcrumb costs no further query)."""
    qs = scope_filter(
        AdminUnit.objects.select_related("parent__parent__parent"), actor=actor, action="geo.view"
    )
    return get_by_uuid_or_404(qs, uuid)


def admin_unit_get_by_pcode(*, actor, pcode: str) -> AdminUnit:
    qs = scope_filter(AdminUnit.objects.select_related("parent"), actor=actor, action="geo.view")
    unit = qs.filter(pcode=(pcode or "").strip().upper()).first()
    if unit is None:
        raise Http404
    return unit


def admin_unit_children(*, actor, unit: AdminUnit) -> QuerySet[AdminUnit]:
    return scope_filter(
        AdminUnit.objects.select_related("parent").filter(parent=unit), actor=actor, action="geo.view"
    ).order_by("pcode")


def admin_unit_options(
    *, actor, query: str = "", levels: tuple[int, ...] = (), limit: int = 30
) -> list[AdminUnit]:
    """Candidates for the admin unit picker: best (widest) matches first."""
    qs = admin_unit_list(actor=actor, levels=levels)
    if query:
        qs = qs.filter(name_search_q(query, ADMIN_UNIT_SEARCH_FIELDS))
    return list(qs.filter(is_active=True).order_by("level", "name_en")[:limit])


def baladiya_centroids(*, actor) -> QuerySet[AdminUnit]:
    """Baladiyas with coordinates, for the reference dots of the map."""
    qs = scope_filter(AdminUnit.objects.all(), actor=actor, action="geo.view")
    return qs.filter(level=AdminUnit.Level.BALADIYA, latitude__isnull=False, longitude__isnull=False)


# ---------------------------------------------------------------------------------------------
# Sites
# ---------------------------------------------------------------------------------------------
SITE_SEARCH_FIELDS = (
    "name_en",
    "name_ar",
    "admin_unit__pcode",
    "admin_unit__name_en",
    "admin_unit__name_ar",
    "admin_unit__parent__name_en",
    "admin_unit__parent__name_ar",
)


def site_list(*, actor, data=None, active_only: bool = False) -> QuerySet[Site]:
    """Sites the actor may see by name, narrowed by the list's filters (``geo.filters``) that
    ``data`` names (``active_only``: the sites still in use, what a form offers)."""
    from sanad.geo.filters import SiteFilterSet

    qs = scope_filter(Site.objects.select_related("admin_unit__parent"), actor=actor, action="sites.view")
    if active_only:
        qs = qs.filter(is_active=True)
    return filtered(qs, SiteFilterSet, data, user=actor).order_by("name_en", "pk")


def site_get(*, actor, uuid) -> Site:
    qs = scope_filter(
        Site.objects.select_related("admin_unit__parent__parent__parent", "created_by"),
        actor=actor,
        action="sites.view",
    )
    return get_by_uuid_or_404(qs, uuid)


def site_list_for_admin_unit(*, actor, unit: AdminUnit) -> QuerySet[Site]:
    # P-codes nest, so one prefix test finds the sites of a unit and of all its descendants.
    return site_list(actor=actor).filter(admin_unit__pcode__startswith=unit.pcode)
