"""The helpline's main journey on a phone-sized screen, in Arabic: an operator logs a call from an
anonymous caller reporting sexual exploitation at a shelter; the script for PSEA shows as soon as
the category is picked; the operator keeps only the reference; the operator's supervisor gets 404
and does not find it in the queue; the PSEA focal point opens it, resolves it and closes the loop."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from sanad.core.models import AuditEvent
from sanad.core.services.roles import roles_sync
from sanad.core.tests.factories import SiteFactory
from sanad.feedback.models import FocalPoint, Status, Ticket
from sanad.geo.models import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Correct-Horse-42!"


@pytest.fixture(autouse=True)
def roles():
    roles_sync()


def ready(user):
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password_changed_at"])
    return user


def sign_in(page, username: str, device: TOTPDevice | None = None) -> None:
    page.context.clear_cookies()
    page.goto("/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    if device is not None:
        expect(page).to_have_url(re.compile(r"/account/login/verify/"))
        page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
        page.click("[data-testid=verify-form] button[type=submit]")
    expect(page.locator("[data-testid=account-menu]")).to_have_count(1)


def test_psea_call_in_arabic_reaches_only_the_focal_point(page, make_user, org):
    operator = ready(make_user("helpline_operator", username="hana"))
    ready(make_user("team_leader", username="tarek"))  # the operator's supervisor (same team)
    focal = ready(make_user("psea_focal_point", username="farah", sensitive=True))
    FocalPoint.objects.create(agency=org.agency, category="psea", user=focal)
    device = TOTPDevice.objects.create(user=focal, name="phone", confirmed=True)
    shelter = SiteFactory(site_type=Site.Type.SHELTER, name_en="Misrata shelter", name_ar="مأوى مصراتة")

    # The operator logs the call, in Arabic.
    sign_in(page, "hana")
    page.click("[data-testid=lang-ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.goto("/helpline/call/")
    page.check("input[name=anonymous]")
    expect(page.locator("[data-testid=caller-known]")).to_be_hidden()
    page.select_option("[data-testid=category]", "psea")
    # The PSEA script appears at once, in Arabic: confidentiality, no promises.
    expect(page.locator("[data-testid=script-text]")).to_contain_text("سري")
    expect(page.locator("[data-testid=script-text]")).to_contain_text("لا تعد")
    page.fill(
        "textarea[name=description]",
        "امرأة في المأوى تقول إن رجلاً يوزع الطعام طلب منها الجنس مقابل حصص إضافية.",
    )
    page.select_option("select[name=site]", str(shelter.uuid))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("[data-testid=log-call]")
    ticket = Ticket.objects.get()
    expect(page.locator(".alert-success")).to_contain_text(ticket.reference)
    assert ticket.category == "psea" and ticket.anonymous and ticket.logged_by == operator
    # The operator cannot open it afterwards.
    assert page.goto(f"/helpline/tickets/{ticket.uuid}/").status == 404

    # The supervisor cannot find it: 404, and absent from the queue and its count.
    sign_in(page, "tarek")
    assert page.goto(f"/helpline/tickets/{ticket.uuid}/").status == 404
    page.goto("/helpline/?status=")
    expect(page.locator("[data-testid=ticket-row]")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(ticket.reference)

    # The focal point opens it (the read is logged), works it and closes the loop.
    sign_in(page, "farah", device)
    page.goto("/helpline/")
    expect(page.locator("[data-testid=ticket-row]")).to_have_count(1)
    page.click(f"text={ticket.reference}")
    expect(page.locator("[data-testid=ticket-description]")).to_contain_text("مقابل حصص إضافية")
    assert AuditEvent.objects.filter(
        action="feedback.ticket.read", actor=focal, is_sensitive_read=True
    ).exists()
    page.click("[data-testid=action-start]")
    form = page.locator("[data-testid=form-resolve]")
    form.locator("textarea[name=response]").fill("Referred to protection; the distributor was removed.")
    form.locator("select[name=method]").select_option("phone")
    form.locator("button[type=submit]").click()
    outcome = page.locator("[data-testid=form-outcome]")
    outcome.locator("select[name=method]").select_option("phone")
    outcome.locator("select[name=satisfaction]").select_option("4")
    outcome.locator("textarea[name=satisfaction_comment]").fill("Feels safer now.")
    outcome.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=outcome]")).to_be_visible()
    page.locator("[data-testid=form-close] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert ticket.outcome_communicated_by == focal and ticket.satisfaction == 4


def test_queue_on_a_phone_keeps_time_left_in_view(page, make_user, org):
    # 360 px wide, in Arabic: each row shows the reference, the category and the time left
    # without scrolling sideways; urgency, status and place fold under the category.
    from sanad.feedback.services import ticket_log

    operator = ready(make_user("helpline_operator", username="hana"))
    site = SiteFactory(site_type=Site.Type.SHELTER, name_en="Misrata shelter", name_ar="مأوى مصراتة")
    ticket_log(
        actor=operator,
        channel="helpline_call",
        category="complaint_service",
        description="Kits ran out before block C was served.",
        site=site,
    )
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "hana")
    page.click("[data-testid=lang-ar]")
    page.goto("/helpline/")
    row = page.locator("[data-testid=ticket-row]").first
    expect(row).to_contain_text("مأوى مصراتة")
    badge = row.locator("td").nth(4).locator("span").first
    box = badge.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
