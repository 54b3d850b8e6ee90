"""My work: providers' items for the signed-in user, overdue first, filterable by kind."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from sanad.core.permissions import ALL_ROLES
from sanad.core.work import WorkItem, work_items_for


@pytest.fixture
def provider(monkeypatch):
    """A provider that gives each actor items named after them; removed after the test."""
    now = timezone.now()

    def items(actor):
        yield WorkItem(
            f"later for {actor.username}", "/a/", "followup", "Follow-up", now + datetime.timedelta(days=2)
        )
        yield WorkItem(f"no due date for {actor.username}", "/b/", "ticket", "Ticket")
        yield WorkItem(
            f"overdue for {actor.username}", "/c/", "followup", "Follow-up", now - datetime.timedelta(hours=1)
        )
        yield WorkItem(
            f"soon for {actor.username}",
            "/d/",
            "approval",
            "Approval",
            now + datetime.timedelta(hours=1),
            priority="high",
        )

    core = apps.get_app_config("core")
    monkeypatch.setattr(core, "work_providers", (*core.work_providers, items))
    return items


def test_items_are_ordered_overdue_first_then_by_due_time_then_undated(users, provider):
    name = users["caseworker"].username
    titles = [item.title for item in work_items_for(users["caseworker"]) if item.title.endswith(name)]
    assert titles == [
        f"overdue for {name}",
        f"soon for {name}",
        f"later for {name}",
        f"no due date for {name}",
    ]


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("core:my_work"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_has_a_work_page(role, users, client_for):
    response = client_for(users[role]).get(reverse("core:my_work"))
    assert response.status_code == 200


def test_the_page_shows_the_users_items_marks_overdue_and_filters_by_kind(users, client_for, provider):
    client = client_for(users["caseworker"])
    html = client.get(reverse("core:my_work")).content.decode()
    assert html.index("overdue for caseworker") < html.index("soon for caseworker")
    assert 'data-testid="overdue-count"' in html
    assert "list-group-item-danger" in html
    filtered = client.get(reverse("core:my_work"), {"kind": "approval"}).content.decode()
    assert "soon for caseworker" in filtered
    assert "later for caseworker" not in filtered


def test_the_page_is_translated(users, client_for, provider):
    client = client_for(users["caseworker"])
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("core:my_work"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "عملي" in html
