"""The priority needs and problems of a published round are shown in the reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_planning_and_round_pages_name_the_needs_in_arabic(r54, users, client_for):
    client = client_for(users["dtm_officer"])
    client.cookies["django_language"] = "ar"
    planning = client.get(reverse("dtm:planning")).content.decode()
    round_page = client.get(reverse("dtm:round_detail", kwargs={"uuid": r54.round.uuid})).content.decode()
    for html in (planning, round_page):
        # Round 54 names Food, Shelter and NFIs among the muhallas' priority needs; the Arabic
        # words are the reviewed translations of Sanad's catalog for food, shelter and NFIs.
        assert "الغذاء" in html and "المأوى" in html and "المواد غير الغذائية" in html
        assert ">Food<" not in html and ">NFIs<" not in html and "Food," not in html and "NFIs," not in html
    # The checkbox of each need the team may answer is labelled in Arabic too (its value stays).
    assert 'value="NFIs"' in planning
