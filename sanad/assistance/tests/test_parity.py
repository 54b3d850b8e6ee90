"""Web/API parity of the assistance writes that name another record (issue 13, item 2): recording
what a person or household received at a distribution, creating a distribution from a store,
receiving stock into a store. The rules live in the services; the pages and the API only resolve
the references.

Reviewed table (written from the rules, before the code was changed):

| write    | bad reference                                        | rule          | page | API  |
|----------|------------------------------------------------------|---------------|------|------|
| receipt  | person with a household not theirs                   | consistency   | n/a  | 400 hh |
| receipt  | person outside the actor's scope (another agency)    | out of scope  | 404  | 404  |
| receipt  | distribution of another team (may not record there)  | out of scope  | 404  | 404  |
| create   | store outside the actor's scope (another team's van) | out of scope  | 400* | n/a  |
| receive  | store the actor may not manage                       | missing right | 403  | 403  |

(*) the page offers only the stores the actor may issue from, so another one is a form error; the
service refuses it itself (404) for any other caller. The receipt page takes a person only (the
household is the person's own), so the household rule has no page counterpart. Nothing is written
on any refusal.

Post-distribution monitoring answers (``pdm_response_record``; issue 13, item 2, continued). The
answers have no API: the page and the service (any other caller) are compared.

| write       | bad reference                                   | rule          | page    | service          |
|-------------|-------------------------------------------------|---------------|---------|------------------|
| PDM answers | a sample of another team's distribution         | out of scope  | 404     | Http404          |
| PDM answers | a distribution the actor sees, not recordable   | missing right | 403 (*) | PermissionDenied |
| PDM answers | a sampled person out of the actor's scope       | out of scope  | n/a (+) | Http404          |

(*) it was 404. (+) the page reaches a sample only through a distribution the actor sees.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from sanad.assistance.models import Distribution, DistributionReceipt, StockMovement
from sanad.assistance.services.distributions import distribution_create, distribution_record
from sanad.assistance.services.stock import stock_receive

pytestmark = pytest.mark.django_db


def _receipts_url(distribution) -> str:
    return f"/api/v1/distributions/{distribution.uuid}/receipts/"


def test_a_person_recorded_with_a_household_not_theirs_is_refused(
    users, api_client_for, open_distribution, register, household, catalogue, rules
):
    distribution = open_distribution()
    someone = register(given_name="Halima")
    other_household = household(3)
    response = api_client_for(users["caseworker"]).post(
        _receipts_url(distribution),
        {"person": str(someone.uuid), "household": str(other_household.uuid), "items": {"hygiene_kit": 1}},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "household" in response.json()["error"]["fields"]
    assert DistributionReceipt.objects.count() == 0
    with pytest.raises(ValidationError) as error:
        distribution_record(
            actor=users["caseworker"],
            distribution=distribution,
            person=someone,
            household=other_household,
            items={catalogue.hygiene: 1},
        )
    assert "household" in error.value.message_dict


def test_a_person_outside_the_scope_is_404_on_both(
    users, other_agency_users, client_for, api_client_for, open_distribution, catalogue, rules
):
    distribution = open_distribution()
    from sanad.registry.services import person_register

    stranger = person_register(
        actor=other_agency_users["caseworker"],
        data={"given_name": "Farah"},
        registration_channel="mobile_team",
    )
    worker = users["caseworker"]
    api = api_client_for(worker).post(
        _receipts_url(distribution),
        {"person": str(stranger.uuid), "items": {"hygiene_kit": 1}},
        format="json",
    )
    assert api.status_code == 404
    page = client_for(worker).post(
        reverse("assistance:distribution_record", args=[distribution.uuid]),
        {"person": str(stranger.uuid), "item": [str(catalogue.hygiene.uuid)]},
    )
    assert page.status_code == 404
    with pytest.raises(Http404):
        distribution_record(
            actor=worker, distribution=distribution, person=stranger, items={catalogue.hygiene: 1}
        )
    assert DistributionReceipt.objects.count() == 0


def test_another_teams_distribution_is_404_on_both(
    users, other_team_users, client_for, api_client_for, open_distribution, register, catalogue, rules
):
    distribution = open_distribution()  # team A's
    person = register()
    outsider = other_team_users["caseworker"]
    api = api_client_for(outsider).post(
        _receipts_url(distribution), {"person": str(person.uuid), "items": {"hygiene_kit": 1}}, format="json"
    )
    assert api.status_code == 404
    page = client_for(outsider).post(
        reverse("assistance:distribution_record", args=[distribution.uuid]),
        {"person": str(person.uuid), "item": [str(catalogue.hygiene.uuid)]},
    )
    assert page.status_code == 404
    with pytest.raises(Http404):
        distribution_record(
            actor=outsider, distribution=distribution, person=person, items={catalogue.hygiene: 1}
        )
    assert DistributionReceipt.objects.count() == 0


def test_a_distribution_from_a_store_outside_the_scope_is_refused(users, org, client_for, stores):
    leader = users["team_leader"]  # distributions.manage: team A; team B's van is not theirs
    before = Distribution.objects.count()
    page = client_for(leader).post(
        reverse("assistance:distribution_create"),
        {
            "title": "Round",
            "date": "2026-11-20",
            "modality": "individual",
            "store": str(stores.other_team.uuid),
            "team": str(org.team.uuid),
            "idempotency_key": "k1",
        },
    )
    assert page.status_code == 400
    with pytest.raises(Http404):
        distribution_create(
            actor=leader,
            title="Round",
            date=org_date(),
            modality="individual",
            store=stores.other_team,
            team=org.team,
        )
    assert Distribution.objects.count() == before


def test_receiving_into_a_store_needs_the_right_to_manage_it(
    users, client_for, api_client_for, stores, catalogue
):
    leader = users["team_leader"]  # sees the team's van (stock.view), may not manage stock
    before = StockMovement.objects.count()
    api = api_client_for(leader).post(
        "/api/v1/stock-movements/",
        {"store": str(stores.team.uuid), "item": "blanket", "quantity": 5},
        format="json",
    )
    assert api.status_code == 403
    page = client_for(leader).post(
        reverse("assistance:stock_receive", args=[stores.team.uuid]), {"receive-item": "x"}
    )
    assert page.status_code == 403
    with pytest.raises(PermissionDenied):
        stock_receive(actor=leader, store=stores.team, item=catalogue.blanket, quantity=5)
    assert StockMovement.objects.count() == before


def org_date():
    import datetime

    return datetime.date(2026, 11, 20)


# ---------------------------------------------------------------------------------------------
# PDM answers (issue 13, item 2, continued)
# ---------------------------------------------------------------------------------------------
PDM_ANSWERS = {"satisfaction": "4", "appropriate": "yes", "comment": "ok"}


@pytest.fixture
def sampled(users, open_distribution, register, catalogue, rules):
    from sanad.assistance.services.pdm import pdm_sample_draw

    distribution = open_distribution()
    for name in ("Amina", "Halima"):
        distribution_record(
            actor=users["caseworker"],
            distribution=distribution,
            person=register(given_name=name),
            items={catalogue.hygiene: 1},
        )
    sample = pdm_sample_draw(actor=users["me_officer"], distribution=distribution, size=2, seed=7)
    return distribution, sample, sample.members.order_by("position").first()


def _pdm_post(client, distribution, sample, member):
    url = reverse("assistance:distribution_pdm", args=[distribution.uuid, sample.uuid])
    return client.post(url, {**PDM_ANSWERS, "member": str(member.person.uuid)})


def test_pdm_answers_for_another_teams_distribution_are_404_on_both(
    users, other_team_users, client_for, sampled
):
    from sanad.assistance.models import PdmResponse
    from sanad.assistance.services.pdm import pdm_response_record

    distribution, sample, member = sampled
    outsider = other_team_users["caseworker"]
    assert _pdm_post(client_for(outsider), distribution, sample, member).status_code == 404
    with pytest.raises(Http404):
        pdm_response_record(actor=outsider, member=member, satisfaction=4, appropriate=True)
    assert PdmResponse.objects.count() == 0


def test_pdm_answers_need_the_right_to_record_at_the_distribution(users, client_for, sampled):
    from sanad.assistance.models import PdmResponse
    from sanad.assistance.services.pdm import pdm_response_record

    distribution, sample, member = sampled
    officer = users["me_officer"]  # sees the agency's distributions, records at none
    assert _pdm_post(client_for(officer), distribution, sample, member).status_code == 403
    with pytest.raises(PermissionDenied):
        pdm_response_record(actor=officer, member=member, satisfaction=4, appropriate=True)
    assert PdmResponse.objects.count() == 0
    # The caseworker who may record there succeeds: the refusals above are about the actor.
    response = _pdm_post(client_for(users["caseworker"]), distribution, sample, member)
    assert response.status_code == 302 and PdmResponse.objects.count() == 1


def test_pdm_answers_about_a_person_out_of_scope_are_404(users, other_agency_users, sampled):
    from sanad.assistance.models import PdmResponse
    from sanad.assistance.services.pdm import pdm_response_record

    _distribution, _sample, member = sampled
    with pytest.raises(Http404):
        pdm_response_record(
            actor=other_agency_users["caseworker"], member=member, satisfaction=4, appropriate=True
        )
    assert PdmResponse.objects.count() == 0
