"""Opening a case from an assessment (the screening → case path of the "Done when" story)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

import sanad.assessments.tests as assessment_tests
from sanad.assessments.services import assessment_record, instrument_version_upload
from sanad.cases.models import Case

pytestmark = pytest.mark.django_db

FORM = Path(assessment_tests.__file__).parent / "forms" / "engine_test.md"
ANSWERS = {"full_name": "Amina", "age": "30", "sex": "m", "detained": "no", "hh_size": "1"}


@pytest.fixture
def assessment(users, person, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = FORM.read_bytes()
    version = instrument_version_upload(
        actor=None, file=ContentFile(data, name=FORM.name), filename=FORM.name, system=True
    )
    return assessment_record(actor=users["caseworker"], person=person, answers=ANSWERS, version=version)


def test_open_case_from_an_assessment_links_both_ways(users, client_for, person, assessment):
    client = client_for(users["caseworker"])
    url = reverse("cases:open") + f"?person={person.uuid}&assessment={assessment.uuid}&case_type=mhpss"
    page = client.get(url)
    assert page.status_code == 200
    assert '<option value="screening" selected>' in page.content.decode()
    response = client.post(
        reverse("cases:open"),
        {
            "person": str(person.uuid),
            "assessment": str(assessment.uuid),
            "case_type": "mhpss",
            "risk_level": "medium",
            "opened_from": "screening",
            "idempotency_key": "from-assessment",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assessment.refresh_from_db()
    assert case.source_assessment == assessment and assessment.case == case
    assert list(case.assessments.all()) == [assessment]
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    # Linked to the assessment's page, named by its instrument (not its code), with a way to
    # record the next one.
    assert reverse("assessments:detail", args=[assessment.uuid]) in page
    assert assessment.instrument.name in page and str(assessment) not in page
    assert reverse("assessments:start", args=[person.uuid]) in page


def test_assessment_of_another_person_is_refused(users, client_for, person, assessment, open_case):
    from sanad.registry.models import Registration
    from sanad.registry.services import person_register

    other = person_register(
        actor=users["caseworker"],
        data={"given_name": "Other"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )
    url = reverse("cases:open") + f"?person={other.uuid}&assessment={assessment.uuid}"
    # Both records are visible to the caseworker, so the page says what is wrong (the service's
    # same-person rule, shared with the API) instead of a 404 (issue 13, item 2).
    response = client_for(users["caseworker"]).get(url)
    assert response.status_code == 400
    assert "This assessment is of another person." in response.content.decode()


def test_case_page_shows_a_sensitive_assessment_result_only_to_those_the_assessments_module_allows(
    users, client_for, open_case, person, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    phq9 = Path(assessment_tests.__file__).parents[1] / "forms" / "phq9.md"
    instrument_version_upload(
        actor=None, file=ContentFile(phq9.read_bytes(), name=phq9.name), filename=phq9.name, system=True
    )
    case = open_case("mhpss")
    answers = {f"phq9_{i}": "1" for i in range(1, 10)} | {"difficulty": "somewhat_difficult"}
    recorded = assessment_record(
        actor=users["caseworker"], person=person, instrument_code="phq9", answers=answers, case=case
    )
    assert recorded.safety_alert and recorded.sensitive
    url = reverse("cases:detail", args=[case.uuid])
    worker_page = client_for(users["caseworker"]).get(url).content.decode()
    assert 'data-testid="case-assessment"' in worker_page and "Safety alert" in worker_page
    assert f"score {recorded.score:g}" in worker_page
    # The M&E officer sees the case but not the PHQ-9's result (assessments' sensitivity rule).
    me_page = client_for(users["me_officer"]).get(url)
    assert me_page.status_code == 200
    me_page = me_page.content.decode()
    assert "Safety alert" not in me_page and f"score {recorded.score:g}" not in me_page
