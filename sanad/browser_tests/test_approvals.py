"""Alerts and approvals reach someone who can act, walked on the demo on a 360 × 740 phone, in
English and in Arabic (issue 13, items 3 and 4).

The demo psychologist records a PHQ-9 whose item 9 is above 0: the page names who was alerted, and
that person — the MHPSS team's leader, not the psychologist — signs in, finds it on My work and
acknowledges it. Then the psychologist requests the closure of her demo MHPSS case: the case page
names the approver, who signs in, finds it on My work and approves it; the case is closed.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sanad.assessments.models import SafetyAlert
from sanad.cases.models import Case
from sanad.core.models import User
from sanad.core.services.demo import DEMO_PASSWORD, demo_seed
from sanad.geo.services import gazetteer_load
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 360, 740
PHQ9 = {f"phq9_{item}": "1" for item in range(1, 9)} | {"phq9_9": "2"}


def say(language: str, text: str) -> str:
    with translation.override(language):
        return str(translation.gettext(text))


@pytest.fixture
def demo():
    gazetteer_load(actor=None)
    demo_seed()
    User.objects.filter(username__in=["mhpss_officer", "team-leader-mhpss"]).update(
        password_changed_at=timezone.now()
    )


def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(10_000)
    return context, context.new_page()


def sign_in(page, username: str, language: str, device: TOTPDevice | None = None) -> None:
    page.goto("/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    if device is not None:
        expect(page).to_have_url(re.compile(r"/account/login/verify/"))
        page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
        page.click("[data-testid=verify-form] button[type=submit]")
    expect(page.locator("[data-testid=account-menu]")).to_have_count(1)
    page.click(f"[data-testid=lang-{language}]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, page.url


@pytest.mark.parametrize("language", ["en", "ar"])
def test_phq9_alert_and_mhpss_closure_reach_the_team_leader(chromium, live_server, demo, language):
    psychologist = User.objects.get(username="mhpss_officer")
    leader = User.objects.get(username="team-leader-mhpss")
    device = TOTPDevice.objects.create(user=psychologist, name="phone", confirmed=True)
    person = person_register(
        actor=psychologist,
        data={"given_name": "Selam", "given_name_ar": "سلام", "family_name": "Tesfaye", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    case = Case.objects.get(case_type="mhpss", opened_by=psychologist)

    # The psychologist records a PHQ-9 with item 9 above 0.
    context, page = phone(chromium, live_server)
    sign_in(page, "mhpss_officer", language, device)
    page.goto(f"/assessments/person/{person.uuid}/phq9/")
    for name, value in PHQ9.items():
        page.check(f'input[name="q-{name}"][value="{value}"]')
    page.check('input[name="q-difficulty"][value="somewhat_difficult"]')
    fits(page)
    page.click("[data-testid=submit]")
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/$"))
    alert = SafetyAlert.objects.get(assessment__person=person)
    assert list(alert.recipients.all()) == [leader]
    expect(page.locator("[data-testid=safety-alert]")).to_be_visible()
    expect(page.locator("[data-testid=alert-recipients]")).to_contain_text(leader.get_full_name())
    expect(page.locator("[data-testid=acknowledge]")).to_have_count(0)  # not hers to acknowledge
    fits(page)
    assessment_path = page.url.removeprefix(live_server.url)

    # She requests the closure of her MHPSS case; the page names who must approve it.
    page.goto(f"/cases/{case.uuid}/")
    page.click("#close summary")
    page.select_option("select[name=reason]", "goals_met")
    page.click("[data-testid=close]")
    expect(page.locator("[data-testid=case-status]")).to_have_text(say(language, "Closure requested"))
    expect(page.locator("[data-testid=approvers]").first).to_contain_text(leader.get_full_name())
    fits(page)
    context.close()

    # The team leader finds both on My work.
    context, page = phone(chromium, live_server)
    sign_in(page, "team-leader-mhpss", language)
    page.goto("/work/")
    fits(page)
    with translation.override(language):
        approve = translation.gettext("Approve: %(what)s") % {"what": translation.gettext("Closure")}
    expect(page.get_by_text(approve)).to_be_visible()
    page.locator(f'a[href="{assessment_path}"]').first.click()
    expect(page.locator("[data-testid=safety-alert]")).to_be_visible()
    page.fill("textarea[name=note]", "Called her; safety plan agreed; psychiatric referral made.")
    page.click("[data-testid=acknowledge]")
    expect(page.locator("[data-testid=alert-note]")).to_contain_text("safety plan agreed")
    fits(page)

    page.goto("/work/")
    page.get_by_text(approve).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.uuid}/"))
    page.click("[data-testid=decide-closure]")
    expect(page.locator("[data-testid=case-status]")).to_have_text(say(language, "Closed"))
    fits(page)
    context.close()
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.approvals.get(kind="closure").decided_by == leader
