"""The navigation marks where the user is, and every detail page links back to its list."""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, get_resolver, resolve, reverse
from django.urls.resolvers import URLResolver

from sanad.core.models import User
from sanad.core.navigation import current_url, nav_for
from sanad.core.services.demo import demo_seed

pytestmark = pytest.mark.django_db

# Reviewed by hand: which menu entry a page belongs to.
ENTRIES = ["/people/", "/people/register/", "/people/import/", "/cases/", "/cases/services/", "/work/"]
BELONGS_TO = [
    ("/cases/", "/cases/"),
    ("/cases/services/", "/cases/services/"),
    ("/cases/0b8a6a3e-2f6e-4c43-9d55-6f1f0f7f3a10/", "/cases/"),
    ("/cases/0b8a6a3e-2f6e-4c43-9d55-6f1f0f7f3a10/close/", "/cases/"),
    ("/people/register/", "/people/register/"),
    ("/people/import/0b8a6a3e-2f6e-4c43-9d55-6f1f0f7f3a10/", "/people/import/"),
    ("/people/households/0b8a6a3e-2f6e-4c43-9d55-6f1f0f7f3a10/", "/people/"),
    ("/peoples/", ""),
    ("/", ""),
    ("/account/", ""),
]


@pytest.mark.parametrize(("path", "entry"), BELONGS_TO)
def test_a_page_belongs_to_the_longest_entry_above_it(path, entry):
    assert current_url(ENTRIES, path) == entry


def marked(html: str) -> dict[str, str]:
    """href -> aria-current of the menu entries that carry one."""
    return dict(re.findall(r'<a class="dropdown-item active" href="([^"]+)" aria-current="(\w+)"', html))


def active_sections(html: str) -> list[str]:
    return re.findall(r'<a class="nav-link dropdown-toggle active"[^>]*>([^<]+)</a>', html)


def test_the_menu_marks_the_current_page_and_its_section(users, client_for):
    client = client_for(users["caseworker"])
    html = client.get(reverse("cases:list")).content.decode()
    assert marked(html) == {"/cases/": "page"}
    assert active_sections(html) == ["Work"]

    html = client.get(reverse("registry:person_register")).content.decode()
    assert marked(html) == {"/people/register/": "page"}
    assert active_sections(html) == ["People"]


def test_a_page_below_an_entry_marks_the_entry_as_current_but_not_as_the_page(users, client_for):
    html = client_for(users["caseworker"]).get("/cases/services/").content.decode()
    assert marked(html) == {"/cases/services/": "page"}
    sections = nav_for(users["caseworker"], "/people/0b8a6a3e-2f6e-4c43-9d55-6f1f0f7f3a10/")
    current = [
        (item["url"], item["current"]) for section in sections for item in section["items"] if item["current"]
    ]
    assert current == [("/people/", "true")]
    assert [str(section["label"]) for section in sections if section["current"]] == ["People"]


def test_a_page_outside_the_menu_marks_nothing(users, client_for):
    html = client_for(users["caseworker"]).get(reverse("core:account")).content.decode()
    assert marked(html) == {}
    assert active_sections(html) == []


# --- every detail page links back to its list -------------------------------------------------

