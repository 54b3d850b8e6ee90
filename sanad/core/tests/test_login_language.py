"""The language at sign-in (regression, issue 13, item 7).

Rule: a language chosen before signing in (on the sign-in page, or the code page of the TOTP step)
holds after sign-in; if none was chosen, the user's preferred language applies. The choice lasts
for that sign-in only: it does not change the preference, nor the next person's sign-in.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanad.conftest import PASSWORD
from sanad.core.tests.test_auth import code_for

LOGIN = "/account/login/"
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def english_user(make_user):
    return make_user("caseworker", username="hana", preferred_language="en")


@pytest.fixture
def arabic_user(make_user):
    return make_user("caseworker", username="amal", preferred_language="ar")


def choose(client: Client, language: str, next_url: str = LOGIN):
    """What the language buttons of the page do."""
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    return response


def sign_in(client: Client, user) -> str:
    """Password step, follow to the landing page; its <html> tag."""
    assert client.get(LOGIN).status_code == 200
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return _landing(client, response)


def _landing(client: Client, response) -> str:
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    body = landing.content.decode()
    return body[body.index("<html") : body.index(">", body.index("<html")) + 1]


def test_arabic_chosen_on_the_sign_in_page_holds(english_user):
    client = Client()
    choose(client, "ar")
    assert sign_in(client, english_user) == '<html lang="ar" dir="rtl">'
    assert client.cookies[COOKIE].value == "ar"
    english_user.refresh_from_db()
    assert english_user.preferred_language == "en"  # the choice is for this sign-in only


def test_without_a_choice_the_preference_applies_over_an_old_cookie(arabic_user):
    client = Client()
    client.cookies[COOKIE] = "en"  # left by the previous person on this phone
    assert sign_in(client, arabic_user) == '<html lang="ar" dir="rtl">'


def test_english_chosen_by_an_arabic_preferring_user_holds(arabic_user):
    client = Client()
    choose(client, "en")
    assert sign_in(client, arabic_user) == '<html lang="en" dir="ltr">'


def test_french_chosen_holds(arabic_user):
    client = Client()
    choose(client, "fr")
    assert sign_in(client, arabic_user) == '<html lang="fr" dir="ltr">'


def test_the_choice_does_not_carry_over_to_the_next_person(english_user, arabic_user):
    client = Client()
    choose(client, "ar")
    assert sign_in(client, english_user) == '<html lang="ar" dir="rtl">'
    client.post(reverse("core:logout"))
    client2_html = sign_in(client, arabic_user)
    assert client2_html == '<html lang="ar" dir="rtl">'
    client.post(reverse("core:logout"))
    # Nobody chose: Hana's own preference, not the Arabic left by Amal.
    assert sign_in(client, english_user) == '<html lang="en" dir="ltr">'


def test_a_choice_after_sign_in_is_not_remembered_for_the_next_sign_in(english_user):
    client = Client()
    assert sign_in(client, english_user) == '<html lang="en" dir="ltr">'
    choose(client, "ar", next_url="/")
    assert 'lang="ar"' in client.get("/").content.decode()
    client.post(reverse("core:logout"))
    assert sign_in(client, english_user) == '<html lang="en" dir="ltr">'


# --- Through the TOTP step ----------------------------------------------------------------------
@pytest.fixture
def device(english_user):
    return TOTPDevice.objects.create(user=english_user, name="phone", confirmed=True)


def _code_step(client: Client, user, device) -> str:
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("core:login_verify")
    assert client.get(response["Location"]).status_code == 200
    return response["Location"]


def test_choice_before_the_password_holds_through_the_code_step(english_user, device):
    client = Client()
    choose(client, "ar")
    _code_step(client, english_user, device)
    response = client.post(reverse("core:login_verify"), {"token": code_for(device)})
    assert response.status_code == 302
    assert _landing(client, response) == '<html lang="ar" dir="rtl">'


def test_choice_on_the_code_page_holds(english_user, device):
    client = Client()
    verify = _code_step(client, english_user, device)
    choose(client, "ar", next_url=verify)
    response = client.post(verify, {"token": code_for(device)})
    assert _landing(client, response) == '<html lang="ar" dir="rtl">'


def test_preference_applies_through_the_code_step(arabic_user):
    device = TOTPDevice.objects.create(user=arabic_user, name="phone", confirmed=True)
    client = Client()
    client.cookies[COOKIE] = "en"
    _code_step(client, arabic_user, device)
    response = client.post(reverse("core:login_verify"), {"token": code_for(device)})
    assert _landing(client, response) == '<html lang="ar" dir="rtl">'


# --- After an idle sign-out ---------------------------------------------------------------------
def _expire_sessions():
    """What the idle timeout does: the session is past its expiry and no longer loads."""
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))


def test_after_idle_expiry_the_preference_applies(arabic_user):
    client = Client()
    choose(client, "en")
    assert sign_in(client, arabic_user) == '<html lang="en" dir="ltr">'
    _expire_sessions()
    assert client.get("/").status_code == 302  # signed out
    assert sign_in(client, arabic_user) == '<html lang="ar" dir="rtl">'


def test_after_idle_expiry_a_new_choice_holds(arabic_user):
    client = Client()
    assert sign_in(client, arabic_user) == '<html lang="ar" dir="rtl">'
    _expire_sessions()
    assert client.get("/").status_code == 302
    choose(client, "en")
    assert sign_in(client, arabic_user) == '<html lang="en" dir="ltr">'
