"""After an upgrade, an approval requested before approvers were named (migration 0006) is routed
through the same escalation chain as a new one: whoever it names finds it on My work, opens the
case and decides it. Running the re-route again changes nothing.

The expected approver comes from the demo's data, not from the code under test: the un-protection
partner agency has no team leader and no administrator who may approve, so the installation's
administrator ("admin") is the only one who can.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from sanad.cases import services
from sanad.cases.models import CaseApproval, CaseStatus, CaseType
from sanad.cases.services.approvals import case_approvals_reroute
from sanad.cases.tests.test_approvals import _requester
from sanad.core.models import AuditEvent, Unit, User
from sanad.registry.models import Registration
from sanad.registry.services import person_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(gazetteer):
    from sanad.core.services.demo import demo_seed

    demo_seed()


def _pre_upgrade_closure(unit: Unit) -> CaseApproval:
    """A closure requested by a caseworker of ``unit``, as an earlier version left it: pending,
    naming nobody."""
    requester = _requester(unit, 0)
    person = person_register(
        actor=requester,
        data={"given_name": "Awa", "family_name": "Diallo", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    case = services.case_open(actor=requester, person=person, case_type=CaseType.PROTECTION)
    services.case_close_request(actor=requester, case=case, reason="goals_met")
    approval = case.approvals.get(kind="closure", status="pending")
    approval.approvers.clear()
    CaseApproval.objects.filter(pk=approval.pk).update(routed_to="")
    return approval


def _sees(client, case) -> tuple[bool, int]:
    work = client.get(reverse("core:my_work")).content.decode()
    page = client.get(reverse("cases:detail", kwargs={"uuid": case.uuid}))
    return case.reference in work, page.status_code


def test_an_old_pending_approval_reaches_the_approver_the_chain_names(demo, client_for):
    approval = _pre_upgrade_closure(Unit.objects.get(agency__code="un-protection", code="protection"))
    case = approval.case
    admin = User.objects.get(username="admin")
    client = client_for(admin)
    # Before: the only person who could decide neither sees the case nor has it on My work.
    assert _sees(client, case) == (False, 404)

    routed, unrouted = case_approvals_reroute()

    assert [a.pk for a in routed] == [approval.pk] and unrouted == []
    approval.refresh_from_db()
    assert [u.username for u in approval.approvers.all()] == ["admin"]
    assert approval.routed_to == "system_administrators"
    assert _sees(client, case) == (True, 200)
    response = client.post(
        reverse("cases:closure_decide", kwargs={"uuid": case.uuid}), {"decision": "approve", "comment": ""}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    approval.refresh_from_db()
    assert approval.status == "approved" and approval.decided_by == admin


def test_the_reroute_runs_twice_without_changing_anything(demo):
    approval = _pre_upgrade_closure(Unit.objects.get(agency__code="un-protection", code="protection"))
    # A request made by this version keeps the approvers it named.
    leader_case_approval = _pre_upgrade_closure(Unit.objects.filter(teams__isnull=False).first())
    leader_case_approval.approvers.set([User.objects.get(username="admin")])

    routed, _ = case_approvals_reroute()
    assert [a.pk for a in routed] == [approval.pk]
    assert list(leader_case_approval.approvers.values_list("username", flat=True)) == ["admin"]
    events = AuditEvent.objects.filter(action="cases.approval.reroute").count()
    assert events == 1
    before = {
        a.pk: (a.routed_to, sorted(a.approvers.values_list("pk", flat=True)))
        for a in CaseApproval.objects.all()
    }

    assert case_approvals_reroute() == ([], [])

    after = {
        a.pk: (a.routed_to, sorted(a.approvers.values_list("pk", flat=True)))
        for a in CaseApproval.objects.all()
    }
    assert after == before
    assert AuditEvent.objects.filter(action="cases.approval.reroute").count() == events


def test_migrate_and_the_command_reroute_what_was_left(demo, client_for):
    """The documented path: ``sanad migrate`` re-routes on its own; ``sanad reroute_pending`` says
    what it did and, run again, that nothing was left."""
    from io import StringIO

    approval = _pre_upgrade_closure(Unit.objects.get(agency__code="un-protection", code="protection"))
    call_command("migrate", verbosity=0, interactive=False)
    assert [u.username for u in approval.approvers.all()] == ["admin"]

    approval.approvers.clear()
    out = StringIO()
    call_command("reroute_pending", stdout=out)
    assert "Pending approvals given approvers: 1" in out.getvalue()
    assert [u.username for u in approval.approvers.all()] == ["admin"]
    out = StringIO()
    call_command("reroute_pending", stdout=out)
    assert "Pending approvals given approvers: 0" in out.getvalue()
    assert "Pending approvals nobody may decide: 0" in out.getvalue()


def test_an_approval_nobody_may_decide_is_reported_not_hidden(demo):
    approval = _pre_upgrade_closure(Unit.objects.get(agency__code="un-protection", code="protection"))
    User.objects.filter(username="admin").update(is_active=False)
    User.objects.filter(roles__code="system_admin").update(is_active=False)

    routed, unrouted = case_approvals_reroute()

    assert routed == [] and [a.pk for a in unrouted] == [approval.pk]
    assert not approval.approvers.exists()
