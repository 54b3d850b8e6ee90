"""Demo cases: created once, of several types, one follow-up overdue, a closure waiting."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sanad.cases.demo import CASES, demo_seed_cases
from sanad.cases.models import Case, CaseApproval, FollowUp
from sanad.registry.demo import demo_seed_people

pytestmark = pytest.mark.django_db


def test_demo_cases_are_seeded_once(make_user, org):
    make_user("caseworker", username="caseworker")
    make_user("team_leader", username="team_leader")
    make_user("protection_caseworker", username="protection_caseworker", sensitive=True)
    make_user("mhpss_officer", username="mhpss_officer", sensitive=True)
    demo_seed_people()
    assert demo_seed_cases() == len(CASES)
    assert demo_seed_cases() == 0
    assert Case.objects.count() == len(CASES)
    assert set(Case.objects.values_list("case_type", flat=True)) == {
        "mhpss",
        "protection",
        "gbv",
        "child_protection",
    }
    assert FollowUp.objects.filter(status="pending", due_at__lt=timezone.now()).count() == 1
    assert CaseApproval.objects.filter(status="pending", kind="closure").count() == 1
    assert Case.objects.get(case_type="child_protection").bids.count() == 1


def test_demo_cases_are_dated_back_so_supervision_has_something_to_show(make_user, org):
    make_user("caseworker", username="caseworker")
    leader = make_user("team_leader", username="team_leader")
    demo_seed_people()
    demo_seed_cases()
    from sanad.cases.selectors import supervision_summary

    now = timezone.now()
    for case in Case.objects.all():
        assert case.opened_at < now - timezone.timedelta(days=4)
        history = list(case.status_changes.order_by("at", "pk").values_list("at", flat=True))
        assert history[0] == case.opened_at and history == sorted(history)
        for service in case.services.all():
            assert case.opened_at <= service.delivered_at <= now
            assert case.last_contact_at == service.delivered_at
    stale = supervision_summary(actor=leader, team=org.team)["high_risk"]
    assert [c.case_type for c in stale] == ["gbv"]
