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
    NavItem(_("My work"), "core:my_work", "work.view", "work"),
    NavItem(_("Cases"), "cases:list", "cases.view", "work"),
    NavItem(_("Team caseload"), "cases:supervision", "cases.supervise", "work"),
    NavItem(_("Assessments"), "assessments:list", "assessments.view", "work"),
    NavItem(_("Services delivered"), "cases:service_list", "services.view", "work"),
    NavItem(_("Assessment instruments"), "assessments:instrument_list", "instruments.view", "work"),
    NavItem(_("Referrals"), "referrals:list", "referrals.view", "referrals"),
    NavItem(_("Service directory"), "referrals:service_list", "directory.view", "referrals"),
    NavItem(_("Referral pathways"), "referrals:pathway_list", "directory.view", "referrals"),
    NavItem(_("Distributions"), "assistance:distribution_list", "distributions.view", "assistance"),
    NavItem(_("Stock"), "assistance:stock_overview", "stock.view", "assistance"),
    NavItem(_("Items and kits"), "assistance:item_list", "items.view", "assistance"),
    NavItem(_("Cash plans"), "assistance:cash_plan_list", "cash.view", "assistance"),
    NavItem(_("Log a call"), "feedback:call", "tickets.create", "helpline"),
    NavItem(_("Tickets"), "feedback:ticket_list", "tickets.view", "helpline"),
    NavItem(_("Helpline dashboard"), "feedback:dashboard", "tickets.dashboard", "helpline"),
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
    "work": _("Work"),
    "people": _("People"),
    "places": _("Places"),
    "referrals": _("Referrals"),
    "assistance": _("Assistance"),
    "helpline": _("Helpline"),
    "dtm": _("Displacement tracking"),
    "organisation": _("Organisation"),
    "administration": _("Administration"),
}


def current_url(urls: list[str], path: str) -> str:
    """The entry ``path`` belongs to: the longest entry URL that is ``path`` or a folder above it
    (``/cases/<uuid>/`` belongs to ``/cases/``, ``/cases/services/`` to itself); "" if none."""
    matches = [url for url in urls if path == url or (url.endswith("/") and path.startswith(url))]
    return max(matches, key=len, default="")


def nav_for(user, path: str = "") -> list[dict]:
    """The sections and entries ``user`` may open. With the request's ``path``, the entry the page
    belongs to has ``current``: "page" on the entry's own page, "true" on a page below it (a detail
    page under its list); its section has ``current`` True."""
    sections: dict[str, list[dict]] = {}
    for item in NAV_ITEMS:
        if not has_permission(user, item.action):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        sections.setdefault(item.section, []).append({"label": item.label, "url": url, "current": ""})
    here = (
        current_url([entry["url"] for entries in sections.values() for entry in entries], path)
        if path
        else ""
    )
    out = []
    for key in SECTIONS:
        if key not in sections:
            continue
        for entry in sections[key]:
            if here and entry["url"] == here:
                entry["current"] = "page" if path == here else "true"
        out.append(
            {
                "label": SECTIONS[key],
                "items": sections[key],
                "current": any(e["current"] for e in sections[key]),
            }
        )
    return out


def list_label(url_name: str) -> str:
    """The navigation's label of a list page (what a breadcrumb back to it says)."""
    for item in NAV_ITEMS:
        if item.url_name == url_name:
            return item.label
    raise KeyError(url_name)