# detail page -> (its list page, a demo user who may open it, the page that links to it when the
# list itself does not).
DETAIL_PAGES = {
    "registry:person_detail": ("registry:person_list", "caseworker", None),
    "registry:household_detail": ("registry:person_list", "caseworker", "registry:person_detail"),
    "matching:pair_detail": ("matching:review_list", "team_leader", None),
    "assessments:detail": ("assessments:list", "caseworker", None),
    "cases:detail": ("cases:list", "caseworker", None),
    "referrals:detail": ("referrals:list", "caseworker", None),
    "referrals:service_detail": ("referrals:service_list", "caseworker", None),
    "assistance:distribution_detail": ("assistance:distribution_list", "logistics_officer", None),
    "assistance:store_detail": ("assistance:stock_overview", "logistics_officer", None),
    "assistance:cash_plan_detail": ("assistance:cash_plan_list", "cash_officer", None),
    "feedback:ticket_detail": ("feedback:ticket_list", "helpline_operator", None),
    "geo:site_detail": ("geo:site_list", "admin", None),
    "geo:admin_unit_detail": ("geo:admin_unit_list", "admin", None),
    "dtm:round_detail": ("dtm:round_list", "dtm_officer", None),
    "dtm:baladiya_detail": ("dtm:round_list", "dtm_officer", "dtm:round_detail"),
    "dtm:flow_point_detail": ("dtm:flow_point_list", "dtm_officer", None),
    "dtm:detention_centre_detail": ("dtm:detention_centre_list", "dtm_officer", None),
    "dtm:event_detail": ("dtm:event_list", "dtm_officer", None),
    "core:agency_detail": ("core:agency_list", "admin", None),
    "core:team_detail": ("core:team_list", "admin", None),
    "core:user_detail": ("core:user_list", "admin", None),
    "core:job_detail": ("core:job_list", "admin", None),
    "registry_import:result": ("registry_import:upload", "me_officer", None),
}


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and namespace and namespace != "admin":
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_detail_page_is_listed_here():
    """A new detail page must be added to DETAIL_PAGES (and get its way back to its list)."""
    details = {name for name in url_names() if name.endswith((":detail", "_detail")) and "api" not in name}
    assert details - set(DETAIL_PAGES) == set()


def links(html: str) -> list[str]:
    main = html[html.index('<main id="main"') :]
    return re.findall(r'href="(/[^"]*)"', main)


@pytest.fixture
def demo(settings, tmp_path, gazetteer):
    """The demo, plus what it does not hold: a DTM round, a possible duplicate, an import job."""
    from sanad.core.services.jobs import job_create
    from sanad.dtm.services import round_import
    from sanad.dtm.tests.conftest import R54_FILE
    from sanad.matching.models import DuplicatePair
    from sanad.registry.models import Person
    from sanad.registry.services.importing import JOB_KIND

    settings.MEDIA_ROOT = tmp_path
    demo_seed()
    with R54_FILE.open("rb") as handle:
        round_import(actor=None, file=handle, number=54, population="migrants", file_name=R54_FILE.name)
    caseworker = User.objects.get(username="caseworker")
    first, second = Person.objects.filter(created_by=caseworker).order_by("created_at")[:2]
    DuplicatePair.objects.create(person_a=first, person_b=second, match_weight=9.5)
    admin = User.objects.get(username="admin")
    return {
        "core:job_detail": job_create(actor=admin, kind="core.demo", label="A job"),
        "registry_import:result": job_create(
            actor=User.objects.get(username="me_officer"), kind=JOB_KIND, label="people.csv"
        ),
    }


def test_every_detail_page_links_back_to_its_list(demo, client_for):
    def name_of(path: str) -> str:
        try:
            match = resolve(path.split("?")[0])
        except Resolver404:
            return ""
        return f"{match.namespace}:{match.url_name}"

    missing = []
    for detail, (list_name, username, linked_from) in DETAIL_PAGES.items():
        client = client_for(User.objects.get(username=username))
        start = reverse(list_name)
        if linked_from:
            # Pages of the kind that links to this one (a person page links to its household).
            parent_list = reverse(DETAIL_PAGES[linked_from][0])
            parents = [
                h for h in links(client.get(parent_list).content.decode()) if name_of(h) == linked_from
            ]
            for parent in parents[:20]:
                if any(name_of(h) == detail for h in links(client.get(parent).content.decode())):
                    start = parent
                    break
            else:
                missing.append(f"{detail}: none linked from a {linked_from} page for {username}")
                continue
        hrefs = [h for h in links(client.get(start).content.decode()) if name_of(h) == detail]
        if not hrefs and detail in demo:
            hrefs = [reverse(detail, args=[demo[detail].uuid])]
        if not hrefs:
            missing.append(f"{detail}: no link to one from {start} for {username}")
            continue
        response = client.get(hrefs[0])
        html = response.content.decode()
        crumb = re.search(r'<nav aria-label="Breadcrumb"[^>]*>.*?</nav>', html, re.S) or re.search(
            r'<nav aria-label="Hierarchy"[^>]*>.*?</nav>', html, re.S
        )
        list_url = reverse(list_name)
        if response.status_code != 200 or not crumb or f'href="{list_url}"' not in crumb.group(0):
            missing.append(f"{detail} ({hrefs[0]}, {response.status_code}): no breadcrumb link to {list_url}")
    assert not missing, "\n".join(missing)
