"""The referrals journey: a caseworker refers a person from a screening to a partner's psychiatric
service with consent; the partner's user sees only the shared fields, accepts and reports
completion; the caseworker sees the feedback."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from sanad.assessments.services import assessment_record, instrument_version_upload
from sanad.core.services.roles import roles_sync
from sanad.core.tests.factories import AdminUnitFactory
from sanad.referrals.models import Referral, ReferralService, ServiceProvider
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"

SCREENING_FORM = """
| survey |
| | type | name | label::English (en) | calculation |
| | select_one yn | distress | Severe distress? | |
| | calculate | score | | if(${distress} = 'yes', 10, 0) |
| | calculate | priority | | if(${distress} = 'yes', 'high', 'low') |
| | calculate | suggested_referrals | | if(${distress} = 'yes', 'health_psychiatric', '') |

| choices |
| | list_name | name | label::English (en) |
| | yn | yes | Yes |
| | yn | no | No |

| settings |
| | form_title | form_id | version | default_language |
| | Distress screening | distress_screening | 2026.1 | English (en) |
"""


@pytest.fixture(autouse=True)
def roles(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    roles_sync()


def sign_in(page, username: str) -> None:
    page.goto("/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")


def _ready(user):
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    return user


def test_refer_from_screening_partner_accepts_and_completes(page, chromium, live_server, make_user, org):
    caseworker = _ready(make_user("caseworker", username="samira"))
    partner = _ready(make_user("partner_caseworker", team=org.partner_team, username="khaled"))
    tripoli = AdminUnitFactory(
        pcode="LY021104", name_en="Tripoli Centre", latitude="32.88", longitude="13.19"
    )
    provider = ServiceProvider.objects.create(
        name_en="Medical NGO", kind=ServiceProvider.Kind.SANAD_AGENCY, agency=org.other_agency
    )
    ReferralService.objects.create(
        name_en="Psychiatric clinic Tripoli",
        need="health_psychiatric",
        provider=provider,
        unit=org.partner_unit,
        admin_unit=tripoli,
    )
    person = person_register(
        actor=caseworker,
        data={
            "given_name": "Mohamed",
            "family_name": "Haroun",
            "sex": "M",
            "age": 30,
            "phones": ["0912345678"],
            "date_of_birth_precision": "estimated",
        },
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    version = instrument_version_upload(
        actor=None,
        file=ContentFile(SCREENING_FORM.encode(), name="distress.md"),
        filename="distress.md",
        system=True,
    )
    screening = assessment_record(
        actor=caseworker, person=person, version=version, answers={"distress": "yes"}
    )
    assert screening.suggested_referrals == ["health_psychiatric"]

    # The caseworker refers from the screening: the psychiatric service is proposed.
    sign_in(page, "samira")
    page.goto(f"/referrals/new/?person={person.uuid}&assessment={screening.uuid}")
    proposed = page.locator("[data-testid=proposed-services]")
    expect(proposed).to_contain_text("Psychiatric clinic Tripoli")
    expect(page.locator("select[name=urgency]")).to_have_value("urgent")
    page.fill("textarea[name=reason]", "Severe distress on screening; needs psychiatric assessment.")
    page.check("input[name=consent_given]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("button[type=submit]:has-text('Send the referral')")
    expect(page).to_have_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    referral = Referral.objects.get()
    assert referral.assessment == screening and referral.source == "screening"

    # The partner sees only the shared fields: the first name, not the family name or phone.
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    partner_page = context.new_page()
    sign_in(partner_page, "khaled")
    partner_page.goto("/referrals/?box=received")
    partner_page.click(f"text={referral.reference}")
    shared = partner_page.locator("[data-testid=shared-information]")
    expect(shared).to_contain_text("Mohamed")
    body = (
        partner_page.locator("main").inner_text()
        if partner_page.locator("main").count()
        else partner_page.content()
    )
    assert "Haroun" not in body and "0912345678" not in body
    partner_page.fill("form[action$='/accept/'] textarea[name=note]", "Appointment Sunday 10:00")
    partner_page.click("form[action$='/accept/'] button[type=submit]")
    expect(partner_page.locator("[data-testid=referral-status]")).to_contain_text("Accepted")
    partner_page.fill("form[action$='/complete/'] textarea[name=outcome]", "Assessed; treatment started.")
    partner_page.click("form[action$='/complete/'] button[type=submit]")
    expect(partner_page.locator("[data-testid=referral-status]")).to_contain_text("Completed")
    context.close()

    # The sender sees the feedback.
    page.goto(f"/referrals/{referral.uuid}/")
    expect(page.locator("[data-testid=referral-outcome]")).to_have_text("Assessed; treatment started.")
    timeline = page.locator("[data-testid=referral-timeline]")
    expect(timeline).to_contain_text(partner.get_full_name() or partner.username)


def test_public_directory_map_lists_every_service_of_a_place(page, org):
    # Services of one place share its coordinates: the map shows one dot for the place, labelled
    # with the place and the count, and its popup reaches every service (not only the top one).
    tripoli = AdminUnitFactory(
        pcode="LY021104",
        name_en="Tripoli Centre",
        name_ar="طرابلس المركز",
        latitude="32.88",
        longitude="13.19",
    )
    sabha = AdminUnitFactory(pcode="LY031901", name_en="Sabha", latitude="27.03", longitude="14.43")
    provider = ServiceProvider.objects.create(name_en="Medical NGO", kind=ServiceProvider.Kind.EXTERNAL)
    for name, need, place in [
        ("Psychiatric clinic", "health_psychiatric", tripoli),
        ("Counselling centre", "mhpss", tripoli),
        ("Primary clinic", "health_primary", sabha),
    ]:
        ReferralService.objects.create(name_en=name, need=need, provider=provider, admin_unit=place)
    page.goto("/directory/")
    labels = page.locator("#service-map .leaflet-tooltip")
    expect(labels).to_have_count(2)
    expect(labels.filter(has_text="Tripoli Centre (2)")).to_have_count(1)
    expect(labels.filter(has_text="Sabha")).to_have_count(1)
    dots = page.locator("#service-map path.map-service-dot")
    expect(dots).to_have_count(2)
    popup = page.locator("#service-map .leaflet-popup-content")
    for index in range(2):
        dots.nth(index).dispatch_event("click")
        expect(popup).to_have_count(1)
        if "Tripoli Centre" in popup.inner_text():
            break
    expect(popup.locator("a")).to_have_count(2)
    expect(popup).to_contain_text("Psychiatric clinic")
    expect(popup).to_contain_text("Counselling centre")


def test_directory_maps_show_baladiya_reference_dots(page, org, make_user):
    # The baladiya centres (public reference data) are faint dots on both directory maps: the
    # public one without sign-in and the signed-in one; service dots stay on top.
    tripoli = AdminUnitFactory(
        pcode="LY021104", name_en="Tripoli Centre", latitude="32.88", longitude="13.19"
    )
    AdminUnitFactory(pcode="LY031901", name_en="Sabha", latitude="27.03", longitude="14.43")
    AdminUnitFactory(pcode="LY041201", name_en="Al Kufra", latitude="24.18", longitude="23.29")
    provider = ServiceProvider.objects.create(name_en="Medical NGO", kind=ServiceProvider.Kind.EXTERNAL)
    ReferralService.objects.create(
        name_en="Psychiatric clinic", need="health_psychiatric", provider=provider, admin_unit=tripoli
    )
    page.goto("/directory/")
    expect(page.locator("#service-map path.map-reference-dot")).to_have_count(3)
    expect(page.locator("#service-map path.map-service-dot")).to_have_count(1)
    reference = page.locator("#service-map path.map-reference-dot")
    for index in range(3):
        reference.nth(index).dispatch_event("mouseover")
    expect(page.locator("#service-map .leaflet-tooltip").filter(has_text="Al Kufra")).to_have_count(1)

    _ready(make_user("caseworker", username="cw-map"))
    sign_in(page, "cw-map")
    page.goto("/referrals/services/")
    expect(page.locator("#service-map path.map-reference-dot")).to_have_count(3)
    expect(page.locator("#service-map path.map-service-dot")).to_have_count(1)
