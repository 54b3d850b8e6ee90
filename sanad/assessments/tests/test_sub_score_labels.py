"""Sub-scores are shown with their labels in the reader's language, never as raw field names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.assessments.services import assessment_record, instruments_load_shipped
from sanad.assessments.tests.instruments_support import INSTRUMENT_CODES, LANGUAGES, definition
from sanad.assessments.tests.test_instruments_screening import screening


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
def test_every_sub_score_of_a_shipped_instrument_has_a_label_in_each_language(code):
    loaded = definition(code)
    sub_scores = [
        node for node in loaded.fields() if node["name"].startswith("score_") and node["kind"] == "calculate"
    ]
    missing = [
        (node["name"], language)
        for node in sub_scores
        for language in LANGUAGES
        if not loaded.text(node.get("label"), language)
    ]
    assert missing == []


@pytest.mark.django_db
def test_mrrm_result_shows_the_sub_score_labels_in_arabic(users, person, client_for):
    instruments_load_shipped()
    assessment = assessment_record(
        actor=users["caseworker"],
        person=person,
        instrument_code="mrrm_screening",
        answers=screening(serious_medical="yes", food_24h="no"),
    )
    client = client_for(users["caseworker"])
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("assessments:detail", kwargs={"uuid": assessment.uuid})).content.decode()
    # The wording of the form's own Arabic result note ("عوامل حرجة: …، عوامل أخرى: …").
    assert '<dt class="col-5 col-sm-4 fw-normal">عوامل حرجة</dt>' in html
    assert '<dt class="col-5 col-sm-4 fw-normal">عوامل أخرى</dt>' in html
    assert ">critical<" not in html and ">other<" not in html
