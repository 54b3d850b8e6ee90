"""The home page: every role reaches it, sees its own access and only the navigation its roles allow."""

import pytest
from django.urls import reverse

from sanad.core.navigation import NAV_ITEMS
from sanad.core.permissions import ALL_ROLES, has_permission


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_sees_its_access_and_only_its_navigation(
    role, users, client_for, django_assert_max_num_queries
):
    user = users[role]
    client = client_for(user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tripoli mobile team 1" in html  # the user's team, from the fixtures
    for item in NAV_ITEMS:
        link = f'href="{reverse(item.url_name)}"'
        assert (link in html) == has_permission(user, item.action), (role, item.url_name)


def test_home_in_arabic_is_right_to_left(users, client_for):
    client = client_for(users["caseworker"])
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "مرحب" in html
