"""The consent sentence of a referral keeps its date and the giver's name isolated in <bdi>: an ISO
date in an Arabic sentence came out jumbled ("في 07-12-2026") (issue 13, item 9)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_consent_sentence_in_arabic_isolates_name_and_date(send, users, client_for):
    referral = send(consent_given_by="Hawa Idriss Saleh")
    client = client_for(users["caseworker"])
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("referrals:detail", kwargs={"uuid": referral.uuid})).content.decode()
    day = timezone.localtime(referral.consent_at).strftime("%Y-%m-%d")
    assert "<bdi>Hawa Idriss Saleh</bdi>" in html
    assert f"<bdi>{day}</bdi>" in html
