"""Case management's main journey on a phone-sized screen, in Arabic: a caseworker opens an MHPSS
case from the person's page, writes a plan (removing a slip from the draft), logs a counselling
session and requests closure; the team leader approves it. A GBV case answers 404 to a caseworker
of another team."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from sanad.cases.models import Case
from sanad.cases.services import case_open
from sanad.core.services.roles import roles_sync
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"
WIDTH = 360


def ar(text: str) -> str:
    with translation.override("ar"):
        return str(translation.gettext(text))


@pytest.fixture(autouse=True)
def roles():
    roles_sync()


def _ready(user):
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    return user


def new_page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 844})
    context.set_default_timeout(10_000)
    return context, context.new_page()


def sign_in(page, username: str) -> None:
    page.goto("/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")


def test_mhpss_case_from_plan_to_approved_closure(chromium, live_server, make_user, org):
    worker = _ready(make_user("caseworker", username="salma", preferred_language="ar"))
    _ready(make_user("team_leader", username="khaled", preferred_language="ar"))
    person = person_register(
        actor=worker,
        data={"given_name": "Amina", "given_name_ar": "أمينة", "family_name": "Yusuf", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )

    context, page = new_page(chromium, live_server)
    sign_in(page, "salma")
    page.goto(f"/people/{person.uuid}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.click("[data-testid=open-case]")
    page.select_option("select[name=case_type]", "mhpss")
    page.select_option("select[name=risk_level]", "high")
    page.select_option("select[name=opened_from]", "screening")
    page.fill("textarea[name=reason]", "ضيق نفسي بعد الاحتجاز")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.click("button[type=submit].btn-primary")
    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    expect(page.locator("[data-testid=case-status]")).to_have_text(ar("Opened"))

    # The plan: one goal, one action (a slip first, removed from the draft), put in force.
    page.click("[data-testid=plan-create]")
    page.click("#goal summary")
    page.fill("#goal input[name=description]", "تخفيف الضيق وتحسين النوم")
    page.click("[data-testid=goal-add]")
    expect(page.locator("[data-testid=goal]")).to_have_count(1)
    due = (timezone.localdate() + timezone.timedelta(days=7)).isoformat()
    for description in ("جلسات اسبوعيه", "جلسات إرشاد أسبوعية"):
        page.click("#action summary")
        page.fill("#action input[name=description]", description)
        page.fill("#action input[name=due_on]", due)
        page.click("[data-testid=action-add]")
    expect(page.locator("[data-testid=plan-action]")).to_have_count(2)
    page.locator("[data-testid=action-remove]").first.click()
    expect(page.locator("[data-testid=plan-action]")).to_have_count(1)
    expect(page.locator("[data-testid=plan-action]")).to_contain_text("جلسات إرشاد أسبوعية")
    page.click("[data-testid=plan-submit]")
    expect(page.locator("[data-testid=case-status]")).to_have_text(ar("Services and follow-ups"))

    # A counselling session.
    page.click("[data-testid=record-service]")
    page.select_option("select[name=service_type]", "counselling")
    page.fill("input[name=duration_minutes]", "50")
    page.fill("textarea[name=notes]", "تمارين التنفس")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.click("[data-testid=service-save]")
    expect(page.locator("[data-testid=service]")).to_have_count(1)
    expect(page.locator("[data-testid=service]")).to_contain_text(ar("Counselling session"))

    # Closure needs the team leader's approval.
    page.click("#close summary")
    page.select_option("select[name=reason]", "goals_met")
    page.click("[data-testid=close]")
    expect(page.locator("[data-testid=case-status]")).to_have_text(ar("Closure requested"))
    case_url = page.url
    context.close()

    context, page = new_page(chromium, live_server)
    sign_in(page, "khaled")
    page.goto("/work/")
    with translation.override("ar"):
        approve = translation.gettext("Approve: %(what)s") % {"what": translation.gettext("Closure")}
    expect(page.get_by_text(approve)).to_be_visible()
    page.goto(case_url)
    page.click("[data-testid=decide-closure]")
    expect(page.locator("[data-testid=case-status]")).to_have_text(ar("Closed"))
    expect(page.locator("[data-testid=history]").last).to_contain_text(ar("Case plan goals met"))
    context.close()
    case = Case.objects.get()
    assert case.status == "closed" and case.services.count() == 1


def test_gbv_case_is_not_found_for_a_caseworker_of_another_team(chromium, live_server, make_user, org):
    worker = _ready(make_user("caseworker", username="salma"))
    _ready(make_user("caseworker", team=org.other_team, username="omar"))
    person = person_register(
        actor=worker,
        data={"given_name": "Hodan", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    case = case_open(actor=worker, person=person, case_type="gbv", reason="Disclosure.")
    context, page = new_page(chromium, live_server)
    sign_in(page, "omar")
    response = page.goto(f"/cases/{case.uuid}/")
    assert response.status == 404
    page.goto("/cases/")
    expect(page.get_by_text(case.reference)).to_have_count(0)
    context.close()
