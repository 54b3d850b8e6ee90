"""Sign-in, lock-out, the TOTP step, 2FA enforcement and sign-out."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanad.conftest import PASSWORD
from sanad.core.models import AuditEvent, Role

LOGIN = "/account/login/"


def code_for(device: TOTPDevice) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{value:0{device.digits}d}"


def post_login(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra.pop("data", {})}, **extra)


@pytest.fixture
def caseworker(make_user):
    return make_user("caseworker", username="amal", preferred_language="ar")


def test_login_url_names():
    assert reverse("core:login") == LOGIN
    assert reverse("core:logout") == "/account/logout/"
    assert reverse("core:two_factor_setup") == "/account/two-factor/setup/"
    assert reverse("core:password_change") == "/account/password/"
    assert reverse("core:account") == "/account/"


def test_login_page_is_public(db):
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_login_success_logs_in_sets_language_and_audits(caseworker):
    client = Client()
    response = post_login(client, "amal", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(caseworker.pk)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    event = AuditEvent.objects.get(action="core.user.login")
    assert event.actor == caseworker
    assert event.changes == {"two_factor": [None, False]}


def test_login_honours_safe_next_only(caseworker):
    client = Client()
    caseworker.password_changed_at = caseworker.date_joined
    caseworker.save()
    response = post_login(client, "amal", PASSWORD, data={"next": "/admin/users/"})
    assert response["Location"] == "/admin/users/"
    client = Client()
    response = post_login(client, "amal", PASSWORD, data={"next": "https://evil.example.com/"})
    assert response["Location"] == reverse("core:home")


def test_admin_set_password_sends_user_to_password_change(caseworker):
    assert caseworker.password_changed_at is None
    response = post_login(Client(), "amal", PASSWORD)
    assert response["Location"] == reverse("core:password_change")


def test_wrong_password_is_refused_and_audited_without_actor(caseworker):
    client = Client()
    response = post_login(client, "amal", "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"The username or password is not correct." in response.content
    event = AuditEvent.objects.get(action="core.user.login_failed")
    assert event.actor is None
    assert event.object_repr == "amal"
    assert AccessAttempt.objects.get(username="amal").failures_since_start == 1


def test_inactive_user_cannot_log_in(caseworker):
    caseworker.is_active = False
    caseworker.save()
    client = Client()
    post_login(client, "amal", PASSWORD)
    assert "_auth_user_id" not in client.session


def test_lockout_after_five_failures_even_with_right_password(caseworker):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, "amal", "wrong-password").status_code == 200
    response = post_login(client, "amal", "wrong-password")
    assert response.status_code == 429
    assert b"Account locked" in response.content
    assert b"30 minutes" in response.content
    assert AuditEvent.objects.filter(action="core.user.locked_out", object_repr="amal").exists()
    # The right password does not help while locked.
    response = post_login(client, "amal", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_in_arabic(caseworker):
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, "amal", "wrong-password")
    assert response.status_code == 429
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html


def test_lockout_page_follows_language_cookie(caseworker):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, "amal", "wrong-password")
    assert response.status_code == 429
    assert 'lang="fr"' in response.content.decode()


def test_logout_is_post_only_and_audited(caseworker, client_for):
    client = client_for(caseworker)
    assert client.get("/account/logout/").status_code == 405
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="core.user.logout", actor=caseworker).exists()


# ---------------------------------------------------------------------------------------------
# TOTP step
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def enrolled(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="phone", confirmed=True)


def test_enrolled_user_is_not_logged_in_before_the_code(caseworker, enrolled):
    client = Client()
    response = post_login(client, "amal", PASSWORD)
    assert response["Location"] == reverse("core:login_verify")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("core:home")).status_code == 302


def test_correct_code_logs_in_verified(caseworker, enrolled):
    client = Client()
    post_login(client, "amal", PASSWORD)
    response = client.post(reverse("core:login_verify"), {"token": code_for(enrolled)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(caseworker.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == enrolled.persistent_id
    event = AuditEvent.objects.get(action="core.user.login")
    assert event.changes == {"two_factor": [None, True]}


def test_wrong_code_refused_and_counted(caseworker, enrolled):
    client = Client()
    post_login(client, "amal", PASSWORD)
    response = client.post(
        reverse("core:login_verify"), {"token": "000000" if code_for(enrolled) != "000000" else "111111"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="amal").failures_since_start == 1
    assert (
        AuditEvent.objects.filter(action="core.user.login_failed", changes__stage=[None, "code"]).count() == 1
    )
    enrolled.refresh_from_db()
    assert enrolled.throttling_failure_count == 1


def test_guessing_codes_locks_the_account(caseworker, enrolled):
    client = Client()
    post_login(client, "amal", PASSWORD)
    wrong = "000000" if code_for(enrolled) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("core:login_verify"), {"token": wrong}).status_code == 200
    response = client.post(reverse("core:login_verify"), {"token": wrong})
    assert response.status_code == 429
    # Even the right password and code no longer work.
    assert post_login(Client(), "amal", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_verify_without_pending_user_goes_back_to_login(db):
    response = Client().post(reverse("core:login_verify"), {"token": "123456"})
    assert response["Location"] == LOGIN


# ---------------------------------------------------------------------------------------------
# Enforcement and enrolment
# ---------------------------------------------------------------------------------------------
def test_role_requiring_2fa_is_sent_to_setup(make_user):
    medical = make_user("medical", username="nurse")
    assert Role.objects.get(code="medical").requires_2fa
    client = Client()
    post_login(client, "nurse", PASSWORD)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:two_factor_setup")
    assert client.get(reverse("core:account")).status_code == 302
    # The setup page itself is reachable.
    response = client.get(reverse("core:two_factor_setup"))
    assert response.status_code == 200
    assert b"<svg" in response.content
    device = TOTPDevice.objects.get(user=medical, confirmed=False)
    assert device.config_url.split("secret=")[1].split("&")[0] in response.content.decode().replace(" ", "")


def test_role_without_2fa_requirement_is_not_redirected(caseworker):
    client = Client()
    post_login(client, "amal", PASSWORD)
    assert client.get(reverse("core:home")).status_code == 200


def test_two_factor_setup_confirms_and_verifies_session(make_user):
    medical = make_user("medical", username="nurse")
    client = Client()
    post_login(client, "nurse", PASSWORD)
    client.get(reverse("core:two_factor_setup"))
    device = TOTPDevice.objects.get(user=medical)
    wrong = "000000" if code_for(device) != "000000" else "111111"
    response = client.post(reverse("core:two_factor_setup"), {"token": wrong})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()
    response = client.post(reverse("core:two_factor_setup"), {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200
    event = AuditEvent.objects.get(action="core.user.two_factor_enrol")
    assert event.actor == medical
    assert event.changes == {"two_factor": [False, True]}


def test_own_reset_needs_the_password(caseworker, enrolled, client_for):
    client = client_for(caseworker)
    response = client.post(reverse("core:two_factor_reset"), {"password": "wrong"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="core.user.two_factor_reset").exists()
    client.post(reverse("core:two_factor_reset"), {"password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    event = AuditEvent.objects.get(action="core.user.two_factor_reset")
    assert event.actor == caseworker
    assert DEVICE_ID_SESSION_KEY not in client.session
