"""The main navigation. Each entry shows only to users holding its action."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from sanad.core.permissions import has_permission


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    action: str
    section: str


NAV_ITEMS = [
    NavItem(_("People"), "registry:person_list", "persons.view", "people"),
    NavItem(_("Register a person"), "registry:person_register", "persons.register", "people"),
    NavItem(_("Import people"), "registry_import:upload", "persons.import", "people"),
    NavItem(_("Possible duplicates"), "matching:review_list", "duplicates.review", "people"),
    NavItem(_("Find duplicates"), "matching:run", "duplicates.run", "people"),
    NavItem(_("Merge history"), "matching:merge_list", "duplicates.merge", "people"),
    NavItem(_("Sites"), "geo:site_list", "sites.view", "places"),
    NavItem(_("Map of sites"), "geo:site_map", "sites.view", "places"),
    NavItem(_("Administrative units"), "geo:admin_unit_list", "geo.view", "places"),
    NavItem(_("DTM rounds"), "dtm:round_list", "dtm.view", "dtm"),
    NavItem(_("Map of displacement figures"), "dtm:map", "dtm.view", "dtm"),
    NavItem(_("Outreach planning"), "dtm:planning", "dtm.view", "dtm"),
    NavItem(_("Flow monitoring"), "dtm:flow_point_list", "dtm.view", "dtm"),
    NavItem(_("Detention centres"), "dtm:detention_centre_list", "dtm.view", "dtm"),
    NavItem(_("Emergency events"), "dtm:event_list", "dtm.view", "dtm"),
    NavItem(_("Agencies"), "core:agency_list", "agencies.view", "organisation"),
    NavItem(_("Teams"), "core:team_list", "teams.view", "organisation"),
    NavItem(_("Users"), "core:user_list", "users.view", "administration"),
    NavItem(_("Roles"), "core:role_list", "roles.manage", "administration"),
    NavItem(_("Audit trail"), "core:audit_list", "audit.view", "administration"),
    NavItem(_("Jobs"), "core:job_list", "jobs.view", "administration"),
]

SECTIONS = {
    "people": _("People"),
    "places": _("Places"),
    "dtm": _("Displacement tracking"),
    "organisation": _("Organisation"),
    "administration": _("Administration"),
}


def nav_for(user) -> list[dict]:
    sections: dict[str, list[dict]] = {}
    for item in NAV_ITEMS:
        if not has_permission(user, item.action):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        sections.setdefault(item.section, []).append({"label": item.label, "url": url})
    return [{"label": SECTIONS[key], "items": items} for key, items in sections.items()]
