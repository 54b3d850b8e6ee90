"""Fixtures for flow monitoring, detention-centre profiles and events: a small place tree, sites."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sanad.core.tests.factories import AdminUnitFactory, SiteFactory
from sanad.geo.models import AdminUnit, Site


@pytest.fixture
def places(db):
    region = AdminUnitFactory(pcode="LY02", level=AdminUnit.Level.REGION, name_en="West", name_ar="الغرب")
    mantika = AdminUnitFactory(
        pcode="LY0211", level=AdminUnit.Level.MANTIKA, name_en="Tripoli", parent=region
    )
    tripoli = AdminUnitFactory(
        pcode="LY021104", level=AdminUnit.Level.BALADIYA, name_en="Tripoli", name_ar="طرابلس", parent=mantika
    )
    janzour = AdminUnitFactory(
        pcode="LY021105", level=AdminUnit.Level.BALADIYA, name_en="Janzour", parent=mantika
    )
    point = SiteFactory(
        site_type=Site.Type.FLOW_MONITORING_POINT,
        name_en="Ras Ajdir point",
        name_ar="نقطة رأس اجدير",
        admin_unit=tripoli,
    )
    other_point = SiteFactory(
        site_type=Site.Type.FLOW_MONITORING_POINT, name_en="Ghat point", admin_unit=janzour
    )
    centre = SiteFactory(
        site_type=Site.Type.DETENTION_CENTRE,
        name_en="Tariq al Sikka centre",
        name_ar="مركز طريق السكة",
        admin_unit=tripoli,
    )
    other_centre = SiteFactory(
        site_type=Site.Type.DETENTION_CENTRE, name_en="Zawiya centre", admin_unit=janzour
    )
    shelter = SiteFactory(site_type=Site.Type.SHELTER, name_en="A shelter", admin_unit=tripoli)
    return SimpleNamespace(
        region=region,
        mantika=mantika,
        tripoli=tripoli,
        janzour=janzour,
        point=point,
        other_point=other_point,
        centre=centre,
        other_centre=other_centre,
        shelter=shelter,
    )
