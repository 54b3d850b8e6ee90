"""The "Decided by … on …." sentence of a reviewed pair ends with one full stop.

Regression (issue 13, item 6, same pattern as the double-dipping message): the English
DATETIME_FORMAT ends in "a.m."/"p.m.", so the sentence ended "10:30 a.m..".
"""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from sanad.matching.models import DuplicatePair
from sanad.matching.services import pair_decide, review_request

pytestmark = pytest.mark.django_db

DECIDED = datetime.datetime(2026, 12, 7, 10, 30, tzinfo=zoneinfo.ZoneInfo("Africa/Tripoli"))


@pytest.fixture
def decided_pair(users, register, adam):
    repeat = register(
        users["caseworker"],
        given_name="Adam",
        father_name="Ibraheem",
        family_name="Harun",
        sex="M",
        date_of_birth="1991-03-12",
        phones=["091 234 5678"],
    )
    pair = review_request(actor=users["caseworker"], person=repeat, candidate=adam)
    pair = pair_decide(actor=users["team_leader"], pair=pair, decision="different_people")
    DuplicatePair.objects.filter(pk=pair.pk).update(decided_at=DECIDED)  # a morning, for "a.m."
    return pair


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_decided_sentence_has_a_single_full_stop(language, users, client_for, decided_pair, settings):
    client = client_for(users["team_leader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("matching:pair_detail", args=[decided_pair.uuid])).content.decode()
    assert "2026" in body
    assert "m.." not in body and ".." not in body.split("2026", 1)[1].split("</p>", 1)[0]


def test_decided_sentence_in_english(users, client_for, decided_pair):
    body = client_for(users["team_leader"]).get(reverse("matching:pair_detail", args=[decided_pair.uuid]))
    leader = users["team_leader"]
    assert f"Decided by {leader} on 7 Dec 2026 10:30." in body.content.decode()
