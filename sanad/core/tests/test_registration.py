"""App registration: person-page sections, My work and timeline providers and demo seeders are
declared on the apps' configs, and the pages and the demo use exactly what is declared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from sanad.core.permissions import ALL_ROLES, has_permission
from sanad.core.registration import DemoSeeder, declared, demo_seeders, resolve
from sanad.registry.models import Registration
from sanad.registry.services import person_register

SANAD = Path(__file__).resolve().parents[2]


@pytest.fixture
def person(users):
    return person_register(
        actor=users["caseworker"],
        data={"given_name": "Amina", "family_name": "Yusuf", "sex": "F"},
        registration_channel=Registration.Channel.MOBILE_TEAM,
    )


def _expected_sections(user) -> list[str]:
    """The rule the person page followed when it included each module's card by name."""
    expected = []
    if has_permission(user, "assessments.view"):
        expected.append("assessments")
    if any(has_permission(user, a) for a in ("cases.view", "cases.open", "services.record")):
        expected.append("cases")
    if has_permission(user, "referrals.view"):
        expected.append("referrals")
    return expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_person_page_shows_the_same_sections_in_the_same_order_for_each_role(role, users, person, client_for):
    user = users[role]
    if not has_permission(user, "persons.view"):
        pytest.skip("this role has no person page")
    response = client_for(user).get(reverse("registry:person_detail", args=[person.uuid]))
    if response.status_code == 404:
        pytest.skip("the person is out of this role's scope")
    html = response.content.decode()
    shown = re.findall(r'<section class="card mb-3" id="(assessments|cases|referrals)"', html)
    assert shown == _expected_sections(user)


def test_the_person_page_names_no_other_modules_template():
    template = (SANAD / "registry/templates/registry/person_detail.html").read_text(encoding="utf-8")
    included = re.findall(r'{%\s*include\s+"([^"/]+)/', template)
    assert set(included) <= {"includes", "registry"}


def test_sections_are_declared_in_order_and_resolve():
    sections = sorted(declared("person_sections"), key=lambda section: section.order)
    assert [section.name for section in sections] == ["assessments", "cases", "referrals"]
    for section in sections:
        assert callable(resolve(section.context))


def test_every_provider_resolves():
    for provider in [*declared("work_providers"), *declared("timeline_providers")]:
        assert callable(resolve(provider)), provider
    assert "sanad.registry.timeline.registry_entries" in list(declared("timeline_providers"))


def test_demo_seeders_run_after_what_they_build_on():
    assert [seeder.run for seeder in demo_seeders()] == [
        "sanad.registry.demo.demo_seed_people",
        "sanad.dtm.demo.demo_seed_dtm",
        "sanad.assessments.demo.demo_seed_assessments",
        "sanad.cases.demo.demo_seed_cases",
        "sanad.referrals.demo.demo_seed_referrals",
        "sanad.assistance.demo.demo_seed_assistance",
        "sanad.feedback.demo.demo_seed_feedback",
    ]


def test_a_seeder_declared_first_still_waits_for_what_it_names(monkeypatch):
    geo = apps.get_app_config("geo")
    monkeypatch.setattr(geo, "demo_seeder", DemoSeeder("geo.seed", after=("feedback",)))
    order = [seeder.run for seeder in demo_seeders()]
    assert order.index("geo.seed") == order.index("sanad.feedback.demo.demo_seed_feedback") + 1


def test_seeders_waiting_for_each_other_or_a_missing_app_are_refused(monkeypatch):
    registry = apps.get_app_config("registry")
    monkeypatch.setattr(registry, "demo_seeder", DemoSeeder("registry.seed", after=("cases",)))
    with pytest.raises(ValueError, match="wait for each other"):
        demo_seeders()
    monkeypatch.setattr(registry, "demo_seeder", DemoSeeder("registry.seed", after=("nowhere",)))
    with pytest.raises(LookupError):
        demo_seeders()
