"""Demo DTM field data: created once, through the services, and visible on the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.dtm.demo import FLOWS, demo_seed_dtm
from sanad.dtm.models.detention import DetentionSnapshot
from sanad.dtm.models.events import EmergencyEvent, RapidAssessment
from sanad.dtm.models.flows import FlowCount

pytestmark = pytest.mark.django_db


def test_demo_dtm_data_is_seeded_once(places, make_user, client_for):
    officer = make_user("dtm_officer", username="dtm_officer")
    assert demo_seed_dtm() == len(FLOWS) + 2 + 1
    assert demo_seed_dtm() == 0
    assert FlowCount.objects.filter(point=places.point).count() == len(FLOWS)
    assert DetentionSnapshot.objects.filter(centre=places.centre).count() == 2
    event = EmergencyEvent.objects.get()
    assert RapidAssessment.objects.filter(event=event).count() == 2
    assert event.published_at is not None  # published 30 h after the start: within 72 h
    client = client_for(officer)
    html = client.get(reverse("dtm:event_list")).content.decode()
    assert 'data-status="on_time"' in html
    detail = client.get(reverse("dtm:detention_centre_detail", kwargs={"uuid": places.centre.uuid}))
    assert detail.context["latest"].overcrowding_label == "Overcrowded"  # 470 held for 350 places


def test_demo_without_the_dtm_officer_creates_nothing(places):
    assert demo_seed_dtm() == 0
    assert not FlowCount.objects.exists()
