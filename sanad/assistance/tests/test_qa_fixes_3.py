"""Fixes found walking the module: entitlement rules named in the reader's language, the "Issue
stock" list limited to what the distribution's store holds, and a PDM interviewer brought back
to the sample after recording a survey."""

from __future__ import annotations

import importlib

import pytest
from django.urls import reverse

from sanad.assistance.demo import RULE_NAMES
from sanad.assistance.models import EntitlementRule
from sanad.assistance.selectors import items_in_store
from sanad.assistance.services.distributions import (
    distribution_create,
    distribution_open,
    distribution_record,
)
from sanad.assistance.services.entitlements import entitlement_rule_create
from sanad.assistance.services.pdm import pdm_sample_draw
from sanad.assistance.services.stock import stock_receive
from sanad.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _get(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


# --- 1. Entitlement rules named in English, Arabic and French --------------------------------
def test_rule_name_follows_the_readers_language_with_english_fallback(users, client_for, catalogue):
    entitlement_rule_create(
        actor=users["logistics_officer"],
        name_en="Blanket every winter",
        name_ar="بطانية كل شتاء",
        name_fr="Couverture chaque hiver",
        item=catalogue.blanket,
        basis="person",
    )
    entitlement_rule_create(
        actor=users["logistics_officer"], name_en="Soap monthly", item=catalogue.soap, basis="person"
    )
    client = client_for(users["logistics_officer"])
    url = reverse("assistance:entitlement_rules")
    arabic = _get(client, url, "ar").content.decode()
    assert "بطانية كل شتاء" in arabic and "Blanket every winter" not in arabic
    assert "Soap monthly" in arabic  # no Arabic name: English
    french = _get(client, url, "fr").content.decode()
    assert "Couverture chaque hiver" in french and "Soap monthly" in french
    english = _get(client, url, "en").content.decode()
    assert "Blanket every winter" in english and "Couverture chaque hiver" not in english


def test_rule_form_takes_three_names_and_requires_english(users, client_for, catalogue):
    client = client_for(users["logistics_officer"])
    url = reverse("assistance:entitlement_rules")
    form = client.get(url).context["form"]
    assert {"name_en", "name_ar", "name_fr"} <= set(form.fields) and "name" not in form.fields
    data = {
        "name_en": "",
        "name_ar": "بطانية",
        "name_fr": "Couverture",
        "item": str(catalogue.blanket.uuid),
        "basis": "person",
        "quantity": "1",
        "period_days": "30",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "name_en" in refused.context["form"].errors
    assert not EntitlementRule.objects.exists()
    response = client.post(url, {**data, "name_en": " Blanket "})
    assert response.status_code == 302
    rule = EntitlementRule.objects.get()
    assert (rule.name_en, rule.name_ar, rule.name_fr) == ("Blanket", "بطانية", "Couverture")
    event = AuditEvent.objects.get(action="assistance.entitlement_rule.create")
    assert event.changes["names"] == [None, ["Blanket", "بطانية", "Couverture"]]


def test_migration_backfills_untranslated_demo_rules_only(catalogue):
    migration = importlib.import_module(
        "sanad.assistance.migrations.0003_entitlement_rule_names_in_three_languages"
    )
    hygiene_en = "Hygiene kit: one per person every 30 days"
    blanket_en = "Blanket: one per person every 180 days"
    untouched = EntitlementRule.objects.create(name_en=hygiene_en, item=catalogue.hygiene)
    translated = EntitlementRule.objects.create(
        name_en=blanket_en, name_ar="اسم كتبه أحدهم", item=catalogue.blanket
    )
    custom = EntitlementRule.objects.create(name_en="Our own rule", item=catalogue.soap)
    from django.apps import apps

    migration.name_demo_rules(apps, None)
    for rule in (untouched, translated, custom):
        rule.refresh_from_db()
    assert (untouched.name_ar, untouched.name_fr) == (
        RULE_NAMES[hygiene_en]["name_ar"],
        RULE_NAMES[hygiene_en]["name_fr"],
    )
    assert (translated.name_ar, translated.name_fr) == ("اسم كتبه أحدهم", "")
    assert (custom.name_ar, custom.name_fr) == ("", "")
    # The migration's snapshot and the seeder's names agree.
    assert {en: (ar, fr) for en, ar, fr in migration.DEMO_RULE_NAMES} == {
        en: (n["name_ar"], n["name_fr"]) for en, n in RULE_NAMES.items()
    }


# --- 2. "Issue stock" lists only what the distribution's store holds --------------------------
def test_issue_stock_lists_only_items_held_by_the_store(users, org, client_for, stores, catalogue):
    stock_receive(
        actor=users["logistics_officer"], store=stores.team, item=catalogue.blanket, quantity=5, batch="A"
    )
    stock_receive(
        actor=users["logistics_officer"], store=stores.team, item=catalogue.blanket, quantity=3, batch="B"
    )
    # The warehouse holds soap, the team store does not.
    stock_receive(actor=users["logistics_officer"], store=stores.warehouse, item=catalogue.soap, quantity=9)
    distribution = distribution_open(
        actor=users["team_leader"],
        distribution=distribution_create(
            actor=users["team_leader"],
            title="Blankets",
            date=__import__("datetime").date.today(),
            modality="individual",
            store=stores.team,
            team=org.team,
        ),
    )
    assert [(i.code, i.on_hand) for i in items_in_store(actor=users["team_leader"], store=stores.team)] == [
        ("blanket", 8)
    ]
    page = client_for(users["team_leader"]).get(
        reverse("assistance:distribution_detail", args=[distribution.uuid])
    )
    assert [i.code for i in page.context["issuable_items"]] == ["blanket"]
    html = page.content.decode()
    select = html.split('data-testid="issue-item"', 1)[1].split("</select>", 1)[0]
    assert str(catalogue.blanket.uuid) in select and "(8 in the store)" in select
    assert str(catalogue.soap.uuid) not in select and str(catalogue.hygiene.uuid) not in select


def test_issue_stock_says_so_when_the_store_is_empty(users, client_for, open_distribution):
    distribution = open_distribution(stock=0)
    page = client_for(users["team_leader"]).get(
        reverse("assistance:distribution_detail", args=[distribution.uuid])
    )
    html = page.content.decode()
    assert page.context["issuable_items"] == []
    assert 'data-testid="issue-none"' in html and "holds no stock to issue" in html
    assert 'data-testid="issue-item"' not in html


# --- 3. Back to the PDM sample after recording the survey -------------------------------------
PDM_ANSWERS = {
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
    "appropriate": "all",
    "problems": ["none"],
    "satisfaction": "5",
    "complaint_raised": "no",
}


def _posted(answers: dict) -> dict:
    """The web form's field names (``q-<question>``) for the answers."""
    return {f"q-{name}": value for name, value in answers.items()}


@pytest.fixture
def pdm_page(users, catalogue, rules, open_distribution, register):
    from sanad.assessments.services import instruments_load_shipped

    instruments_load_shipped()
    distribution = open_distribution()
    person = register(given_name="Survey")
    distribution_record(
        actor=users["caseworker"], distribution=distribution, person=person, items={catalogue.hygiene: 1}
    )
    sample = pdm_sample_draw(actor=users["team_leader"], distribution=distribution, size=1, seed=3)
    return reverse("assistance:distribution_pdm", args=[distribution.uuid, sample.uuid]), person


def test_recording_the_survey_from_the_sample_returns_to_the_sample(users, client_for, pdm_page):
    sample_url, person = pdm_page
    client = client_for(users["caseworker"])
    page = client.get(sample_url).content.decode()
    link = page.split('data-testid="pdm-survey-link"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    assert link.endswith(f"?next={sample_url}")
    form = client.get(link.replace("&amp;", "&"))
    assert f'name="next" value="{sample_url}"' in form.content.decode()
    key = form.context["idempotency_key"]
    response = client.post(
        link, {**_posted(PDM_ANSWERS), "idempotency_key": key, "next": sample_url}, follow=True
    )
    assert response.redirect_chain[-1][0] == sample_url
    assert "The assessment was saved." in [str(m) for m in response.context["messages"]]
    assert person.pk in response.context["answered_ids"]


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_an_unsafe_next_is_ignored(users, client_for, pdm_page, target):
    _sample_url, person = pdm_page
    client = client_for(users["caseworker"])
    url = reverse("assessments:record", args=[person.uuid, "pdm"])
    form = client.get(url, {"next": target})
    assert form.context["next"] == ""
    assert '<input type="hidden" name="next"' not in form.content.decode()
    response = client.post(url, {**_posted(PDM_ANSWERS), "idempotency_key": "k-unsafe", "next": target})
    assert response.status_code == 302
    assert response.url.startswith("/") and "evil" not in response.url and "/assessments/" in response.url
