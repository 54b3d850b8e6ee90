"""Every approval a case waits for has someone who can give it (issue 13, item 4).

The approvers a request names are the leaders of the case's team who may approve it; when there
is none, the request goes up the chain (the unit's supervisors, then the agency's administrators,
and last the system administrators) — never the person who asked. Each named approver finds the
request on My work, opens the case (200) and approves it.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sanad.cases import services
from sanad.cases.models import Case, CaseApproval, CaseStatus, CaseType
from sanad.core.models import Unit, User
from sanad.core.tests.factories import MembershipFactory, UserFactory
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db

CASE_TYPE_FOR_UNIT = {
    Unit.Kind.MHPSS: CaseType.MHPSS,
    Unit.Kind.CHILD_PROTECTION: CaseType.CHILD_PROTECTION,  # always sensitive
    Unit.Kind.HEALTH: CaseType.MEDICAL,
}
SETTINGS = [(plan, closure) for plan in (False, True) for closure in (False, True)]


@pytest.fixture
def demo(gazetteer):
    from sanad.core.services.demo import demo_seed

    demo_seed()


def _requester(unit: Unit, index: int) -> User:
    """A caseworker of the unit (in its first team, when it has one)."""
    user = UserFactory(agency=unit.agency, roles=["caseworker"], username=f"requester-{unit.pk}-{index}")
    user.units.add(unit)
    team = unit.teams.filter(is_active=True).order_by("pk").first()
    if team is not None:
        MembershipFactory(team=team, user=user, function="caseworker")
    user.forget_cached_access()
    return user


def _approve_through_the_pages(client_for, approval: CaseApproval, url_name: str, requester: User) -> list:
    """Each named approver sees the request on My work and opens the case; the first approves."""
    approvers = list(approval.approvers.all())
    assert approvers, f"nobody may approve {approval} of {approval.case.unit}"
    assert requester not in approvers
    case = approval.case
    page_url = reverse("cases:detail", kwargs={"uuid": case.uuid})
    for approver in approvers:
        client = client_for(approver)
        work = client.get(reverse("core:my_work")).content.decode()
        assert case.reference in work, (approver.username, case.unit.code)
        page = client.get(page_url)
        assert page.status_code == 200, (approver.username, case.unit.code)
        assert 'data-testid="decide-' in page.content.decode()
    response = client_for(approvers[0]).post(
        reverse(url_name, kwargs={"uuid": case.uuid}), {"decision": "approve", "comment": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return approvers


def test_every_unit_and_every_setting_has_an_approver(demo, client_for):
    admin = User.objects.get(username="admin")
    units = list(Unit.objects.filter(is_active=True).select_related("agency").order_by("pk"))
    assert len(units) >= 14
    today = timezone.localdate()
    for unit in units:
        for index, (plan_approval, closure_approval) in enumerate(SETTINGS):
            services.case_setting_save(
                actor=admin,
                unit=unit,
                plan_approval_required=plan_approval,
                closure_approval_required=closure_approval,
                high_risk_no_contact_days=7,
            )
            requester = _requester(unit, index)
            person = person_register(
                actor=requester,
                data={"given_name": f"Test{index}", "family_name": unit.code, "sex": "F"},
                registration_channel=Registration.Channel.MOBILE_TEAM,
            )
            case = services.case_open(
                actor=requester,
                person=person,
                case_type=CASE_TYPE_FOR_UNIT.get(unit.kind, CaseType.PROTECTION),
            )
            assert case.unit == unit
            services.plan_create(actor=requester, case=case, review_on=today + datetime.timedelta(days=30))
            services.goal_add(actor=requester, case=case, description="Safety restored")
            services.plan_submit(actor=requester, case=case)
            pending_plan = case.approvals.filter(kind="plan", status="pending").first()
            assert (pending_plan is not None) is plan_approval
            if pending_plan is not None:
                _approve_through_the_pages(client_for, pending_plan, "cases:plan_decide", requester)
                pending_plan.refresh_from_db()
                assert pending_plan.status == "approved"
            services.case_close_request(actor=requester, case=case, reason="goals_met")
            case.refresh_from_db()
            if not closure_approval:
                assert case.status == CaseStatus.CLOSED
                continue
            assert case.status == CaseStatus.CLOSURE_REQUESTED
            approval = case.approvals.get(kind="closure", status="pending")
            _approve_through_the_pages(client_for, approval, "cases:closure_decide", requester)
            case.refresh_from_db()
            assert case.status == CaseStatus.CLOSED, (unit.code, plan_approval, closure_approval)


def test_the_demo_mhpss_case_is_closed_by_the_approver_it_names(demo, client_for):
    psychologist = User.objects.get(username="mhpss_officer")
    case = Case.objects.get(case_type="mhpss", opened_by=psychologist)
    assert case.plans.filter(status="approved").exists()  # the demo's plan is in force
    services.service_record(
        actor=psychologist,
        person=case.person,
        case=case,
        service_type="counselling",
        modality="in_person",
        duration_minutes=50,
    )
    client = client_for(psychologist)
    url = reverse("cases:detail", kwargs={"uuid": case.uuid})
    response = client.post(reverse("cases:close", kwargs={"uuid": case.uuid}), {"reason": "goals_met"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSURE_REQUESTED
    leader = User.objects.get(username="team-leader-mhpss")
    # The case page names who must approve: the MHPSS team's leader, by name.
    page = client.get(url).content.decode()
    assert 'data-testid="approvers"' in page and leader.get_full_name() in page
    # ...and so does the message, the name isolated so that its brackets stay whole in Arabic.
    assert f"\u2068{leader.get_full_name()}\u2069 must approve it" in page
    approval = case.approvals.get(kind="closure", status="pending")
    assert list(approval.approvers.all()) == [leader]
    _approve_through_the_pages(client_for, approval, "cases:closure_decide", psychologist)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_an_administrator_named_up_the_chain_sees_only_that_case(demo, client_for):
    """The un-protection partner agency has no team leader: its administrator... has none either,
    so a system administrator is named; once decided, the case is no longer theirs to open."""
    unit = Unit.objects.get(agency__code="un-protection", code="protection")
    requester = _requester(unit, 0)
    person = person_register(
        actor=requester,
        data={"given_name": "Awa", "family_name": "Diallo", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    case = services.case_open(actor=requester, person=person, case_type=CaseType.PROTECTION)
    other = services.case_open(actor=requester, person=person, case_type=CaseType.MEDICAL)
    services.case_close_request(actor=requester, case=case, reason="goals_met")
    approval = case.approvals.get(kind="closure")
    admins = list(approval.approvers.all())
    assert [u.username for u in admins] == ["admin"]
    client = client_for(admins[0])
    assert client.get(reverse("cases:detail", kwargs={"uuid": other.uuid})).status_code == 404
    _approve_through_the_pages(client_for, approval, "cases:closure_decide", requester)
    assert client.get(reverse("cases:detail", kwargs={"uuid": case.uuid})).status_code == 404
