"""The audit page renders any ``changes`` a service recorded, whatever its keys are called.

Regression (issue 13, item 5): an assistance receipt records ``{"items": [None, {...}]}``; the
template looked up ``event.changes.items``, got the recorded value instead of the dict method, and
the page answered 500 for every filter that listed such an event.
"""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.core.audit import audit_record

# Keys that are also names of dict methods, each with a value the page must show in full.
AWKWARD_CHANGES = {
    "items": [None, {"RICE-5KG": 2, "BLANKET": 1}],
    "keys": ["KEY-OLD", "KEY-NEW"],
    "values": [None, ["VALUE-A", "VALUE-B"]],
    "get": [None, "GET-VALUE"],
    "update": ["UPDATE-BEFORE", "UPDATE-AFTER"],
    "pop": [3, 4],
    "copy": [None, "COPY-VALUE"],
}
# What a reader must see for each of them (before, after), written by hand.
EXPECTED_CELLS = [
    ("items", "—", "BLANKET: 1; RICE-5KG: 2"),  # keys in order, whatever the database kept
    ("keys", "KEY-OLD", "KEY-NEW"),
    ("values", "—", "VALUE-A, VALUE-B"),
    ("get", "—", "GET-VALUE"),
    ("update", "UPDATE-BEFORE", "UPDATE-AFTER"),
    ("pop", "3", "4"),
    ("copy", "—", "COPY-VALUE"),
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def receipt(users, org):
    """An assistance-receipt-like event (the shape ``distribution_record`` audits) with every awkward key."""
    return audit_record(
        actor=users["caseworker"],
        action="assistance.distribution.receipt",
        obj=org.team,
        changes={"head_count": [None, 4], **AWKWARD_CHANGES},
    )


@pytest.fixture
def plain_values(users, org):
    """Some services record plain values rather than [before, after] pairs."""
    return audit_record(
        actor=users["caseworker"],
        action="feedback.assignment.create",
        obj=org.team,
        changes={"agency": "AGENCY-CODE", "category": "protection"},
    )


def _filter_choices(receipt):
    today = timezone.localdate()
    return [
        {},
        {"action": "assistance"},
        {"action": "assistance.distribution.receipt"},
        {"actor": receipt.actor_username},
        {"object_type": receipt.object_type},
        {"object_id": receipt.object_uuid},
        {"date_from": today.isoformat()},
        {"date_to": today.isoformat()},
        {"date_from": today.isoformat(), "date_to": today.isoformat()},
        {"date_from": (today + datetime.timedelta(days=1)).isoformat(), "date_to": today.isoformat()},
        {"date_from": "not-a-date"},
        {"sensitive_only": "on"},
        {"action": "assistance", "actor": receipt.actor_username, "object_type": receipt.object_type},
        {"page": "1"},
    ]


def _cells(body: str) -> str:
    return html.unescape(body)


def _value(value: str) -> str:
    """A recorded value is data, isolated in <bdi>; "—" (nothing recorded) is not."""
    return value if value == "—" else f"<bdi>{value}</bdi>"


def test_every_filter_of_the_page_renders_awkward_change_keys(users, client_for, receipt, plain_values):
    client = client_for(users["auditor"])
    for query in _filter_choices(receipt):
        response = client.get(reverse("core:audit_list"), query)
        assert response.status_code == 200, query
    body = _cells(client.get(reverse("core:audit_list"), {"action": "assistance"}).content.decode())
    assert "assistance.distribution.receipt" in body
    for name, before, after in EXPECTED_CELLS:
        row = (
            f'<tr><th scope="row" class="fw-normal"><code translate="no">{name}</code></th>'
            f"<td>{_value(before)}</td><td>{_value(after)}</td></tr>"
        )
        assert row in body, name
    assert "8 fields" in body


def test_plain_values_show_whole_as_the_new_value(users, client_for, plain_values):
    body = _cells(client_for(users["auditor"]).get(reverse("core:audit_list")).content.decode())
    # "agency" is a field of the event's object (a team): shown by its name; "category" is not.
    assert "Agency</th><td>—</td><td><bdi>AGENCY-CODE</bdi></td>" in body
    assert '<code translate="no">category</code></th><td>—</td><td><bdi>protection</bdi></td>' in body


def test_codes_are_shown_in_words_and_kept_as_data(users, client_for, org):
    """Issue 13, item 8: the verb of the action, the kind of object, booleans and the channel in
    the reader's language; the codes themselves stay on the page, marked as data."""
    audit_record(
        actor=users["caseworker"],
        action="core.team.update",
        obj=org.team,
        changes={"is_mobile": [True, False]},
    )
    body = _cells(
        client_for(users["auditor"]).get(reverse("core:audit_list"), {"action": "core.team"}).content.decode()
    )
    assert (
        'Updated<div class="small text-body-secondary"><bdi translate="no">core.team.update</bdi></div>'
        in body
    )
    assert "Mobile team</th><td>Yes</td><td>No</td>" in body
    assert '<bdi translate="no">core.team</bdi>' not in body  # the kind of object is named instead


def test_export_and_the_page_after_it(users, client_for, receipt, django_capture_on_commit_callbacks):
    client = client_for(users["auditor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:audit_export"), {"action": "assistance"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "BLANKET: 1; RICE-5KG: 2" in _cells(page.content.decode())
    # The export's own event (its changes hold the filters) is listed too, and renders.
    page = client.get(reverse("core:audit_list"), {"action": "core.audit.export"})
    assert page.status_code == 200
    assert "core.audit.export" in page.content.decode()


def test_arabic_page_renders_awkward_keys(users, client_for, receipt, settings):
    client = client_for(users["auditor"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get(reverse("core:audit_list"), {"action": "assistance"})
    assert response.status_code == 200
    assert 'lang="ar"' in response.content.decode()
    assert "COPY-VALUE" in response.content.decode()
