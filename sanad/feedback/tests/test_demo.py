"""Demo helpline data: seeded once, with focal points, an overdue (escalated) complaint and a PSEA
report only its focal point sees."""

from __future__ import annotations

import pytest

from sanad.feedback.demo import demo_seed_feedback
from sanad.feedback.models import FocalPoint, Ticket
from sanad.feedback.selectors import ticket_list

pytestmark = pytest.mark.django_db


def test_demo_helpline_is_seeded_once(make_user, org):
    make_user("system_admin", username="admin")
    operator = make_user("helpline_operator", username="helpline_operator")
    focal = make_user("psea_focal_point", username="psea_focal_point")
    make_user("data_protection_officer", username="data_protection_officer")
    leader = make_user("team_leader", username="team_leader")
    assert demo_seed_feedback() == 6
    assert demo_seed_feedback() == 0
    assert Ticket.objects.count() == 6
    assert FocalPoint.objects.count() == 3
    overdue = Ticket.objects.get(category="complaint_service")
    assert overdue.escalated_at is not None
    psea = Ticket.objects.get(category="psea")
    assert list(ticket_list(actor=focal).filter(pk=psea.pk)) == [psea]
    assert not ticket_list(actor=leader).filter(pk=psea.pk).exists()
    assert not ticket_list(actor=operator).filter(pk=psea.pk).exists()
