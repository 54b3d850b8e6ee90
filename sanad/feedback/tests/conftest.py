"""Helpline fixtures: a small gazetteer around Zwara, a Zwara mobile team, and the PSEA focal point."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sanad.core.tests.factories import AdminUnitFactory, TeamFactory
from sanad.feedback.models import FocalPoint
from sanad.geo.models import AdminUnit


@pytest.fixture
def places(db):
    west = AdminUnitFactory(pcode="LY02", level=AdminUnit.Level.REGION, name_en="West")
    zawiya = AdminUnitFactory(pcode="LY0215", level=AdminUnit.Level.MANTIKA, name_en="Zawiya", parent=west)
    zwara = AdminUnitFactory(pcode="LY021503", level=AdminUnit.Level.BALADIYA, name_en="Zwara", parent=zawiya)
    sabratha = AdminUnitFactory(
        pcode="LY021502", level=AdminUnit.Level.BALADIYA, name_en="Sabratha", parent=zawiya
    )
    zwara_centre = AdminUnitFactory(
        pcode="LY02150301", level=AdminUnit.Level.MUHALLA, name_en="Zwara centre", parent=zwara
    )
    tripoli_m = AdminUnitFactory(
        pcode="LY0211", level=AdminUnit.Level.MANTIKA, name_en="Tripoli", parent=west
    )
    tripoli = AdminUnitFactory(
        pcode="LY021104", level=AdminUnit.Level.BALADIYA, name_en="Tripoli centre", parent=tripoli_m
    )
    return SimpleNamespace(
        zawiya=zawiya, zwara=zwara, sabratha=sabratha, zwara_centre=zwara_centre, tripoli=tripoli
    )


@pytest.fixture
def zwara_team(org, places, make_user):
    team = TeamFactory(
        unit=org.unit, code="zwara-1", name="MRRM mobile team Zwara", base_admin_unit=places.zwara
    )
    member = make_user("caseworker", team=team, username="zwara-caseworker")
    return SimpleNamespace(team=team, member=member)


@pytest.fixture
def psea_focal_point(users, org):
    user = users["psea_focal_point"]
    FocalPoint.objects.create(agency=org.agency, category="psea", user=user)
    user.__dict__.pop("_focal_point_pairs", None)
    return user
