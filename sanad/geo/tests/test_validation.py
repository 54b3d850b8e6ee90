"""P-code/parent consistency, coordinates, admin unit and site validation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sanad.core.errors import DomainError
from sanad.core.models import AuditEvent
from sanad.geo.models import AdminUnit, Site
from sanad.geo.services import admin_unit_create, admin_unit_update, site_create
from sanad.geo.validation import clean_coordinates, normalise_name, pcode_errors

digits = st.text(alphabet="0123456789", min_size=1, max_size=4)


@given(
    parent_tail=st.text(alphabet="0123456789", min_size=2, max_size=6), extra=digits, level=st.integers(2, 4)
)
def test_child_extending_parent_pcode_one_level_down_is_valid(parent_tail, extra, level):
    parent = "LY" + parent_tail
    assert pcode_errors(pcode=parent + extra, level=level, parent_pcode=parent, parent_level=level - 1) == {}


@given(
    parent_tail=st.text(alphabet="0123456789", min_size=2, max_size=6),
    child_tail=st.text(alphabet="0123456789", min_size=2, max_size=8),
    level=st.integers(2, 4),
)
def test_child_not_extending_parent_pcode_is_refused(parent_tail, child_tail, level):
    parent, child = "LY" + parent_tail, "LY" + child_tail
    errors = pcode_errors(pcode=child, level=level, parent_pcode=parent, parent_level=level - 1)
    consistent = child.startswith(parent) and len(child) > len(parent)
    assert ("pcode" in errors) == (not consistent)
    if not consistent:
        assert parent in errors["pcode"]


@given(level=st.integers(2, 4), parent_level=st.integers(1, 4))
def test_parent_must_be_exactly_one_level_up(level, parent_level):
    errors = pcode_errors(pcode="LY010101", level=level, parent_pcode="LY01", parent_level=parent_level)
    assert ("parent" in errors) == (parent_level != level - 1)


@given(st.text(max_size=30))
def test_malformed_pcodes_are_refused(text):
    errors = pcode_errors(pcode=text, level=1, parent_pcode=None, parent_level=None)
    import re

    assert ("pcode" in errors) == (re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2,16}", text) is None)


def test_region_has_no_parent_and_others_need_one():
    assert "parent" in pcode_errors(pcode="LY04", level=1, parent_pcode="LY", parent_level=0)
    assert "parent" in pcode_errors(pcode="LY0401", level=2, parent_pcode=None, parent_level=None)


@given(st.text(max_size=40))
def test_normalise_name_only_touches_whitespace(text):
    result = normalise_name(text)
    assert "  " not in result
    assert result == result.strip()
    assert result.split() == text.split()


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [
        ("32.9", None, "longitude"),
        (None, "13.2", "latitude"),
        ("41.9", "12.5", "latitude"),  # Rome
        ("32.9", "30.1", "longitude"),  # Egypt
        ("abc", "13.2", "latitude"),
    ],
)
def test_bad_coordinates_are_refused(lat, lon, field):
    with pytest.raises(ValidationError) as raised:
        clean_coordinates(lat, lon)
    assert field in raised.value.message_dict


def test_coordinates_inside_libya_are_rounded_to_six_places():
    assert clean_coordinates("32.88720049", 13.1913) == (Decimal("32.887200"), Decimal("13.191300"))
    assert clean_coordinates("", None) == (None, None)


def test_admin_unit_create_checks_pcode_and_parent(users, tree):
    admin = users["system_admin"]
    with pytest.raises(ValidationError) as raised:
        admin_unit_create(
            actor=admin, pcode="LY020001", level=3, parent=tree.tripoli_m, name_en="Wrong prefix"
        )
    assert "LY0211" in raised.value.message_dict["pcode"][0]
    with pytest.raises(ValidationError) as raised:
        admin_unit_create(
            actor=admin, pcode="LY021105", level=4, parent=tree.tripoli_m, name_en="Wrong level"
        )
    assert "parent" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        admin_unit_create(actor=admin, pcode="LY021104", level=3, parent=tree.tripoli_m, name_en="Duplicate")
    assert "already used" in raised.value.message_dict["pcode"][0]
    assert not AuditEvent.objects.filter(action="geo.admin_unit.create").exists()

    unit = admin_unit_create(
        actor=admin,
        pcode=" ly021199 ",
        level=3,
        parent=tree.tripoli_m,
        name_en="Ain  Zara",
        name_ar="عين زارة",
    )
    assert (unit.pcode, unit.source, unit.name_en) == ("LY021199", AdminUnit.Source.LOCAL, "Ain Zara")
    event = AuditEvent.objects.get(action="geo.admin_unit.create")
    assert event.changes["pcode"] == [None, "LY021199"]


def test_admin_unit_update_only_for_local_units(users, tree):
    admin = users["system_admin"]
    with pytest.raises(DomainError):
        admin_unit_update(actor=admin, unit=tree.tripoli, data={"name_en": "X"})
    unit = admin_unit_create(actor=admin, pcode="LY021199", level=3, parent=tree.tripoli_m, name_en="New")
    admin_unit_update(actor=admin, unit=unit, data={"name_en": "Newer"})
    event = AuditEvent.objects.get(action="geo.admin_unit.update")
    assert event.changes == {"name_en": ["New", "Newer"]}
    child = admin_unit_create(actor=admin, pcode="LY02119901", level=4, parent=unit, name_en="Child")
    assert child.parent == unit
    with pytest.raises(ValidationError):
        admin_unit_update(actor=admin, unit=unit, data={"pcode": "LY021198"})


def test_admin_unit_create_refused_without_the_action(users, tree):
    with pytest.raises(DomainError):
        admin_unit_create(
            actor=users["team_leader"], pcode="LY021199", level=3, parent=tree.tripoli_m, name_en="New"
        )
    assert not AdminUnit.objects.filter(pcode="LY021199").exists()


def test_site_validation_names_each_field(users, tree):
    actor = users["team_leader"]
    with pytest.raises(ValidationError) as raised:
        site_create(
            actor=actor, site_type="castle", name_en="  ", admin_unit=None, latitude="50", longitude="13"
        )
    assert set(raised.value.message_dict) == {"site_type", "name_en", "admin_unit", "latitude"}
    assert "Libya" in raised.value.message_dict["latitude"][0]
    assert not Site.objects.exists()


def test_the_admin_unit_picker_redraws_a_form_whose_posted_value_is_not_a_uuid(db, org):
    """A tampered or truncated value comes back as an empty choice, not a server error."""
    from django import forms as django_forms

    from sanad.geo.forms import admin_unit_field

    class PlaceForm(django_forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["admin_unit"] = admin_unit_field(actor=None, required=True, label="Place")

    form = PlaceForm(data={"admin_unit": "not-a-uuid"})
    assert not form.is_valid()
    html = str(form["admin_unit"])  # raised a ValidationError ("not a valid UUID") before
    assert 'name="admin_unit"' in html
