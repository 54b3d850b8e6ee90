"""Site services and selectors: audit of changes, idempotency, search in both scripts, filters."""

from __future__ import annotations

import pytest
from django.http import Http404

from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.geo.models import Site
from sanad.geo.selectors import admin_unit_choices, admin_unit_list, site_get, site_list
from sanad.geo.services import site_create, site_set_active, site_update


def test_create_is_audited_and_idempotent(users, tree):
    actor = users["dtm_officer"]
    first = site_create(
        actor=actor,
        site_type=Site.Type.SHELTER,
        name_en="Sabri shelter",
        name_ar="ملجأ الصابري",
        admin_unit=tree.sabri,
        latitude="32.12",
        longitude="20.07",
        idempotency_key="key-1",
    )
    again = site_create(
        actor=actor,
        site_type=Site.Type.SHELTER,
        name_en="Sabri shelter",
        admin_unit=tree.sabri,
        idempotency_key="key-1",
    )
    assert again.pk == first.pk
    assert Site.objects.count() == 1
    assert AuditEvent.objects.filter(action="geo.site.create").count() == 1
    event = AuditEvent.objects.get(action="geo.site.create")
    assert event.changes["name_en"] == [None, "Sabri shelter"]
    assert event.changes["admin_unit"] == [None, str(tree.sabri.uuid)]
    assert first.created_by == actor


def test_update_audits_before_and_after_of_changed_fields_only(users, sites, tree):
    actor = users["team_leader"]
    site_update(
        actor=actor,
        site=sites.detention,
        data={"name_en": "Ganfouda DC", "name_ar": sites.detention.name_ar, "admin_unit": tree.benghazi},
    )
    event = AuditEvent.objects.get(action="geo.site.update")
    assert event.changes == {
        "name_en": ["Ganfouda detention centre", "Ganfouda DC"],
        "admin_unit": [str(tree.sabri.uuid), str(tree.benghazi.uuid)],
    }
    site_update(actor=actor, site=sites.detention, data={"name_en": "Ganfouda DC"})
    assert AuditEvent.objects.filter(action="geo.site.update").count() == 1  # no change, no event


def test_refused_update_changes_nothing(users, sites):
    with pytest.raises(DomainError):
        site_update(actor=users["caseworker"], site=sites.detention, data={"name_en": "Hacked"})
    sites.detention.refresh_from_db()
    assert sites.detention.name_en == "Ganfouda detention centre"
    assert not AuditEvent.objects.exists()


def test_deactivate_and_reactivate(users, sites):
    actor = users["logistics_officer"]
    site_set_active(actor=actor, site=sites.detention, is_active=False)
    site_set_active(actor=actor, site=sites.detention, is_active=False)  # already inactive: no event
    assert AuditEvent.objects.filter(action="geo.site.deactivate").count() == 1
    assert site_list(actor=actor, data={"active": "yes"}).count() == 1
    site_set_active(actor=actor, site=sites.detention, is_active=True)
    event = AuditEvent.objects.get(action="geo.site.reactivate")
    assert event.changes == {"is_active": [False, True]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ganfouda", {"Ganfouda detention centre"}),
        ("GANFOUDA centre", {"Ganfouda detention centre"}),
        ("قنفودة", {"Ganfouda detention centre"}),
        ("قنفوده", {"Ganfouda detention centre"}),  # ta marbuta written as ha
        ("ميناء", {"Tripoli port"}),
        ("طرابلس", {"Tripoli port"}),  # the admin unit's Arabic name
        ("Benghazi", {"Ganfouda detention centre"}),  # the parent's English name
        ("LY0103", {"Ganfouda detention centre"}),  # a P-code
        ("الصابري", {"Ganfouda detention centre"}),
        ("port (", set()),  # regular-expression characters are literal
        ("nowhere", set()),
    ],
)
def test_site_search_in_both_scripts(users, sites, query, expected):
    found = site_list(actor=users["caseworker"], data={"q": query})
    assert {s.name_en for s in found} == expected


def test_site_filter_by_region_includes_muhallas(users, sites, tree):
    actor = users["caseworker"]
    assert [s.name_en for s in site_list(actor=actor, data={"admin_unit": tree.east})] == [
        "Ganfouda detention centre"
    ]
    assert [s.name_en for s in site_list(actor=actor, data={"admin_unit": tree.tripoli_m})] == [
        "Tripoli port"
    ]
    assert site_list(actor=actor, data={"type": Site.Type.SCHOOL}).count() == 0


def test_admin_unit_search_in_both_scripts(users, tree):
    actor = users["caseworker"]
    assert {u.pcode for u in admin_unit_list(actor=actor, data={"q": "بنغازي"})} == {
        "LY0103",
        "LY010304",
    }
    assert {u.pcode for u in admin_unit_list(actor=actor, data={"q": "sabri"})} == {"LY01030401"}
    assert {u.pcode for u in admin_unit_list(actor=actor, data={"q": "ly0211"})} == {
        "LY0211",
        "LY021104",
    }
    assert {u.pcode for u in admin_unit_list(actor=actor, data={"parent": tree.east})} == {"LY0103"}


def test_search_against_the_real_gazetteer(users, gazetteer):
    actor = users["caseworker"]
    # The COD spells the Derna mantika درنه and the baladiya درنة: both searches find both.
    for query in ("درنة", "درنه"):
        pcodes = {u.pcode for u in admin_unit_list(actor=actor, data={"q": query})}
        assert {"LY0101", "LY010102"} <= pcodes
    pcodes = {u.pcode for u in admin_unit_list(actor=actor, data={"q": "qasr akhyar"})}
    assert "LY021003" in pcodes


def test_site_get_unknown_is_404(users):
    with pytest.raises(Http404):
        site_get(actor=users["caseworker"], uuid="not-a-uuid")
    with pytest.raises(Http404):
        site_get(actor=users["caseworker"], uuid="6f1c1f5e-0000-4000-8000-000000000000")


def test_site_list_active_only_leaves_out_inactive_sites(users, sites):
    actor = users["logistics_officer"]
    site_set_active(actor=actor, site=sites.detention, is_active=False)
    assert set(site_list(actor=actor)) == {sites.detention, sites.disembarkation}
    assert list(site_list(actor=actor, active_only=True)) == [sites.disembarkation]


def test_admin_unit_choices_are_of_the_levels_by_name(users, tree):
    actor = users["caseworker"]
    tree.west.is_active = False
    tree.west.save(update_fields=["is_active"])
    assert [u.name_en for u in admin_unit_choices(actor=actor, levels=(1,))] == ["East", "West"]
    assert list(admin_unit_choices(actor=actor, levels=(1,), active_only=True)) == [tree.east]
    choices = admin_unit_choices(actor=actor, levels=(2, 3))
    assert [u.name_en for u in choices] == ["Benghazi", "Benghazi", "Tripoli", "Tripoli"]
