"""Sensitivity by result (a disclosure of violence or trafficking) and the flags that need a
protection worker's confirmation: services, visibility, pages, API, My work, the backfill."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from sanad.assessments.flag_services import flag_proposal_decide
from sanad.assessments.models import Assessment, Domain, FlagProposal
from sanad.assessments.selectors import assessment_get, assessment_list, flag_proposals_pending_for
from sanad.assessments.services import assessment_record
from sanad.assessments.tests.conftest import answers, form_text, upload_form
from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.core.permissions import ALL_ROLES, Scope
from sanad.core.tests.role_matrix import REVIEWED
from sanad.core.work import work_items_for
from sanad.registry.timeline import person_timeline

pytestmark = pytest.mark.django_db

DECIDERS = set(REVIEWED["assessments.confirm_flags"])
PROTECTION_VIEWERS = set(REVIEWED["assessments.see_protection"])
VIEWERS = set(REVIEWED["assessments.view"])
# Roles that see only their own records (and what an alert was addressed to them about).
AGENCY_VIEWERS = {role for role, scope in REVIEWED["assessments.view"].items() if scope > Scope.OWN}


def disclosure_form_text() -> str:
    """The engine test form, a non-sensitive screening whose "detained" answer also discloses
    trafficking and GBV (like the MRRM screening's indicators)."""
    text = form_text(form_id="disclosure_test")
    old = "if(${detained} = 'yes', 'detained ', '')"
    assert old in text
    return text.replace(old, "if(${detained} = 'yes', 'detained vot gbv_survivor ', '')")


@pytest.fixture
def disclosure_version(db):
    version = upload_form("disclosure_test.md", text=disclosure_form_text())
    assert version.instrument.domain == Domain.SCREENING and not version.instrument.sensitive
    return version


def record(actor, person, instrument="disclosure_test", **changes) -> Assessment:
    return assessment_record(
        actor=actor, person=person, instrument_code=instrument, answers=answers(**changes)
    )


@pytest.fixture
def disclosure(users, person, disclosure_version):
    return record(users["caseworker"], person, detained="yes")


def person_flags(person) -> set[str]:
    return set(person.flags.values_list("flag", flat=True))


# --- recording ---------------------------------------------------------------------------------


def test_disclosure_makes_the_assessment_sensitive_and_only_proposes_the_flags(users, person, disclosure):
    assert disclosure.flags == ["detained", "vot", "gbv_survivor"]
    assert disclosure.sensitive is True
    assert disclosure.sensitivity_domain == Domain.PROTECTION
    # The automatic flag reached the person; the disclosure flags wait for confirmation.
    assert person_flags(person) == {"detained"}
    proposals = FlagProposal.objects.filter(assessment=disclosure).order_by("flag")
    assert [(p.flag, p.status, p.person_id) for p in proposals] == [
        ("gbv_survivor", "proposed", person.pk),
        ("vot", "proposed", person.pk),
    ]
    assert AuditEvent.objects.filter(action="assessments.flag_proposal.propose").count() == 2
    # The record's audit event carries no result of a sensitive assessment.
    recorded = AuditEvent.objects.get(action="assessments.assessment.record")
    assert "flags" not in recorded.changes


def test_without_disclosure_the_screening_stays_open(users, person, disclosure_version, sensitive_version):
    plain = record(users["caseworker"], person, detained="no")
    assert (plain.sensitive, plain.sensitivity_domain) == (False, "")
    assert not FlagProposal.objects.exists()
    mh = record(users["caseworker"], person, instrument="mh_test")
    assert (mh.sensitive, mh.sensitivity_domain) == (True, Domain.MHPSS)


def test_a_flag_the_person_already_carries_is_not_proposed_again(users, person, disclosure_version):
    from sanad.registry.models import PersonFlag

    PersonFlag.objects.create(person=person, flag="vot", set_by=users["caseworker"])
    assessment = record(users["caseworker"], person, detained="yes")
    assert list(FlagProposal.objects.filter(assessment=assessment).values_list("flag", flat=True)) == [
        "gbv_survivor"
    ]
    assert assessment.sensitive is True


# --- visibility --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(AGENCY_VIEWERS))
def test_who_sees_a_disclosure(users, disclosure, role):
    actor = users[role]
    row = assessment_list(actor=actor).get(pk=disclosure.pk)
    expected = role in PROTECTION_VIEWERS or actor == disclosure.recorded_by
    assert row.visible is expected
    if expected:
        before = AuditEvent.objects.filter(action="assessments.assessment.read").count()
        assessment_get(actor=actor, uuid=disclosure.uuid)
        assert AuditEvent.objects.filter(action="assessments.assessment.read").count() == before + 1
    else:
        with pytest.raises(Exception) as raised:
            assessment_get(actor=actor, uuid=disclosure.uuid)
        assert raised.typename == "Http404"


def test_list_page_shows_a_restricted_row_and_timeline_hides_it(users, client_for, person, disclosure):
    officer = users["mhpss_officer"]  # sees MHPSS instruments, not protection disclosures
    page = client_for(officer).get(reverse("assessments:list")).content.decode()
    assert 'data-testid="hidden-name"' in page and person.display_name not in page
    assert client_for(officer).get(reverse("assessments:detail", args=[disclosure.uuid])).status_code == 404
    assert client_for(officer).get(f"/api/v1/assessments/{disclosure.uuid}/").status_code == 404
    assert not [e for e in person_timeline(actor=officer, person=person) if e.kind == "assessment"]
    protection = users["protection_caseworker"]
    assert [e for e in person_timeline(actor=protection, person=person) if e.kind == "assessment"]
    page = client_for(protection).get(reverse("assessments:list")).content.decode()
    assert person.display_name in page


# --- confirming and dismissing -----------------------------------------------------------------


def test_confirm_applies_the_flag_through_the_registry(users, person, disclosure):
    worker = users["protection_caseworker"]
    proposal = flag_proposal_decide(actor=worker, assessment=disclosure, flag="vot", decision="confirm")
    assert (proposal.status, proposal.decided_by) == ("confirmed", worker)
    assert person_flags(person) == {"detained", "vot"}
    assert AuditEvent.objects.filter(action="assessments.flag_proposal.confirm", actor=worker).count() == 1
    assert AuditEvent.objects.filter(action="registry.person.set_flags", actor=worker).count() == 1
    # A retried confirmation changes nothing and audits nothing more.
    again = flag_proposal_decide(actor=worker, assessment=disclosure, flag="vot", decision="confirm")
    assert again.pk == proposal.pk and again.decided_at == proposal.decided_at
    assert AuditEvent.objects.filter(action="assessments.flag_proposal.confirm").count() == 1
    with pytest.raises(ValidationError):
        flag_proposal_decide(actor=worker, assessment=disclosure, flag="vot", decision="dismiss", reason="x")
    assert FlagProposal.objects.get(pk=proposal.pk).status == "confirmed"


def test_dismiss_needs_a_reason_and_leaves_the_person_alone(users, person, disclosure):
    leader = users["team_leader"]
    with pytest.raises(ValidationError) as raised:
        flag_proposal_decide(actor=leader, assessment=disclosure, flag="gbv_survivor", decision="dismiss")
    assert "reason" in raised.value.message_dict
    assert FlagProposal.objects.get(flag="gbv_survivor").status == "proposed"
    proposal = flag_proposal_decide(
        actor=leader,
        assessment=disclosure,
        flag="gbv_survivor",
        decision="dismiss",
        reason="Recorded for the wrong person.",
    )
    assert (proposal.status, proposal.reason) == ("dismissed", "Recorded for the wrong person.")
    assert person_flags(person) == {"detained"}
    assert AuditEvent.objects.filter(action="assessments.flag_proposal.dismiss").count() == 1
    with pytest.raises(ValidationError):
        flag_proposal_decide(actor=leader, assessment=disclosure, flag="uasc", decision="confirm")


def test_the_recorder_cannot_confirm(users, person, disclosure):
    with pytest.raises(DomainError):
        flag_proposal_decide(actor=users["caseworker"], assessment=disclosure, flag="vot", decision="confirm")
    assert person_flags(person) == {"detained"}
    assert FlagProposal.objects.filter(status="proposed").count() == 2


# --- My work -----------------------------------------------------------------------------------


def test_pending_proposals_on_my_work(users, other_team_users, disclosure):
    def flag_items(actor):
        return [item for item in work_items_for(actor) if item.kind == "flag"]

    for role in DECIDERS:
        items = flag_items(users[role])
        assert len(items) == 2, role
        assert all(str(disclosure.uuid) in item.url for item in items)
    for actor in (
        users["caseworker"],
        users["mhpss_officer"],
        users["data_protection_officer"],
        other_team_users["team_leader"],
        other_team_users["protection_caseworker"],
    ):
        assert flag_items(actor) == [], actor.username
    flag_proposal_decide(actor=users["team_leader"], assessment=disclosure, flag="vot", decision="confirm")
    assert len(flag_items(users["protection_caseworker"])) == 1
    assert flag_proposals_pending_for(actor=users["team_leader"]).count() == 1


def test_my_work_page_lists_them(users, client_for, disclosure):
    page = client_for(users["protection_caseworker"]).get(reverse("core:my_work")).content.decode()
    assert reverse("assessments:detail", args=[disclosure.uuid]) + "#proposed-flags" in page


# --- pages -------------------------------------------------------------------------------------


def test_result_page_shows_the_proposals(users, client_for, disclosure):
    page = client_for(users["caseworker"]).get(reverse("assessments:detail", args=[disclosure.uuid]))
    text = page.content.decode()
    assert 'data-testid="proposal-vot"' in text and 'data-testid="proposal-gbv_survivor"' in text
    assert 'data-testid="confirm-vot"' not in text  # the recorder may not decide
    worker_page = client_for(users["protection_caseworker"]).get(
        reverse("assessments:detail", args=[disclosure.uuid])
    )
    assert 'data-testid="confirm-vot"' in worker_page.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_decide_page_role_matrix(users, client_for, person, disclosure, role):
    url = reverse("assessments:flag_decide", args=[disclosure.uuid])
    response = client_for(users[role]).post(url, {"flag": "vot", "decision": "confirm"})
    if role in DECIDERS:
        assert response.status_code == 302
        assert person_flags(person) == {"detained", "vot"}
    else:
        assert response.status_code == 403
        assert person_flags(person) == {"detained"}
        assert FlagProposal.objects.filter(status="proposed").count() == 2


def test_decide_page_out_of_scope_is_404(
    other_team_users, other_agency_users, client_for, person, disclosure
):
    url = reverse("assessments:flag_decide", args=[disclosure.uuid])
    for actor in (
        other_team_users["team_leader"],
        other_team_users["protection_caseworker"],
        other_agency_users["protection_caseworker"],
    ):
        assert client_for(actor).post(url, {"flag": "vot", "decision": "confirm"}).status_code == 404
    assert person_flags(person) == {"detained"}


def test_dismiss_page_without_reason_keeps_the_form(users, client_for, person, disclosure):
    client = client_for(users["protection_caseworker"])
    url = reverse("assessments:flag_decide", args=[disclosure.uuid])
    response = client.post(url, {"flag": "gbv_survivor", "decision": "dismiss", "reason": " "})
    assert response.status_code == 400
    assert "Say why the flag is dismissed." in response.content.decode()
    assert FlagProposal.objects.get(flag="gbv_survivor").status == "proposed"
    response = client.post(url, {"flag": "gbv_survivor", "decision": "dismiss", "reason": "Withdrawn."})
    assert response.status_code == 302
    assert FlagProposal.objects.get(flag="gbv_survivor").status == "dismissed"


# --- API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_decide_api_role_matrix(users, api_client_for, person, disclosure, role):
    response = api_client_for(users[role]).post(
        f"/api/v1/assessments/{disclosure.uuid}/flags/",
        {"flag": "vot", "decision": "confirm"},
        format="json",
    )
    if role in DECIDERS:
        assert response.status_code == 200
        statuses = {row["flag"]: row["status"] for row in response.json()}
        assert statuses == {"vot": "confirmed", "gbv_survivor": "proposed"}
        assert person_flags(person) == {"detained", "vot"}
    else:
        assert response.status_code == 403
        assert person_flags(person) == {"detained"}


def test_decide_api_errors_and_scope(users, other_team_users, api_client_for, person, disclosure):
    url = f"/api/v1/assessments/{disclosure.uuid}/flags/"
    assert (
        api_client_for(other_team_users["team_leader"])
        .post(url, {"flag": "vot", "decision": "confirm"}, format="json")
        .status_code
        == 404
    )
    client = api_client_for(users["protection_caseworker"])
    response = client.post(url, {"flag": "vot", "decision": "dismiss"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    assert client.post(url, {"flag": "vot", "decision": "maybe"}, format="json").status_code == 400
    assert person_flags(person) == {"detained"}
    body = client.get(f"/api/v1/assessments/{disclosure.uuid}/").json()
    assert body["sensitive"] is True
    assert {row["flag"]: row["status"] for row in body["flag_proposals"]} == {
        "vot": "proposed",
        "gbv_survivor": "proposed",
    }
    rows = api_client_for(users["mhpss_officer"]).get("/api/v1/assessments/").json()["results"]
    assert [row["restricted"] for row in rows] == [True]


# --- the migration's backfill ------------------------------------------------------------------


def test_backfill_marks_existing_disclosures(users, person, disclosure_version, sensitive_version):
    disclosed = record(users["caseworker"], person, detained="yes")
    plain = record(users["caseworker"], person, detained="no")
    mh = record(users["caseworker"], person, instrument="mh_test")
    Assessment.objects.update(sensitive=False, sensitivity_domain="")
    migration = importlib.import_module(
        "sanad.assessments.migrations.0002_assessment_sensitivity_domain_flag_proposals"
    )
    migration.backfill_sensitivity(django_apps, None)
    found = {a.pk: (a.sensitive, a.sensitivity_domain) for a in Assessment.objects.all()}
    assert found == {
        disclosed.pk: (True, Domain.PROTECTION),
        plain.pk: (False, ""),
        mh.pk: (True, Domain.MHPSS),
    }


# --- the shipped MRRM screening ----------------------------------------------------------------


def test_mrrm_screening_disclosures_are_protection_sensitive_and_proposed(users, person):
    from sanad.assessments.services import instruments_load_shipped
    from sanad.assessments.tests.test_instruments_screening import screening

    instruments_load_shipped()
    caseworker = users["caseworker"]
    ordinary = assessment_record(
        actor=caseworker,
        person=person,
        instrument_code="mrrm_screening",
        answers=screening(serious_medical="yes"),
    )
    assert (ordinary.sensitive, ordinary.sensitivity_domain) == (False, "")
    assert person_flags(person) == {"serious_medical"}
    disclosed = assessment_record(
        actor=caseworker,
        person=person,
        instrument_code="mrrm_screening",
        answers=screening(
            sex="female", violence="yes", gbv_disclosed="yes", pregnant_lactating="neither", tip_debt="yes"
        ),
    )
    assert {"vot", "gbv_survivor", "survivor_of_violence"} <= set(disclosed.flags)
    assert (disclosed.sensitive, disclosed.sensitivity_domain) == (True, Domain.PROTECTION)
    assert person_flags(person) == {"serious_medical"}
    assert set(FlagProposal.objects.filter(assessment=disclosed).values_list("flag", flat=True)) == {
        "vot",
        "gbv_survivor",
        "survivor_of_violence",
    }
    rows = {a.pk: a.visible for a in assessment_list(actor=users["mhpss_officer"])}
    assert rows == {ordinary.pk: True, disclosed.pk: False}
