"""The registration form on a 360 × 740 phone, in English and in Arabic (#13, items 1 and 14).

- The issue's journey: a head typed with a household member, the duplicate warning, "Same
  person: add this registration to the record" — the member is kept, in the linked person's
  household, and the page says so.
- The form is short on a phone: the essentials open, the rest in collapsed sections that open
  by themselves when they hold an error; nothing typed is lost; nothing is wider than the screen.
  On a desktop every section is open.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sanad.core.services.roles import roles_sync
from sanad.registry.models import Person, Registration
from sanad.registry.services import person_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"
WIDTH, HEIGHT = 360, 740
# The issue measured the form at 3,000–4,200 px on a 360-px phone (3,000 px in English and
# 2,982 px in Arabic here, before the change); "substantially shorter" is taken as at most
# two-thirds of the lower figure.
MAX_PHONE_HEIGHT = 2000


@pytest.fixture(autouse=True)
def roles():
    roles_sync()


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def caseworker(make_user):
    user = make_user("caseworker", username="huda")
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    return user


def sign_in(page, language: str) -> None:
    page.goto("/account/login/")
    page.fill("input[name=username]", "huda")
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/account/login/)"))
    if language == "ar":
        page.click("[data-testid=lang-ar]")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")


def open_section(page, name: str) -> None:
    """Open a collapsed section the way a user does: tap its heading."""
    section = page.locator(f"[data-section={name}]")
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    expect(section).to_have_attribute("open", "")


def no_horizontal_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


@pytest.mark.parametrize(("language", "nationality"), [("en", "Somalia"), ("ar", "الصومال")])
def test_linking_the_head_keeps_the_household_member(phone, caseworker, language, nationality):
    existing = person_register(
        actor=caseworker,
        data={
            "given_name": "Abdillahi",
            "father_name": "Hasan",
            "family_name": "Warsami",
            "given_name_ar": "عبدالله",
            "father_name_ar": "حسن",
            "family_name_ar": "ورسمى",
            "sex": "M",
            "date_of_birth": "1987-01-01",
            "date_of_birth_precision": "year",
            "nationality": "SOM",
        },
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    sign_in(phone, language)
    phone.goto("/people/register/")
    phone.fill("input[name=given_name]", "Abdillahi")
    phone.fill("input[name=father_name]", "Hasan")
    phone.fill("input[name=family_name]", "Warsami")
    phone.fill("input[name=given_name_ar]", "عبدالله")
    phone.fill("input[name=father_name_ar]", "حسن")
    phone.fill("input[name=family_name_ar]", "ورسمى")
    phone.select_option("select[name=sex]", "M")
    phone.select_option("select[name=date_of_birth_precision]", "year")
    phone.fill("input[name=birth_year]", "1987")
    phone.fill("input[name=nationality]", nationality)
    open_section(phone, "household")
    phone.click("[data-testid=add-member]")
    phone.fill("input[name=member-0-given_name]", "Sagal")
    phone.select_option("select[name=member-0-sex]", "F")
    phone.select_option("select[name=member-0-relationship]", "child")
    no_horizontal_overflow(phone)
    phone.click("[data-testid=register]")

    candidates = phone.locator("[data-testid=candidates]")
    expect(candidates).to_be_visible()
    expect(candidates).to_contain_text(existing.reference)
    no_horizontal_overflow(phone)
    phone.click(f"[data-testid=link-{existing.reference}]")

    expect(phone).to_have_url(re.compile(rf"/people/{existing.uuid}/$"))
    sagal = Person.objects.get(given_name="Sagal")
    existing.refresh_from_db()
    assert sagal.household_id is not None and sagal.household_id == existing.household_id
    # The page says the member was added, and the household card lists her.
    expect(phone.locator(".alert-success").filter(has_text="Sagal")).to_be_visible()
    expect(phone.locator("#household")).to_contain_text("Sagal")
    expect(phone.locator("#household")).to_contain_text(existing.household.reference)
    no_horizontal_overflow(phone)
    assert Person.objects.count() == 2


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_form_is_short_on_a_phone_and_opens_a_section_with_an_error(phone, caseworker, language):
    sign_in(phone, language)
    phone.goto("/people/register/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    print(f"registration form height at {WIDTH}px in {language}: {height}px")
    assert height <= MAX_PHONE_HEIGHT
    no_horizontal_overflow(phone)
    # The essentials are on the first screens; the rest is collapsed but labelled.
    for name in ("given_name", "given_name_ar", "sex", "nationality", "phone", "admin_unit"):
        expect(phone.locator(f"[name={name}]")).to_be_visible()
    for section in ("more", "document", "vulnerabilities", "consent", "household"):
        expect(phone.locator(f"[data-section={section}] > summary")).to_be_visible()
        assert phone.locator(f"[data-section={section}]").get_attribute("open") is None, section

    # A document type chosen without its number, in a section the user then closes again.
    phone.fill("input[name=given_name]", "Aisha")
    phone.fill("input[name=family_name]", "Musa")
    phone.fill("input[name=phone]", "0912223333")
    open_section(phone, "document")
    phone.select_option("select[name=document_type]", "passport")
    phone.locator("[data-section=document] > summary").click()
    assert phone.locator("[data-section=document]").get_attribute("open") is None
    phone.click("[data-testid=register]")

    # The server answers with the error: its section is open and the error is on screen.
    section = phone.locator("[data-section=document]")
    expect(section).to_have_attribute("open", "")
    error = section.locator(".invalid-feedback")
    expect(error).to_be_visible()
    # Nothing typed is lost.
    expect(phone.locator("input[name=given_name]")).to_have_value("Aisha")
    expect(phone.locator("input[name=phone]")).to_have_value("0912223333")
    expect(phone.locator("select[name=document_type]")).to_have_value("passport")
    # Sections without an error stay closed.
    assert phone.locator("[data-section=consent]").get_attribute("open") is None
    no_horizontal_overflow(phone)
    assert Person.objects.count() == 0


def test_every_section_is_open_on_a_desktop(desktop, caseworker):
    sign_in(desktop, "en")
    desktop.goto("/people/register/")
    for section in ("more", "document", "vulnerabilities", "consent", "household"):
        expect(desktop.locator(f"[data-section={section}]")).to_have_attribute("open", "")
    expect(desktop.locator("[data-testid=add-member]")).to_be_visible()
