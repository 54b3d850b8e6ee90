"""The double-dipping message reads as whole sentences, and a receipt's audit event renders.

Regression (issue 13, items 5 and 6): the message ended "… next from 6 Jan 2027.. Give a reason";
and ``/audit/?action=assistance`` answered 500 because a receipt records ``changes["items"]``.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from sanad.assistance.services.distributions import distribution_record

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2026, 12, 7)
SECOND = datetime.date(2026, 12, 17)


def _refusal(users, catalogue, open_distribution, register, items: list) -> str:
    caseworker = users["caseworker"]
    person = register(sex="F", date_of_birth=datetime.date(1990, 1, 1))
    first = open_distribution(date=FIRST)
    distribution_record(actor=caseworker, distribution=first, person=person, items=dict.fromkeys(items, 1))
    second = open_distribution(stock=0, date=SECOND)
    with pytest.raises(ValidationError) as caught:
        distribution_record(
            actor=caseworker, distribution=second, person=person, items=dict.fromkeys(items, 1)
        )
    return caught.value.message_dict["override_reason"][0]


def test_the_issues_example_reads_as_sentences(users, catalogue, rules, open_distribution, register):
    message = _refusal(users, catalogue, open_distribution, register, [catalogue.hygiene])
    assert message == (
        "Possible double-dipping or not eligible. "
        "Hygiene kit: Already received 1 on 7 Dec 2026; next from 6 Jan 2027. "
        "Give a reason to override, or untick the item."
    )


def test_two_items_and_the_other_languages_have_no_doubled_stop(
    users, catalogue, rules, open_distribution, register
):
    for language in ("en", "ar", "fr"):
        with translation.override(language):
            message = _refusal(
                users, catalogue, open_distribution, register, [catalogue.hygiene, catalogue.dignity]
            )
        assert ".." not in message and ".;" not in message and ". ." not in message, (language, message)
        assert "2027." in message, (language, message)


def test_more_than_the_entitlement_is_a_sentence_too(users, catalogue, rules, open_distribution, register):
    person = register()
    distribution = open_distribution(date=FIRST)
    with pytest.raises(ValidationError) as caught:
        distribution_record(
            actor=users["caseworker"], distribution=distribution, person=person, items={catalogue.hygiene: 2}
        )
    assert caught.value.message_dict["override_reason"] == [
        "Possible double-dipping or not eligible. Hygiene kit: More than the entitlement. "
        "Give a reason to override, or untick the item."
    ]


def test_a_receipt_shows_on_the_audit_page(users, catalogue, rules, open_distribution, register, client_for):
    person = register()
    distribution = open_distribution(date=FIRST)
    distribution_record(
        actor=users["caseworker"], distribution=distribution, person=person, items={catalogue.hygiene: 1}
    )
    response = client_for(users["auditor"]).get(reverse("core:audit_list"), {"action": "assistance"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "assistance.distribution.record" in body
    # The recorded key "items" is shown as a code (the receipt model names no such field) and its
    # value whole, as data.
    assert '<code translate="no">items</code></th><td>—</td><td><bdi>hygiene_kit: 1</bdi></td>' in body
