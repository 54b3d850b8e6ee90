"""Every case write page: a role without case rights gets 403, a caseworker or team leader of
another agency gets 404 (the case is not theirs to see), and neither changes anything."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from sanad.cases.models import Case
from sanad.core.models import AuditEvent
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import REVIEWED, assert_role_matrix, may

pytestmark = pytest.mark.django_db

CASE_WRITES = (
    "update",
    "start_assessment",
    "plan_create",
    "goal_add",
    "action_add",
    "plan_submit",
    "plan_decide",
    "followup_create",
    "note_add",
    "close",
    "closure_decide",
    "reopen",
    "consent_record",
    "transfer",
    "bid_record",
)
# Pages about one part of the case: the part's uuid does not matter to a refused user.
PART_WRITES = {
    "action_complete": "action_uuid",
    "action_remove": "action_uuid",
    "goal_remove": "goal_uuid",
    "goal_achieve": "goal_uuid",
    "followup_complete": "followup_uuid",
    "followup_cancel": "followup_uuid",
    "consent_withdraw": "consent_uuid",
}


# Decisions need their own action before the case is even looked up.
APPROVALS = ("plan_decide", "closure_decide")


def _urls(case: Case) -> list[tuple[str, str]]:
    """(page name, url) of every write page of ``case``."""
    urls = [(name, reverse(f"cases:{name}", args=[case.uuid])) for name in CASE_WRITES]
    urls += [
        (name, reverse(f"cases:{name}", kwargs={"uuid": case.uuid, part: uuid.uuid4()}))
        for name, part in PART_WRITES.items()
    ]
    return urls


def _unchanged(case: Case, audit_before: int) -> bool:
    fresh = Case.objects.get(pk=case.pk)
    return AuditEvent.objects.count() == audit_before and fresh.updated_at == case.updated_at


def test_roles_without_case_rights_get_403_and_nothing_changes(users, client_for, open_case):
    case = open_case()
    case.refresh_from_db()
    with_rights = set(REVIEWED["cases.view"]) | set(REVIEWED["cases.open"])
    refused = [role for role in ALL_ROLES if role not in with_rights]
    assert refused, "some role has no case rights"
    for role in refused:
        client = client_for(users[role])
        for _name, url in _urls(case):
            before = AuditEvent.objects.count()
            assert client.post(url, {}).status_code == 403, (role, url)
            assert _unchanged(case, before), (role, url)


def test_case_roles_of_another_agency_get_404_and_nothing_changes(other_agency_users, client_for, open_case):
    case = open_case()
    case.refresh_from_db()
    for role in ("caseworker", "team_leader", "protection_caseworker"):
        user = other_agency_users[role]
        client = client_for(user)
        for name, url in _urls(case):
            expected = 403 if name in APPROVALS and not may(user, "cases.approve") else 404
            before = AuditEvent.objects.count()
            assert client.post(url, {}).status_code == expected, (role, url)
            assert _unchanged(case, before), (role, url)


def test_focal_point_removal_and_service_recording_refuse_roles_without_the_action(users, client_for):
    pages = (
        (reverse("cases:focal_point_remove", args=[uuid.uuid4()]), "cases.focal_points"),
        (reverse("cases:service_record"), "services.record"),
        (reverse("cases:settings"), "cases.configure"),
    )
    for url, action in pages:
        for role in ALL_ROLES:
            if role in REVIEWED[action]:
                continue
            before = AuditEvent.objects.count()
            assert client_for(users[role]).post(url, {}).status_code == 403, (role, url)
            assert AuditEvent.objects.count() == before, (role, url)


def test_case_grants_are_the_reviewed_ones():
    """The case rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("cases", "services")
