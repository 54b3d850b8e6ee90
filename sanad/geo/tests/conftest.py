"""Gazetteer fixtures: a small tree for quick tests (the real Libya gazetteer, ``gazetteer``, is in
sanad/conftest.py, loaded once per test session)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sanad.core.tests.factories import AdminUnitFactory, SiteFactory
from sanad.geo.models import AdminUnit, Site

SITES_MANAGERS = {
    "system_admin",
    "agency_admin",
    "team_leader",
    "dtm_officer",
    "me_officer",
    "logistics_officer",
}


@pytest.fixture
def tree(db):
    """East > Benghazi (mantika) > Benghazi (baladiya) > Al Sabri (muhalla); West > Tripoli > Tripoli."""
    source = AdminUnit.Source.COD_AB
    east = AdminUnitFactory(pcode="LY01", level=1, name_en="East", name_ar="الشرق", source=source)
    benghazi_m = AdminUnitFactory(
        pcode="LY0103", level=2, parent=east, name_en="Benghazi", name_ar="بنغازي", source=source
    )
    benghazi = AdminUnitFactory(
        pcode="LY010304", level=3, parent=benghazi_m, name_en="Benghazi", name_ar="بنغازي", source=source
    )
    sabri = AdminUnitFactory(
        pcode="LY01030401", level=4, parent=benghazi, name_en="Al Sabri", name_ar="الصابري", source=source
    )
    west = AdminUnitFactory(pcode="LY02", level=1, name_en="West", name_ar="الغرب", source=source)
    tripoli_m = AdminUnitFactory(
        pcode="LY0211", level=2, parent=west, name_en="Tripoli", name_ar="طرابلس", source=source
    )
    tripoli = AdminUnitFactory(
        pcode="LY021104", level=3, parent=tripoli_m, name_en="Tripoli", name_ar="طرابلس", source=source
    )
    return SimpleNamespace(
        east=east,
        benghazi_m=benghazi_m,
        benghazi=benghazi,
        sabri=sabri,
        west=west,
        tripoli_m=tripoli_m,
        tripoli=tripoli,
    )


@pytest.fixture
def sites(tree):
    return SimpleNamespace(
        detention=SiteFactory(
            site_type=Site.Type.DETENTION_CENTRE,
            name_en="Ganfouda detention centre",
            name_ar="مركز احتجاز قنفودة",
            admin_unit=tree.sabri,
            latitude="32.050000",
            longitude="20.100000",
        ),
        disembarkation=SiteFactory(
            site_type=Site.Type.DISEMBARKATION_POINT,
            name_en="Tripoli port",
            name_ar="ميناء طرابلس",
            admin_unit=tree.tripoli,
            latitude="32.900000",
            longitude="13.180000",
        ),
    )
