"""The language at sign-in, in a real browser on a 360-px phone (regression, issue 13, item 7):
the language chosen on the sign-in page holds after signing in; without a choice, the user's
preferred language applies."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sanad.core.services.roles import roles_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"
WIDTH = 360


@pytest.fixture(autouse=True)
def roles():
    # Transactional tests empty every table between tests; put the role rows back.
    roles_sync()


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 740})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def person(make_user):
    def make(username: str, language: str):
        user = make_user("caseworker", username=username, preferred_language=language)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password_changed_at"])
        return user

    return make


def sign_in(page, username: str, *, choose: str | None = None, device: TOTPDevice | None = None) -> None:
    page.goto("/account/login/")
    if choose:
        page.click(f"[data-testid=lang-{choose}]")
        expect(page.locator("html")).to_have_attribute("lang", choose)
        expect(page).to_have_url(re.compile(r"/account/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    if device is not None:
        expect(page).to_have_url(re.compile(r"/account/login/verify/"))
        page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
        page.click("[data-testid=verify-form] button[type=submit]")
    expect(page.locator("[data-testid=account-menu]")).to_have_count(1)


def landed_in(page, language: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, page.url


def test_arabic_chosen_on_the_sign_in_page_holds(phone, person):
    person("hana", "en")
    sign_in(phone, "hana", choose="ar")
    landed_in(phone, "ar")
    expect(phone.locator("h1")).to_contain_text("مرحب")
    # And on the next page too.
    phone.goto("/account/")
    landed_in(phone, "ar")


def test_arabic_preference_without_a_choice(phone, person):
    person("amal", "ar")
    sign_in(phone, "amal")
    landed_in(phone, "ar")


def test_english_chosen_over_an_arabic_preference(phone, person):
    person("amal", "ar")
    sign_in(phone, "amal", choose="en")
    landed_in(phone, "en")
    expect(phone.locator("h1")).to_contain_text("Welcome")


def test_arabic_chosen_holds_through_the_code_step(phone, person):
    user = person("hana", "en")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(phone, "hana", choose="ar", device=device)
    landed_in(phone, "ar")
