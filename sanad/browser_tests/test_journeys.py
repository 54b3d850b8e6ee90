"""The foundation's main journeys in a real browser (headless Chromium), in English and Arabic:
sign-in with two-factor authentication, enrolment, the language switch and a right-to-left page,
creating a site and finding its audit event."""

from __future__ import annotations

import base64
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sanad.core.services.roles import roles_sync
from sanad.core.tests.factories import AdminUnitFactory
from sanad.geo.models import AdminUnit, Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"


@pytest.fixture(autouse=True)
def roles():
    # Transactional tests empty every table between tests; put the role rows back.
    roles_sync()


@pytest.fixture
def person(make_user):
    """A user who already chose their own password (so sign-in does not ask to change it)."""

    def make(role: str, username: str):
        user = make_user(role, username=username)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password_changed_at"])
        return user

    return make


@pytest.fixture
def tripoli(db):
    west = AdminUnitFactory(pcode="LY02", level=AdminUnit.Level.REGION, name_en="West", name_ar="الغرب")
    district = AdminUnitFactory(
        pcode="LY0211", level=AdminUnit.Level.MANTIKA, name_en="Tripoli", name_ar="طرابلس", parent=west
    )
    return AdminUnitFactory(
        pcode="LY021104", level=AdminUnit.Level.BALADIYA, name_en="Tripoli", name_ar="طرابلس", parent=district
    )


def code_for(key: bytes) -> str:
    return f"{totp(key):06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def sign_in(page, username: str, device: TOTPDevice | None = None) -> None:
    page.goto("/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    if device is not None:
        expect(page).to_have_url(re.compile(r"/account/login/verify/"))
        page.fill("input[name=token]", code_for(device.bin_key))
        page.click("[data-testid=verify-form] button[type=submit]")


def test_sign_in_with_two_factor_code(page, person):
    admin = person("system_admin", "amira")
    device = enrolled(admin)

    page.goto("/account/login/")
    page.fill("input[name=username]", "amira")
    page.fill("input[name=password]", "not-the-password")
    page.click("[data-testid=login-form] button[type=submit]")
    expect(page.locator(".alert-danger")).to_be_visible()

    sign_in(page, "amira")
    expect(page).to_have_url(re.compile(r"/account/login/verify/"))
    page.fill("input[name=token]", "000000" if code_for(device.bin_key) != "000000" else "111111")
    page.click("[data-testid=verify-form] button[type=submit]")
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()

    # After a wrong code django-otp makes the next try wait (1 s, doubling each failure).
    page.wait_for_timeout(1200)
    page.fill("input[name=token]", code_for(device.bin_key))
    page.click("[data-testid=verify-form] button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Welcome")
    # On a phone-sized screen the menu folds behind the toggler.
    expect(page.locator("[data-testid=account-menu]")).to_be_hidden()
    page.click(".navbar-toggler")
    expect(page.locator("[data-testid=account-menu]")).to_be_visible()


def test_role_requiring_two_factor_must_enrol_first(page, person):
    person("protection_caseworker", "salma")
    sign_in(page, "salma")
    expect(page).to_have_url(re.compile(r"/account/two-factor/setup/"))
    expect(page.locator("[data-testid=qr-code] svg")).to_be_visible()

    # Any other page sends the user back to enrolment until it is done.
    page.goto("/geo/sites/")
    expect(page).to_have_url(re.compile(r"/account/two-factor/setup/"))

    secret = page.locator("[data-testid=totp-secret]").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("input[name=token]", code_for(key))
    page.click("[data-testid=two-factor-form] button[type=submit]")
    page.goto("/geo/sites/")
    expect(page).to_have_url(re.compile(r"/geo/sites/$"))
    assert TOTPDevice.objects.filter(user__username="salma", confirmed=True).count() == 1


def test_language_switch_renders_arabic_right_to_left(page, person):
    person("caseworker", "karim")
    sign_in(page, "karim")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.click("[data-testid=lang-ar]")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.locator("link[href*='bootstrap.rtl']").count() == 1
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The Arabic catalog is used: the sign-out entry and the page heading are in Arabic.
    expect(page.locator("h1")).to_contain_text("مرحب")
    # Right-to-left layout: the brand sits at the right edge of the navigation bar.
    brand = page.locator(".navbar-brand").bounding_box()
    width = page.viewport_size["width"]
    assert brand["x"] > width / 2

    page.click("[data-testid=lang-fr]")
    expect(html).to_have_attribute("lang", "fr")
    expect(html).to_have_attribute("dir", "ltr")

    page.click("[data-testid=lang-en]")
    expect(html).to_have_attribute("lang", "en")


def test_create_a_site_and_see_its_audit_event(page, person, tripoli):
    admin = person("system_admin", "amira")
    sign_in(page, "amira", enrolled(admin))

    page.goto("/geo/sites/new/")
    page.select_option("select[name=site_type]", Site.Type.DISEMBARKATION_POINT)
    page.fill("input[name=name_en]", "Tripoli port disembarkation point")
    page.fill("input[name=name_ar]", "نقطة إنزال ميناء طرابلس")
    page.fill("input[name=admin_unit_search]", "LY021104")
    expect(page.locator(f"select[name=admin_unit] option[value='{tripoli.uuid}']")).to_have_count(1)
    page.select_option("select[name=admin_unit]", str(tripoli.uuid))
    # An out-of-Libya coordinate is refused with a clear error and nothing is lost.
    page.fill("input[name=latitude]", "48.85")
    page.fill("input[name=longitude]", "2.35")
    page.click("[data-testid=site-save]")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.locator("input[name=name_ar]")).to_have_value("نقطة إنزال ميناء طرابلس")
    assert Site.objects.count() == 0

    page.fill("input[name=latitude]", "32.904")
    page.fill("input[name=longitude]", "13.183")
    page.click("[data-testid=site-save]")
    expect(page.locator("h1")).to_contain_text("Tripoli port disembarkation point")
    site = Site.objects.get()
    assert site.admin_unit == tripoli

    page.goto("/audit/?action=geo.site")
    row = page.locator("tr", has_text="Tripoli port disembarkation point").first
    expect(row).to_contain_text("geo.site.create")
    expect(row).to_contain_text("amira")

    # The same audit page in Arabic, right to left.
    page.click("[data-testid=lang-ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("tr", has_text="geo.site.create").first).to_be_visible()


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_the_widest_menu_fits_a_laptop_screen(page, person, language):
    """The system administrator sees every section; at 1280 px the bar wraps instead of overflowing."""
    admin = person("system_admin", "amira")
    admin.first_name, admin.last_name = "Demo", "System administrator"  # as the demo's names are
    admin.save(update_fields=["first_name", "last_name"])
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, "amira", enrolled(admin))
    page.goto("/")
    if language != "en":
        page.click(f"[data-testid=lang-{language}]")
    expect(page.locator(".navbar .dropdown-toggle").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # The menu is expanded (not behind the toggler) and the account menu is on screen.
    box = page.locator("[data-testid=account-menu]").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
