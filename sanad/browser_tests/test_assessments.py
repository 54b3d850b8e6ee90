"""The assessments journey on a 360-px phone, in Arabic: a caseworker opens a person, fills the MRRM
onsite vulnerability screening, sees skip logic hide a question as she answers (no round trip),
submits, and sees the computed priority and the suggested referrals and assistance."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sanad.assessments.models import Assessment
from sanad.assessments.services import instruments_load_shipped
from sanad.core.services.roles import roles_sync
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"
WIDTH = 360


@pytest.fixture(autouse=True)
def roles():
    roles_sync()


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": 780})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, username: str) -> None:
    page.goto("/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")


def choose(page, name: str, value: str) -> None:
    page.check(f'input[name="q-{name}"][value="{value}"]')


def test_screening_on_a_phone_in_arabic(phone, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert [row for row in instruments_load_shipped() if row[1] == "error"] == []
    user = make_user("caseworker", username="huda")
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    person = person_register(
        actor=user,
        data={"given_name_ar": "فاطمة", "family_name_ar": "آدم", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    page = phone
    sign_in(page, "huda")
    page.click("[data-testid=lang-ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # From the person page to the screening form.
    page.goto(f"/people/{person.uuid}/")
    page.click("[data-testid=new-assessment]")
    page.click('[data-testid=instrument-choice][href$="/mrrm_screening/"]')
    expect(page).to_have_url(re.compile(r"/assessments/person/[0-9a-f-]{36}/mrrm_screening/$"))
    expect(page.locator("h1")).to_contain_text("الفحص الميداني للهشاشة")

    # Skip logic: the pregnancy question shows for a woman of 30 and hides for a man.
    pregnancy = page.locator("[data-testid=question-pregnant_lactating]")
    child_care = page.locator("[data-testid=question-child_care]")
    choose(page, "sex", "female")
    page.fill('input[name="q-age"]', "٣٠")  # Arabic-Indic digits, as a phone keyboard types them
    expect(pregnancy).to_be_visible()
    expect(child_care).to_be_hidden()
    choose(page, "sex", "male")
    expect(pregnancy).to_be_hidden()
    page.fill('input[name="q-age"]', "16")
    expect(child_care).to_be_visible()
    page.fill('input[name="q-age"]', "30")
    expect(child_care).to_be_hidden()

    choose(page, "detention", "no")
    choose(page, "serious_medical", "yes")
    for domain in ("seeing", "hearing", "walking", "remembering", "self_care", "communicating"):
        choose(page, f"wg_{domain}", "1")
    choose(page, "distress", "no")
    choose(page, "immediate_danger", "no")
    choose(page, "violence", "no")
    for item in ("forced_work", "debt", "documents", "movement"):
        choose(page, f"tip_{item}", "no")
    choose(page, "shelter", "adequate")
    choose(page, "food_24h", "no")
    page.check('input[name="q-items_lacking"][value="hygiene"]')
    choose(page, "single_caregiver", "no")
    choose(page, "family_lost_contact", "no")
    # Submitting with a required question unanswered keeps everything typed.
    page.click("[data-testid=submit]")
    expect(page.locator("[data-testid=form-errors]")).to_be_visible()
    expect(page.locator('input[name="q-age"]')).to_have_value("30")
    expect(page.locator('input[name="q-serious_medical"][value="yes"]')).to_be_checked()
    expect(pregnancy).to_be_hidden()
    choose(page, "vhr_interest", "no")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.click("[data-testid=submit]")

    # The result: priority, suggested referrals and assistance.
    expect(page).to_have_url(re.compile(r"/assessments/[0-9a-f-]{36}/$"))
    assessment = Assessment.objects.get()
    assert assessment.priority == "high"
    assert "pregnant_lactating" not in assessment.answers
    expect(page.locator("[data-testid=priority]")).to_have_text("عالية")
    expect(page.locator("[data-testid=referral-suggestion]").first).to_be_visible()
    expect(page.locator("[data-testid=assistance-suggestion]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH


PARITY_EXPRESSIONS = [
    "1 + 2 * 3 - 4 div 8",
    "-7 mod 3",
    "(10 - 2) * -3",
    "if(${a} > 2, 'big', 'small')",
    "selected(${m}, 'nfi') and not(selected(${m}, 'cash'))",
    "count-selected(${m}) + string-length(${s})",
    "coalesce(${empty}, 5) * 2",
    "${empty} > 0 or ${empty} = ''",
    "round(${a} div 3, 2)",
    "int(-7.9) + floor(2.7) + ceiling(2.1) + abs(-1)",
    "concat(${s}, '-', ${a}, '-', true())",
    "min(${a}, 2, 9) + max(1, ${a})",
    "regex(${s}, '^[a-z]+$') and contains(${s}, 'bc')",
    "'2026-01-01' < '2026-02-01' and number('1970-01-11') = 10",
    "sum(${r}) + count(${r})",
    "${r} > 4",
    "substr(${s}, 1, 3)",
    "pow(2, ${a}) mod 7",
    "${a} = '3' and ${s} != 'abd'",
    "selected-at(${m}, 1)",
    "normalize-space(${w})",
    "normalize-space(concat('  ', ${s}, '   x ')) = 'abcd x'",
    "string-length(normalize-space(${empty}))",
]


def test_browser_evaluator_agrees_with_the_server(phone, make_user, settings, tmp_path):
    """skiplogic.js and expressions.py evaluate the same ASTs to the same values."""
    from sanad.assessments import expressions as ex

    settings.MEDIA_ROOT = tmp_path
    instruments_load_shipped()
    user = make_user("caseworker", username="huda")
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    person = person_register(
        actor=user, data={"given_name": "Amina"}, registration_channel=Registration.Channel.MOBILE_TEAM
    )
    sign_in(phone, "huda")
    phone.goto(f"/assessments/person/{person.uuid}/mrrm_screening/")
    values = {
        "a": 3.0,
        "m": "food nfi",
        "s": "abcd",
        "w": "\t Amina \n\r\n Ali  ",
        "empty": "",
        "r": ex.NodeSet([2.0, 5.0]),
    }
    for source in PARITY_EXPRESSIONS:
        tree = ex.parse(source)
        expected = ex.to_string(ex.evaluate(tree, ex.Context(values)))
        actual = phone.evaluate(
            """([tree, values]) => {
                const S = window.SanadSkipLogic;
                const vals = Object.assign({}, values, {r: new S.NodeSet(values.r)});
                const v = S.evaluate(tree, {lookup: (n) => (n in vals ? vals[n] : ""), current: ""});
                if (typeof v === "boolean") return v ? "true" : "false";
                if (typeof v === "number") return isNaN(v) ? "NaN" : String(v);
                return String(v);
            }""",
            [tree, {**values, "r": [2.0, 5.0]}],
        )
        assert actual == expected, source


def test_repeat_calculations_update_in_the_browser(phone, make_user, settings, tmp_path):
    """A note showing sum() over a calculate inside a repeat follows the answers without a round trip."""
    from pathlib import Path

    from sanad.assessments.tests.conftest import upload_form

    settings.MEDIA_ROOT = tmp_path
    text = (Path(__file__).parents[1] / "assessments/tests/forms/engine_test.md").read_text()
    text = text.replace(
        "| | note | summary | Score: ${score} |", "| | note | summary | Under five: ${under5_count} |"
    )
    upload_form(text=text)
    user = make_user("caseworker", username="huda")
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    person = person_register(
        actor=user, data={"given_name": "Amina"}, registration_channel=Registration.Channel.MOBILE_TEAM
    )
    page = phone
    sign_in(page, "huda")
    page.goto(f"/assessments/person/{person.uuid}/engine_test/")
    choose(page, "detained", "no")
    page.fill('input[name="q-hh_size"]', "3")
    page.click('button[name="_add"][value="children"]')  # a round trip that keeps the answers
    page.click('button[name="_add"][value="children"]')
    expect(page.locator('input[name="q-hh_size"]')).to_have_value("3")
    summary = page.locator('[data-path="summary"]')
    page.fill('input[name="q-children.0.child_age"]', "2")
    page.fill('input[name="q-children.1.child_age"]', "3")
    expect(summary).to_have_text("Under five: 2")
    page.fill('input[name="q-children.1.child_age"]', "9")
    expect(summary).to_have_text("Under five: 1")
    expect(page.locator("[data-testid=question-child_school]").nth(1)).to_be_visible()
    expect(page.locator("[data-testid=question-child_school]").nth(0)).to_be_hidden()


def test_protection_caseworker_confirms_a_proposed_flag(phone, make_user, settings, tmp_path):
    """A trafficking disclosure on the MRRM screening is only proposed; a protection caseworker
    finds it on My work, cannot dismiss without a reason, and confirms it on a phone."""
    from sanad.assessments.services import assessment_record
    from sanad.assessments.tests.test_instruments_screening import screening

    settings.MEDIA_ROOT = tmp_path
    instruments_load_shipped()
    caseworker = make_user("caseworker", username="huda")
    worker = make_user("protection_caseworker", username="salma")
    worker.password_changed_at = timezone.now()
    worker.save(update_fields=["password_changed_at"])
    person = person_register(
        actor=caseworker, data={"given_name": "Amina"}, registration_channel=Registration.Channel.MOBILE_TEAM
    )
    assessment = assessment_record(
        actor=caseworker,
        person=person,
        instrument_code="mrrm_screening",
        answers=screening(tip_debt="yes", violence="yes", gbv_disclosed="no"),
    )
    assert not person.flags.filter(flag__in=["vot", "survivor_of_violence"]).exists()
    # Protection roles sign in with a second factor.
    device = TOTPDevice.objects.create(user=worker, name="phone", confirmed=True)
    sign_in(phone, "salma")
    expect(phone).to_have_url(re.compile(r"/account/login/verify/"))
    phone.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    phone.click("[data-testid=verify-form] button[type=submit]")
    expect(phone.locator("[data-testid=account-menu]")).to_have_count(1)
    phone.goto("/work/")
    phone.locator(f'a[href*="{assessment.uuid}"]').first.click()
    section = phone.locator("[data-testid=proposed-flags]")
    expect(section).to_be_visible()
    phone.click("[data-testid=dismiss-survivor_of_violence]")
    violence = phone.locator("[data-testid=proposal-survivor_of_violence]")
    expect(violence.locator(".invalid-feedback")).to_be_visible()
    expect(violence.locator(".badge.text-bg-warning")).to_be_visible()
    phone.click("[data-testid=confirm-vot]")
    expect(phone.locator("[data-testid=proposal-vot] .badge.text-bg-success")).to_be_visible()
    expect(phone.locator("[data-testid=confirm-vot]")).to_have_count(0)
    assert set(person.flags.values_list("flag", flat=True)) == {"vot"}
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH
