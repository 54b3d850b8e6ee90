"""Pages and API: role matrix, partner isolation (404), shared-only view, query counts, the
public directory without personal data, and the bilingual PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import assert_role_matrix, may
from sanad.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_referral_list_role_matrix(users, client_for):
    url = reverse("referrals:list")
    for role in ALL_ROLES:
        response = client_for(users[role]).get(url)
        expected = 200 if may(users[role], "referrals.view") or may(users[role], "referrals.respond") else 403
        if not may(users[role], "referrals.view"):
            expected = 403
        assert response.status_code == expected, role


def test_create_page_role_matrix_and_refused_write(users, client_for, person, directory):
    url = reverse("referrals:create") + f"?person={person.uuid}&need=health_psychiatric"
    for role in ALL_ROLES:
        response = client_for(users[role]).get(url)
        allowed = may(users[role], "referrals.create")
        assert response.status_code == (200 if allowed else 403), role
    before = Referral.objects.count()
    response = client_for(users["auditor"]).post(url, {"service": str(directory.psychiatric.uuid)})
    assert response.status_code == 403 and Referral.objects.count() == before


def test_create_from_person_with_consent(users, client_for, person, directory):
    url = reverse("referrals:create") + f"?person={person.uuid}"
    data = {
        "service": str(directory.psychiatric.uuid),
        "urgency": "urgent",
        "needs": ["health_psychiatric"],
        "reason": "Psychiatric assessment",
        "shared_fields": ["full_name"],
        "idempotency_key": "abc",
    }
    response = client_for(users["caseworker"]).post(url, data)
    assert response.status_code == 400 and Referral.objects.count() == 0  # no consent
    response = client_for(users["caseworker"]).post(url, {**data, "consent_given": "on"})
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "referrals:detail", args=[referral.uuid]
    )
    client_for(users["caseworker"]).post(url, {**data, "consent_given": "on"})
    assert Referral.objects.count() == 1


def test_create_for_unseen_person_is_404(other_agency_users, client_for, person):
    url = reverse("referrals:create") + f"?person={person.uuid}"
    assert client_for(other_agency_users["caseworker"]).get(url).status_code == 404


def test_partner_sees_shared_fields_only_and_probing_is_404(
    send, directory, other_agency_users, client_for, api_client_for
):
    partner = other_agency_users["partner_caseworker"]
    referral = send()
    internal = send(service=directory.mhpss, needs=["mhpss"])
    page = client_for(partner).get(reverse("referrals:detail", args=[referral.uuid]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mohamed" in html and "Ali" not in html.replace("Ali</", "") and "0912345678" not in html
    assert reverse("registry:person_detail", args=[referral.person.uuid]) not in html
    assert client_for(partner).get(reverse("referrals:detail", args=[internal.uuid])).status_code == 404
    assert client_for(partner).get(reverse("referrals:pdf", args=[internal.uuid])).status_code == 404
    api = api_client_for(partner)
    assert api.get(f"/api/v1/referrals/{internal.uuid}/").status_code == 404
    assert api.post(f"/api/v1/referrals/{internal.uuid}/accept/", {}, format="json").status_code == 404
    body = api.get(f"/api/v1/referrals/{referral.uuid}/").json()
    assert body["person"] is None and "full_name" not in body["shared"]
    # Only the promised minimum: no registration number of the sender's record either.
    assert set(body["shared"]) == {
        "reference",
        "first_name",
        "first_name_ar",
        "sex",
        "age",
        "needs",
        "urgency",
    }
    assert referral.person.reference not in str(body)
    # Snapshots taken before the registration number was dropped do not leak it either.
    referral.shared_snapshot = {**referral.shared_snapshot, "person_reference": referral.person.reference}
    referral.save(update_fields=["shared_snapshot"])
    assert referral.person.reference not in api.get(f"/api/v1/referrals/{referral.uuid}/").content.decode()


def test_partner_accepts_and_completes_through_pages(send, other_agency_users, users, client_for):
    partner = other_agency_users["partner_caseworker"]
    referral = send()
    client = client_for(partner)
    client.post(reverse("referrals:transition", args=[referral.uuid, "accept"]), {"note": "ok"})
    client.post(
        reverse("referrals:transition", args=[referral.uuid, "complete"]), {"outcome": "Seen by psychiatrist"}
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    page = client_for(users["caseworker"]).get(reverse("referrals:detail", args=[referral.uuid]))
    assert "Seen by psychiatrist" in page.content.decode()
    # The sender may not answer for the receiver: refused, nothing changes.
    other = send()
    response = client_for(users["caseworker"]).post(
        reverse("referrals:transition", args=[other.uuid, "accept"]), {}
    )
    other.refresh_from_db()
    assert response.status_code == 403 and other.status == Referral.Status.SENT


def test_api_role_matrix_and_actions(send, users, other_agency_users, api_client_for, person, directory):
    for role in ALL_ROLES:
        response = api_client_for(users[role]).get("/api/v1/referrals/")
        assert response.status_code == (200 if may(users[role], "referrals.view") else 403), role
    api = api_client_for(users["caseworker"])
    payload = {
        "person": str(person.uuid),
        "service": str(directory.psychiatric.uuid),
        "reason": "x",
        "urgency": "routine",
        "needs": ["health_psychiatric"],
    }
    response = api.post("/api/v1/referrals/", payload, format="json")
    assert response.status_code == 400 and "consent_given" in response.json()["error"]["fields"]
    response = api.post(
        "/api/v1/referrals/", {**payload, "consent_given": True}, format="json", HTTP_IDEMPOTENCY_KEY="z"
    )
    assert response.status_code == 201
    uuid = response.json()["uuid"]
    partner_api = api_client_for(other_agency_users["partner_caseworker"])
    assert (
        partner_api.post(f"/api/v1/referrals/{uuid}/accept/", {}, format="json").json()["status"]
        == "accepted"
    )
    response = partner_api.post(f"/api/v1/referrals/{uuid}/accept/", {}, format="json")
    assert response.status_code == 409
    assert api_client_for(users["auditor"]).get("/api/v1/referral-services/").status_code == 200
    services = api.get("/api/v1/referral-services/?need=health_psychiatric").json()["results"]
    assert [s["name_en"] for s in services] == ["Psychiatric clinic"]
    assert api.get("/api/v1/service-providers/").status_code == 200


def test_list_query_count_does_not_grow(send, users, client_for):
    client = client_for(users["caseworker"])
    send()
    client.get(reverse("referrals:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("referrals:list"))
    for _ in range(5):
        send()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("referrals:list"))
    assert len(many) == len(few)


def test_directory_pages_role_matrix(users, client_for, directory):
    for role in ALL_ROLES:
        client = client_for(users[role])
        assert client.get(reverse("referrals:service_list")).status_code == 200, role
        assert client.get(reverse("referrals:pathway_list")).status_code == 200, role
        manage = may(users[role], "directory.manage")
        assert client.get(reverse("referrals:service_create")).status_code == (200 if manage else 403), role
        assert client.get(
            reverse("referrals:service_edit", args=[directory.psychiatric.uuid])
        ).status_code == (200 if manage else 403), role


def test_public_directory_without_login_and_without_personal_data(client, directory, send):
    send()
    response = client.get(reverse("referrals_public:directory"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Psychiatric clinic" in html
    detail = client.get(
        reverse("referrals_public:service", args=[directory.psychiatric.uuid])
    ).content.decode()
    assert "Dr Staff Person" not in detail and "+218911111111" not in detail and "+218922222222" not in detail
    assert "Mohamed" not in html
    directory.psychiatric.status = "suspended"
    directory.psychiatric.save()
    assert (
        client.get(reverse("referrals_public:service", args=[directory.psychiatric.uuid])).status_code == 404
    )
    data = client.get(reverse("referrals_public:map_data")).json()
    assert all("Psychiatric" not in f["properties"]["name"] for f in data["features"])


def test_public_service_page_names_languages_groups_and_ages(client, directory):
    from sanad.registry.models import PopulationGroup

    service = directory.psychiatric
    group = PopulationGroup.values[0]
    service.languages, service.population_groups, service.age_min = ["ar", "ti"], [group], 16
    service.save()
    url = reverse("referrals_public:service", args=[service.uuid])
    html = client.get(url).content.decode()
    assert "Arabic, Tigrinya" in html and str(PopulationGroup(group).label) in html
    assert "aged 16 and over" in html and "∞" not in html
    html = client.get(url, headers={"Cookie": "django_language=ar"}).content.decode()
    assert "العربية، التغرينية" in html or "العربية, التغرينية" in html


def test_external_link_page(client, send, directory):
    from sanad.referrals.services import referral_link_token

    referral = send(service=directory.legal, needs=["protection_legal"])
    url = reverse("referrals_public:external", args=[referral_link_token(referral=referral)])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "accept", "name": "Amal", "text": ""})
    client.post(url, {"action": "complete", "name": "Amal", "text": "Lawyer assigned"})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED
    assert client.get(url + "x").status_code == 404


def test_override_review_page_role_matrix(users, client_for):
    for role in ALL_ROLES:
        expected = 200 if may(users[role], "referrals.review_overrides") else 403
        assert client_for(users[role]).get(reverse("referrals:override_list")).status_code == expected, role


def test_pdf_is_bilingual(send, users, client_for):
    referral = send(shared_fields=["full_name"])
    response = client_for(users["caseworker"]).get(reverse("referrals:pdf", args=[referral.uuid]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Referral form" in text and "استمارة إحالة" in text
        assert referral.reference in text and "Mohamed Ahmed Ali" in text


def _layout_text(box) -> str:
    text = getattr(box, "text", "") or ""
    for child in getattr(box, "children", []) or []:
        text += " " + _layout_text(child)
    return text


def test_pdf_layout_contains_arabic_text(send):
    from weasyprint import HTML

    from sanad.referrals.pdf import referral_pdf_html

    referral = send()
    document = HTML(string=referral_pdf_html(referral=referral)).render()
    text = " ".join(_layout_text(page._page_box) for page in document.pages)
    assert "استمارة إحالة" in text and "Referral form" in text and "الرعاية النفسية" in text


def _boxes(box):
    yield box
    for child in getattr(box, "children", []) or []:
        yield from _boxes(child)


def test_pdf_arabic_is_laid_out_right_to_left_on_the_right(send):
    from weasyprint import HTML

    from sanad.referrals.pdf import referral_pdf_html

    document = HTML(string=referral_pdf_html(referral=send())).render()
    page = document.pages[0]
    boxes = list(_boxes(page._page_box))
    arabic_title = next(b for b in boxes if getattr(b, "text", "") == "استمارة إحالة")
    english_title = next(b for b in boxes if getattr(b, "text", "") == "Referral form")
    assert arabic_title.style["direction"] == "rtl"
    assert arabic_title.position_x > page.width / 2 > english_title.position_x


def test_pdf_free_text_in_arabic_reads_right_to_left(send):
    # A reason written in Arabic is laid out right to left in its cell (the cell sits among
    # English ones); an English reason stays left to right.
    from weasyprint import HTML

    from sanad.referrals.pdf import referral_pdf_html, text_direction

    assert text_direction("محتجز منذ أسبوعين.") == "rtl"
    assert text_direction("12 - Needs a lawyer") == "ltr" and text_direction("") == "ltr"
    reason = "محتجز منذ أسبوعين دون تهمة ويحتاج إلى محامٍ فوراً."
    document = HTML(string=referral_pdf_html(referral=send(reason=reason))).render()
    boxes = list(_boxes(document.pages[0]._page_box))
    line = next(b for b in boxes if "محتجز" in (getattr(b, "text", "") or ""))
    assert line.style["direction"] == "rtl"
    english = HTML(string=referral_pdf_html(referral=send(reason="Needs a lawyer now."))).render()
    line = next(b for b in _boxes(english.pages[0]._page_box) if "lawyer" in (getattr(b, "text", "") or ""))
    assert line.style["direction"] == "ltr"


def test_public_directory_filters_by_place_with_few_queries(client, directory, places):
    client.get(reverse("referrals_public:directory"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("referrals_public:directory") + "?place=LY03")
    html = response.content.decode()
    assert "Legal aid desk" in html and "Psychiatric clinic" not in html
    assert len(queries) <= 10
    response = client.get(reverse("referrals_public:directory") + "?q=العيادة")
    assert "Psychiatric clinic" in response.content.decode()


def test_referral_grants_are_the_reviewed_ones():
    """The referral rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("directory", "referrals")
