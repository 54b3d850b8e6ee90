"""PDM: the sample is reproducible from its seed, bounded by the recipients, answered once, summarised."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sanad.assistance.services.distributions import distribution_record
from sanad.assistance.services.pdm import pdm_draw, pdm_response_record, pdm_sample_draw, pdm_summary
from sanad.core.errors import DomainError

pytestmark = pytest.mark.django_db


@given(
    st.lists(st.integers(1, 10_000), unique=True, max_size=200), st.integers(0, 300), st.integers(0, 2**31)
)
def test_draw_is_reproducible_and_a_subset(population, size, seed):
    first = pdm_draw(population, size=size, seed=seed)
    assert first == pdm_draw(list(reversed(population)), size=size, seed=seed)
    assert len(first) == min(size, len(population)) and len(set(first)) == len(first)
    assert set(first) <= set(population)


def test_sample_of_a_distribution_and_summary(users, catalogue, rules, open_distribution, register):
    distribution = open_distribution()
    with pytest.raises(DomainError):
        pdm_sample_draw(actor=users["me_officer"], distribution=distribution, size=3)
    for i in range(8):
        distribution_record(
            actor=users["caseworker"],
            distribution=distribution,
            person=register(given_name=f"P{i}"),
            items={catalogue.hygiene: 1},
        )
    sample = pdm_sample_draw(actor=users["me_officer"], distribution=distribution, size=3, seed=42)
    again = pdm_sample_draw(actor=users["me_officer"], distribution=distribution, size=3, seed=42)
    assert list(sample.members.values_list("person_id", flat=True)) == list(
        again.members.values_list("person_id", flat=True)
    )
    assert sample.population == 8 and sample.size == 3

    members = list(sample.members.all())
    pdm_response_record(actor=users["caseworker"], member=members[0], satisfaction=5, appropriate=True)
    pdm_response_record(
        actor=users["caseworker"],
        member=members[1],
        satisfaction=2,
        appropriate=False,
        problems=["quantity", "waiting"],
        complaint_raised=True,
    )
    with pytest.raises(DomainError):
        pdm_response_record(actor=users["caseworker"], member=members[0], satisfaction=4, appropriate=True)
    with pytest.raises(ValidationError):
        pdm_response_record(actor=users["caseworker"], member=members[2], satisfaction=6, appropriate=True)
    summary = pdm_summary(sample)
    assert summary["answered"] == 2 and summary["satisfaction_average"] == 3.5
    assert summary["satisfied_percent"] == 50 and summary["appropriate_percent"] == 50
    assert summary["complaints"] == 1
    assert {label for label, _n, _share in summary["problems"]} == {"Not enough", "Long waiting time"}


def test_summary_reads_the_assessments_pdm_survey(
    users, client_for, catalogue, rules, open_distribution, register
):
    from django.urls import reverse

    from sanad.assessments.services import assessment_record, instruments_load_shipped

    instruments_load_shipped()
    distribution = open_distribution()
    people = [register(given_name=f"S{i}") for i in range(3)]
    for person in people:
        distribution_record(
            actor=users["caseworker"], distribution=distribution, person=person, items={catalogue.hygiene: 1}
        )
    sample = pdm_sample_draw(actor=users["team_leader"], distribution=distribution, size=2, seed=7)
    first, second = (m.person for m in sample.members.all())
    base = {
        "received": ["hygiene"],
        "received_all": "yes",
        "informed_in_advance": "yes",
        "waiting_time": "under_30",
        "timeliness": "on_time",
        "quantity": "enough",
        "quality": "good",
        "sold_items": "no",
        "safe_travel": "yes",
        "safe_at_site": "yes",
        "treated_respectfully": "yes",
        "asked_payment": "no",
        "aware_channels": ["helpline"],
    }
    assessment_record(
        actor=users["caseworker"],
        person=first,
        instrument_code="pdm",
        answers={
            **base,
            "appropriate": "all",
            "problems": ["none"],
            "satisfaction": "5",
            "complaint_raised": "no",
        },
    )
    assessment_record(
        actor=users["caseworker"],
        person=second,
        instrument_code="pdm",
        answers={
            **base,
            "appropriate": "some",
            "problems": ["long_wait", "items_missing"],
            "satisfaction": "2",
            "complaint_raised": "yes",
            "complaint_answered": "no",
        },
    )
    summary = pdm_summary(sample)
    assert summary["answered"] == 2 and summary["satisfaction_average"] == 3.5
    assert summary["appropriate_percent"] == 50 and summary["complaints"] == 1
    assert {label for label, _n, _s in summary["problems"]} == {"Long wait", "Items missing"}

    page = client_for(users["caseworker"]).get(
        reverse("assistance:distribution_pdm", args=[distribution.uuid, sample.uuid])
    )
    assert page.status_code == 200 and page.context["summary"]["answered"] == 2
