"""Every page of every demo user's navigation fits a 360 × 740 phone, in English and in Arabic.

The demo is seeded as `make demo` seeds it. For each demo user (one per role, and the extra users
with long display names) and each language: open the menu and check that nothing in it is wider
than the screen, cut off or clipped; then open every entry of the user's navigation and the first
detail page each list links to, and check that the page is no wider than the screen. One MRRM
result shows the "Currently or recently detained" badge. Every problem is collected, and the test
fails once with the whole list (URL, user, language, overflow in px, the widest culprits).

Sign-in is a session created server side (``force_login``, plus a verified TOTP device for roles
that require two-factor authentication): this test is about layout; the sign-in journey has its
own tests in ``test_journeys.py``.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanad.assessments.demo import ADULT_MAN
from sanad.assessments.services import assessment_record
from sanad.core.models import User
from sanad.core.navigation import nav_for
from sanad.core.services.demo import demo_logins, demo_seed
from sanad.core.services.roles import roles_sync
from sanad.geo.services import gazetteer_load
from sanad.registry.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 360, 740
LANGUAGES = ("en", "ar")

# Detail pages reached from the lists (the first link to one of these on each list page).
DETAIL_PAGES = {
    "registry:person_detail",
    "registry:household_detail",
    "matching:pair_detail",
    "assessments:detail",
    "cases:detail",
    "referrals:detail",
    "referrals:service_detail",
    "assistance:distribution_detail",
    "assistance:store_detail",
    "assistance:cash_plan_detail",
    "feedback:ticket_detail",
    "geo:site_detail",
    "geo:admin_unit_detail",
    "dtm:round_detail",
    "dtm:flow_point_detail",
    "dtm:detention_centre_detail",
    "dtm:event_detail",
    "core:agency_detail",
    "core:team_detail",
    "core:user_detail",
    "core:job_detail",
}

# How much wider than the viewport the page is, and the outermost elements that stick out
# (ignoring what scrolls inside its own box, like a .table-responsive).
PAGE_OVERFLOW_JS = """() => {
  const vw = window.innerWidth;
  const overflow = document.documentElement.scrollWidth - vw;
  if (overflow <= 0) return {overflow: overflow, culprits: []};
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === "auto" || x === "scroll" || x === "hidden" || x === "clip") return true;
    }
    return false;
  };
  const out = (el) => { const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && (r.right > vw + 0.5 || r.left < -0.5); };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className ? "." + el.className.trim().replace(/\\s+/g, ".") : "");
  const culprits = [];
  for (const el of document.querySelectorAll("body *")) {
    if (culprits.length >= 4) break;
    if (!out(el) || scrolls(el) || (el.parentElement && out(el.parentElement))) continue;
    const r = el.getBoundingClientRect();
    const text = (el.innerText || "").trim().slice(0, 40);
    culprits.push(`${name(el)} [${Math.round(r.left)}..${Math.round(r.right)}] "${text}"`);
  }
  return {overflow: overflow, culprits: culprits};
}"""

# Every visible link and button of the open menu: inside the viewport, and its text not clipped
# (a long name may be shortened with an ellipsis on purpose).
MENU_CLIPPED_JS = """() => {
  const vw = window.innerWidth;
  const bad = [];
  for (const el of document.querySelectorAll("#mainNav .nav-link, #mainNav .dropdown-item")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const text = (el.innerText || "").trim().slice(0, 40);
    const box = `[${Math.round(r.left)}..${Math.round(r.right)}]`;
    if (r.left < -0.5 || r.right > vw + 0.5) bad.push(`"${text}" outside the screen ${box}`);
    else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow !== "ellipsis")
      bad.push(`"${text}" clipped (${el.scrollWidth - el.clientWidth} px)`);
  }
  return bad;
}"""


def session_cookie(user) -> str:
    """A signed-in session for ``user``, verified for two-factor roles."""
    client = Client()
    client.force_login(user)
    if user.requires_2fa:
        device = TOTPDevice.objects.create(user=user, name="layout test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    roles_sync()
    gazetteer_load(actor=None)
    demo_seed()
    User.objects.update(password_changed_at=timezone.now())
    # An MRRM result with the longest badge: a man detained now.
    caseworker = User.objects.get(username="caseworker")
    person = Person.objects.filter(created_by=caseworker).order_by("created_at").first()
    detained = assessment_record(
        actor=caseworker,
        person=person,
        instrument_code="mrrm_screening",
        answers={**ADULT_MAN, "detention": "current"},
    )
    return {"caseworker": [f"/assessments/{detained.uuid}/", f"/people/{person.uuid}/"]}


def url_name(href: str) -> str:
    try:
        match = resolve(href.split("?")[0].split("#")[0])
    except Resolver404:
        return ""
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def test_every_page_of_every_role_fits_a_phone(chromium, live_server, demo):
    problems: list[str] = []
    visited = 0
    started = time.monotonic()
    roles_walked: set[str] = set()
    for username, role_label, _two_factor in demo_logins():
        user = User.objects.get(username=username)
        cookie = session_cookie(user)
        # A second user of a role (caseworker-zwara …) has the same pages: only their menu and
        # home page differ (the longer display name), so only those are checked for them.
        walk = role_label not in roles_walked
        roles_walked.add(role_label)
        entries = [item["url"] for section in nav_for(user) for item in section["items"]] if walk else []
        for language in LANGUAGES:
            where = f"{username} ({language})"
            context = chromium.new_context(
                base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT}
            )
            context.set_default_timeout(10_000)
            context.add_cookies(
                [
                    {"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url},
                    {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
                ]
            )
            page = context.new_page()
            page.goto("/")
            assert page.locator("html").get_attribute("lang") == language, where

            # The menu, opened, and each of its sections in turn.
            page.click(".navbar-toggler")
            page.wait_for_selector("#mainNav.show")
            page.wait_for_function("!document.querySelector('#mainNav.collapsing')")
            toggles = page.locator("#mainNav .dropdown-toggle")
            for index in range(toggles.count()):
                toggles.nth(index).click()
                page.wait_for_selector("#mainNav .dropdown-menu.show")
                result = page.evaluate(PAGE_OVERFLOW_JS)
                if result["overflow"] > 0:
                    problems.append(
                        f"{where} menu open on {toggles.nth(index).inner_text()!r}: "
                        f"{result['overflow']} px wider than the screen; {result['culprits']}"
                    )
                problems.extend(f"{where} menu: {problem}" for problem in page.evaluate(MENU_CLIPPED_JS))

            # Every navigation entry, and the first detail page each list links to.
            queue = [(url, "") for url in ["/", *entries, *demo.get(username, [])]]
            seen_details: set[str] = set()
            while queue:
                url, found_on = queue.pop(0)
                response = page.goto(url)
                visited += 1
                status = response.status if response else 0
                if found_on and 400 <= status < 500:
                    # A list linked to a page this user may not open: not a layout problem, but
                    # worth knowing (printed with -s).
                    print(f"note: {where} {url} (linked from {found_on}) answered {status}")
                    continue
                if not 200 <= status < 400:
                    problems.append(f"{where} {url}: answered {status}")
                    continue
                result = page.evaluate(PAGE_OVERFLOW_JS)
                if result["overflow"] > 0:
                    problems.append(
                        f"{where} {url}: {result['overflow']} px wider than the screen; {result['culprits']}"
                    )
                if url not in entries:
                    continue
                for href in page.eval_on_selector_all(
                    "main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
                ):
                    name = url_name(href)
                    if name in DETAIL_PAGES and name not in seen_details:
                        seen_details.add(name)
                        queue.append((href, url))
                        break
            context.close()
    elapsed = time.monotonic() - started
    if problems:
        pytest.fail(
            f"{len(problems)} layout problems on {visited} pages:\n" + "\n".join(problems), pytrace=False
        )
    assert visited > 300, f"only {visited} pages visited in {elapsed:.0f} s"
