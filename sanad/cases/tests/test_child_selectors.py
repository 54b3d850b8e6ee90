"""The selectors of a case's children take the user and answer 404 to one who may not see the
case, however the case object was obtained; a case fetched for the user costs no second query."""

from __future__ import annotations

import pytest
from django.http import Http404

from sanad.cases.models import Case
from sanad.cases.selectors import (
    case_consents,
    case_current_plan,
    case_followups,
    case_get,
    case_notes,
    case_pending_approval,
    case_status_history,
    plan_goals,
)
from sanad.cases.services.notes import note_add

pytestmark = pytest.mark.django_db

CHILDREN = [case_notes, case_followups, case_status_history, case_consents, case_current_plan]


@pytest.mark.parametrize("selector", CHILDREN, ids=lambda f: f.__name__)
def test_a_user_who_may_not_see_the_case_gets_404(selector, users, other_agency_users, open_case):
    case = Case.objects.get(pk=open_case().pk)  # not fetched through a scoped selector
    with pytest.raises(Http404):
        selector(user=other_agency_users["caseworker"], case=case)
    with pytest.raises(Http404):
        selector(user=None, case=case)


def test_the_owner_reads_the_children_and_a_fetched_case_costs_no_further_check(
    users, open_case, django_assert_num_queries
):
    owner = users["caseworker"]
    case = open_case()
    note_add(actor=owner, case=case, text="First visit")
    # A case from elsewhere is checked once against the user's scope, then remembered.
    plain = Case.objects.get(pk=case.pk)
    assert [n.body for n in case_notes(user=owner, case=plain)] == ["First visit"]
    fetched = case_get(actor=owner, uuid=case.uuid)
    with django_assert_num_queries(0):
        case_notes(user=owner, case=fetched)
    assert case_pending_approval(user=owner, case=fetched) is None
    assert list(plan_goals(user=owner, plan=None)) == []
