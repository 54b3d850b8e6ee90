"""The 500 page: the normal layout (navigation, a way home) when it can be rendered, a static page
when even that fails (regression, issue 13, item 5)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils.functional import SimpleLazyObject

from sanad.conftest import verified_login

URLS = "sanad.core.tests.urls_server_error"


@pytest.fixture
def failing_client(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = URLS

    def make(user=None) -> Client:
        client = Client(raise_request_exception=False)
        return verified_login(client, user) if user else client

    return make


def test_a_failing_page_keeps_the_navigation_and_a_way_home(failing_client, users):
    response = failing_client(users["caseworker"]).get("/test-failure/")
    assert response.status_code == 500
    body = response.content.decode()
    assert 'aria-label="Main navigation"' in body
    assert 'data-testid="account-menu"' in body  # the signed-in layout, not a bare page
    assert "People" in body  # a navigation section of the caseworker
    assert 'href="/"' in body
    assert "Something went wrong" in body


def test_the_failing_page_is_in_the_users_language(failing_client, users, settings):
    client = failing_client(users["caseworker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get("/test-failure/")
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_handler_falls_back_to_a_static_page_when_the_layout_cannot_render(settings, db):
    """The database is down: loading the user for the navigation fails, the page still answers."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = URLS
    from django.urls import get_resolver

    handler = get_resolver(URLS).resolve_error_handler(500)

    def unreachable_database():
        raise OperationalError("could not connect to server")

    request = RequestFactory().get("/somewhere/")
    request.user = SimpleLazyObject(unreachable_database)
    response = handler(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert 'href="/"' in body
    assert "Something went wrong" in body and "حدث خطأ" in body
