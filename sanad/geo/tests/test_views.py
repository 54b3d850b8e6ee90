"""Pages: role matrix, refused writes change nothing, query counts, forms keep input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanad.core.models import AuditEvent, Job
from sanad.core.permissions import ALL_ROLES
from sanad.core.tests.role_matrix import assert_role_matrix
from sanad.geo.models import AdminUnit, Site
from sanad.geo.tests.conftest import SITES_MANAGERS

NON_MANAGERS = sorted(set(ALL_ROLES) - SITES_MANAGERS)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_reads_sites_and_units(role, users, sites, tree, client_for):
    client = client_for(users[role])
    urls = [
        reverse("geo:site_list"),
        reverse("geo:site_list") + "?q=port&type=disembarkation_point&active=yes",
        reverse("geo:site_detail", kwargs={"uuid": sites.detention.uuid}),
        reverse("geo:site_map"),
        reverse("geo:site_geojson"),
        reverse("geo:baladiya_centroids"),
        reverse("geo:admin_unit_list"),
        reverse("geo:admin_unit_detail", kwargs={"uuid": tree.benghazi.uuid}),
        reverse("geo:admin_unit_options") + "?q=beng",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_sites_are_shared_across_agencies(other_agency_users, sites, client_for):
    client = client_for(other_agency_users["partner_caseworker"])
    assert client.get(reverse("geo:site_detail", kwargs={"uuid": sites.detention.uuid})).status_code == 200


def test_unknown_objects_are_404(users, client_for, db):
    client = client_for(users["system_admin"])
    missing = "6f1c1f5e-0000-4000-8000-000000000000"
    for name in ("geo:site_detail", "geo:site_edit", "geo:admin_unit_detail", "geo:admin_unit_edit"):
        assert client.get(reverse(name, kwargs={"uuid": missing})).status_code == 404, name
    assert client.post(reverse("geo:site_deactivate", kwargs={"uuid": missing})).status_code == 404


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("geo:site_list"))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def _site_post(tree, **extra):
    return {
        "site_type": Site.Type.SHELTER,
        "name_en": "Sabri shelter",
        "name_ar": "ملجأ الصابري",
        "admin_unit": str(tree.sabri.uuid),
        "latitude": "32.12",
        "longitude": "20.07",
        "notes": "",
        **extra,
    }


@pytest.mark.parametrize("role", sorted(SITES_MANAGERS))
def test_site_managers_create_edit_deactivate(role, users, tree, client_for):
    client = client_for(users[role])
    assert client.get(reverse("geo:site_create")).status_code == 200
    response = client.post(reverse("geo:site_create"), _site_post(tree, idempotency_key="k1"))
    site = Site.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("geo:site_detail", kwargs={"uuid": site.uuid})
    edit = reverse("geo:site_edit", kwargs={"uuid": site.uuid})
    assert client.get(edit).status_code == 200
    assert client.post(edit, _site_post(tree, name_en="Sabri shelter 2")).status_code == 302
    assert client.post(reverse("geo:site_deactivate", kwargs={"uuid": site.uuid})).status_code == 302
    site.refresh_from_db()
    assert (site.name_en, site.is_active) == ("Sabri shelter 2", False)
    assert client.post(reverse("geo:site_reactivate", kwargs={"uuid": site.uuid})).status_code == 302
    site.refresh_from_db()
    assert site.is_active


@pytest.mark.parametrize("role", NON_MANAGERS)
def test_other_roles_cannot_write_sites(role, users, sites, tree, client_for):
    client = client_for(users[role])
    site = sites.detention
    assert client.get(reverse("geo:site_create")).status_code == 403
    assert client.post(reverse("geo:site_create"), _site_post(tree)).status_code == 403
    assert client.get(reverse("geo:site_edit", kwargs={"uuid": site.uuid})).status_code == 403
    assert (
        client.post(reverse("geo:site_edit", kwargs={"uuid": site.uuid}), _site_post(tree)).status_code == 403
    )
    assert client.post(reverse("geo:site_deactivate", kwargs={"uuid": site.uuid})).status_code == 403
    site.refresh_from_db()
    assert (site.name_en, site.is_active) == ("Ganfouda detention centre", True)
    assert Site.objects.count() == 2
    assert not AuditEvent.objects.filter(action__startswith="geo.").exists()


def test_same_form_submitted_twice_creates_one_site(users, tree, client_for):
    client = client_for(users["team_leader"])
    data = _site_post(tree, idempotency_key="form-key-1")
    first = client.post(reverse("geo:site_create"), data)
    second = client.post(reverse("geo:site_create"), data)
    assert Site.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_failed_submit_keeps_the_input_and_names_the_error(users, tree, client_for):
    client = client_for(users["team_leader"])
    response = client.post(reverse("geo:site_create"), _site_post(tree, latitude="45.1", idempotency_key="k"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "must lie in Libya" in body
    assert 'value="Sabri shelter"' in body
    assert str(tree.sabri.uuid) in body  # the chosen unit is still selected
    assert "data-preserve" in body
    assert not Site.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_admin_unit_management_matrix(role, users, tree, client_for):
    client = client_for(users[role])
    data = {
        "parent": str(tree.tripoli_m.uuid),
        "level": "3",
        "pcode": "LY021199",
        "name_en": "Ain Zara",
        "name_ar": "عين زارة",
        "idempotency_key": "x",
    }
    if role == "system_admin":
        assert client.get(reverse("geo:admin_unit_create")).status_code == 200
        assert client.post(reverse("geo:admin_unit_create"), data).status_code == 302
        unit = AdminUnit.objects.get(pcode="LY021199")
        edit = reverse("geo:admin_unit_edit", kwargs={"uuid": unit.uuid})
        assert client.get(edit).status_code == 200
        assert client.post(edit, {**data, "name_en": "Ain Zara 2"}).status_code == 302
        unit.refresh_from_db()
        assert unit.name_en == "Ain Zara 2"
    else:
        assert client.get(reverse("geo:admin_unit_create")).status_code == 403
        assert client.post(reverse("geo:admin_unit_create"), data).status_code == 403
        assert client.post(reverse("geo:gazetteer_reload")).status_code == 403
        assert not AdminUnit.objects.filter(pcode="LY021199").exists()
        assert not AuditEvent.objects.exists()
        assert not Job.objects.exists()


def test_admin_unit_form_shows_pcode_errors(users, tree, client_for):
    client = client_for(users["system_admin"])
    data = {"parent": str(tree.tripoli_m.uuid), "level": "3", "pcode": "LY0199", "name_en": "Bad"}
    response = client.post(reverse("geo:admin_unit_create"), data)
    assert response.status_code == 400
    assert "must start with the parent&#x27;s P-code LY0211" in response.content.decode()
    assert not AdminUnit.objects.filter(pcode="LY0199").exists()


def test_cod_units_are_not_edited_here(users, tree, client_for):
    client = client_for(users["system_admin"])
    response = client.get(reverse("geo:admin_unit_edit", kwargs={"uuid": tree.tripoli.uuid}))
    assert response.status_code == 302


def test_reload_button_starts_a_job(users, client_for, django_capture_on_commit_callbacks):
    client = client_for(users["system_admin"])
    assert "Reload the gazetteer" in client.get(reverse("geo:admin_unit_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("geo:gazetteer_reload"))
    job = Job.objects.get(kind="geo.load_gazetteer")
    assert response["Location"] == reverse("core:job_detail", kwargs={"uuid": job.uuid})
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert AdminUnit.objects.count() == 792


def test_reload_button_hidden_from_others(users, client_for, db):
    client = client_for(users["team_leader"])
    assert "Reload the gazetteer" not in client.get(reverse("geo:admin_unit_list")).content.decode()


def test_detail_shows_hierarchy_children_and_sites(users, sites, tree, client_for):
    client = client_for(users["caseworker"])
    body = client.get(reverse("geo:admin_unit_detail", kwargs={"uuid": tree.benghazi.uuid})).content.decode()
    assert "East" in body and "LY01030401" in body and "Ganfouda detention centre" in body
    body = client.get(reverse("geo:site_detail", kwargs={"uuid": sites.detention.uuid})).content.decode()
    assert "Al Sabri" in body and "Benghazi" in body


def test_arabic_pages_show_arabic_names(users, sites, tree, client_for):
    client = client_for(users["caseworker"])
    client.cookies["django_language"] = "ar"
    body = client.get(reverse("geo:site_detail", kwargs={"uuid": sites.detention.uuid})).content.decode()
    assert 'dir="rtl"' in body and "مركز احتجاز قنفودة" in body and "بنغازي" in body


def test_picker_options_search_either_script(users, tree, client_for):
    client = client_for(users["caseworker"])
    body = client.get(reverse("geo:admin_unit_options"), {"admin_unit_search": "الصابري"}).content.decode()
    assert str(tree.sabri.uuid) in body
    assert str(tree.tripoli.uuid) not in body
    body = client.get(reverse("geo:admin_unit_options"), {"q": "tri", "levels": "1,2,3"}).content.decode()
    assert str(tree.tripoli_m.uuid) in body


def test_geojson_respects_filters(users, sites, tree, client_for):
    client = client_for(users["caseworker"])
    data = client.get(reverse("geo:site_geojson"), {"admin_unit": str(tree.east.uuid)}).json()
    assert [f["properties"]["name"] for f in data["features"]] == ["Ganfouda detention centre"]
    assert data["features"][0]["geometry"]["coordinates"] == [20.1, 32.05]
    data = client.get(reverse("geo:site_geojson")).json()
    assert len(data["features"]) == 2


def test_list_pages_query_counts(users, tree, client_for, django_assert_max_num_queries):
    from sanad.core.tests.factories import SiteFactory

    for i in range(30):
        SiteFactory(name_en=f"Site {i}", admin_unit=tree.sabri if i % 2 else tree.tripoli)
    client = client_for(users["caseworker"])
    client.get(reverse("geo:site_list"))  # warm the session
    with django_assert_max_num_queries(12):
        assert client.get(reverse("geo:site_list")).status_code == 200
    with django_assert_max_num_queries(13):
        response = client.get(reverse("geo:site_list"), {"admin_unit": str(tree.east.uuid), "q": "site"})
        assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("geo:admin_unit_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("geo:site_geojson")).status_code == 200


def test_admin_unit_list_filters(users, tree, client_for):
    client = client_for(users["caseworker"])
    body = client.get(reverse("geo:admin_unit_list"), {"parent": str(tree.benghazi.uuid)}).content.decode()
    assert "LY01030401" in body and "LY021104" not in body
    body = client.get(reverse("geo:admin_unit_list"), {"level": "1"}).content.decode()
    assert "LY01<" in body and "LY0103<" not in body
    body = client.get(reverse("geo:admin_unit_list"), {"q": "طرابلس"}).content.decode()
    assert "LY021104" in body and "LY010304" not in body


def test_map_data_follows_the_language(users, gazetteer, client_for):
    client = client_for(users["caseworker"])
    client.cookies["django_language"] = "ar"
    data = client.get(reverse("geo:baladiya_centroids"), {"lang": "ar"}).json()
    assert len(data["features"]) == 100
    names = {f["properties"]["pcode"]: f["properties"]["name"] for f in data["features"]}
    assert names["LY021104"] == "طرابلس"
    page = client.get(reverse("geo:site_map")).content.decode()
    assert 'dir="rtl"' in page and "?lang=ar" in page


def test_gazetteer_grants_are_the_reviewed_ones():
    """The gazetteer and sites rows of the permission matrix are those of the reviewed snapshot."""
    assert_role_matrix("geo", "sites")
