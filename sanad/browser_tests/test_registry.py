"""The registry's main journey on a phone-sized screen, in Arabic: register a household of two,
start registering the head again under a Latin spelling, be shown the existing person, and link
instead of duplicating."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sanad.core.services.roles import roles_sync
from sanad.registry.models import Household, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"


@pytest.fixture(autouse=True)
def roles():
    roles_sync()


def sign_in(page, username: str) -> None:
    page.goto("/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")


def test_register_household_in_arabic_then_link_a_repeat_registration(page, make_user):
    user = make_user("caseworker", username="huda")
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    assert page.viewport_size["width"] == 390

    sign_in(page, "huda")
    page.click("[data-testid=lang-ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # A household of two, entered in Arabic.
    page.goto("/people/register/")
    page.fill("input[name=given_name_ar]", "محمد")
    page.fill("input[name=father_name_ar]", "إبراهيم")
    page.fill("input[name=family_name_ar]", "آدم")
    page.select_option("select[name=sex]", "M")
    page.select_option("select[name=date_of_birth_precision]", "year")
    page.fill("input[name=birth_year]", "1988")
    page.fill("input[name=phone]", "0912345678")
    page.click("[data-section=household] > summary")  # collapsed on a phone
    page.click("[data-testid=add-member]")
    page.fill("input[name=member-0-given_name_ar]", "آمنة")
    page.fill("input[name=member-0-family_name_ar]", "آدم")
    page.select_option("select[name=member-0-sex]", "F")
    page.select_option("select[name=member-0-relationship]", "spouse")
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("[data-testid=register]")
    expect(page).to_have_url(re.compile(r"/people/[0-9a-f-]{36}/$"))
    head = Person.objects.get(given_name_ar="محمد")
    expect(page.locator("[data-testid=reference]")).to_have_text(head.reference)
    assert Household.objects.get().members.count() == 2

    # The same man again, under a Latin spelling: the existing record is shown, and linked.
    page.goto("/people/register/")
    page.fill("input[name=given_name]", "Mohamed")
    page.fill("input[name=father_name]", "Ibrahim")
    page.fill("input[name=family_name]", "Adam")
    page.select_option("select[name=sex]", "M")
    page.select_option("select[name=date_of_birth_precision]", "year")
    page.fill("input[name=birth_year]", "1988")
    page.fill("input[name=phone]", "091 234 5678")
    page.click("[data-testid=register]")
    candidates = page.locator("[data-testid=candidates]")
    expect(candidates).to_be_visible()
    expect(candidates).to_contain_text(head.reference)
    page.click(f"[data-testid=link-{head.reference}]")
    expect(page).to_have_url(re.compile(rf"/people/{head.uuid}/$"))
    expect(page.locator("[data-testid=registration]")).to_have_count(2)

    assert Person.objects.filter(sex="M").count() == 1
    assert Person.objects.count() == 2
    assert head.registrations.count() == 2
